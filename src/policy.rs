//! Every number of the etiquette, with the defaults of ETIQUETTE.md, and the user's working week.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::BTreeSet;

/// Declares the policy once: each field with its doc, type and default and, for a number, what
/// bounds it and the number its window opens at.
macro_rules! policy {
    ($(
        $(#[$meta:meta])*
        $field:ident: $type:ty = $default:expr $(, $bound:ident $(after $opens:ident)?)?;
    )*) => {
        /// The numbers the rules use. Every field has the rulebook's default.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct Policy {
            $($(#[$meta])* pub $field: $type,)*
        }

        impl Default for Policy {
            fn default() -> Self {
                Policy { $($field: $default,)* }
            }
        }

        impl Policy {
            /// Every bounded number: its key, its value and its bound.
            fn bounded(&self) -> Vec<(&'static str, u32, Bound)> {
                vec![$($((stringify!($field), self.$field, Bound::$bound),)?)*]
            }

            /// The windows: the key and number each opens at, then those it closes at.
            fn windows(&self) -> Vec<(&'static str, u32, &'static str, u32)> {
                vec![$($($(
                    (stringify!($opens), self.$opens, stringify!($field), self.$field),
                )?)?)*]
            }
        }
    };
}

policy! {
    /// A thank-you is best sent within this many hours of the interview...
    thank_you_recommended_hours: u32 = 24, Hours;
    /// ...and at the latest within this many.
    thank_you_latest_hours: u32 = 48, Hours after thank_you_recommended_hours;
    /// Write the debrief within this many hours.
    debrief_hours: u32 = 24, Hours;
    /// Come back to the debrief from this many days after the interview...
    review_debrief_from_days: u32 = 2, Days;
    /// ...until this many days after it.
    review_debrief_by_days: u32 = 5, Days after review_debrief_from_days;
    /// Whether `connect` actions (a networking invitation per interviewer) are planned.
    connect: bool = true;
    /// Send the networking invitation within this many days.
    connect_days: u32 = 7, Days;
    /// With a stated decision date, follow up this many business days after it...
    follow_up_after_stated_business_days: u32 = 3, Days;
    /// ...within this many business days.
    follow_up_window_business_days: u32 = 5, Days;
    /// With no stated date, follow up from this many days after the interview...
    follow_up_unstated_from_days: u32 = 14, Days;
    /// ...until this many days after it.
    follow_up_unstated_by_days: u32 = 21, Days after follow_up_unstated_from_days;
    /// Another follow-up from this many days after the last one...
    follow_up_again_from_days: u32 = 14, Days;
    /// ...until this many days after it.
    follow_up_again_by_days: u32 = 21, Days after follow_up_again_from_days;
    /// How many follow-ups to send before moving on.
    max_follow_ups: u32 = 2, FollowUps;
    /// Move on this many days after the last allowed follow-up went unanswered.
    move_on_days: u32 = 14, Days;
    /// Answer a request within this many business days.
    respond_business_days: u32 = 1, Days;
    /// Answer an offer with no deadline within this many business days.
    offer_respond_business_days: u32 = 1, Days;
    /// Start preparing this many days before a scheduled interview.
    prep_days: u32 = 3, Days;
    /// Work on the answer to an offer from this many business days before its deadline.
    decide_before_deadline_business_days: u32 = 2, Days;
    /// With no deadline, work on the answer from this many business days after the offer...
    decide_without_deadline_from_business_days: u32 = 3, Days;
    /// ...and give it within this many.
    decide_without_deadline_by_business_days: u32 = 5, Days after decide_without_deadline_from_business_days;
    /// Whether an offer with a deadline plans an `expedite` note to the other processes that
    /// have had an interview.
    expedite: bool = true;
    /// Send the `expedite` notes this many business days before the offer's deadline (at the
    /// latest; never sooner than a business day after the offer).
    expedite_before_deadline_business_days: u32 = 2, Days;
    /// ...but give them at least this many business days after the offer.
    expedite_at_least_business_days: u32 = 1, Days;
    /// Say no to a declined offer within this many business days.
    decline_business_days: u32 = 1, Days;
    /// Follow up on an application from this many days after applying...
    application_follow_up_from_days: u32 = 7, Days;
    /// ...until this many days after it.
    application_follow_up_by_days: u32 = 14, Days after application_follow_up_from_days;
    /// Move on from an application this many days after its follow-up (sent, or due).
    application_move_on_days: u32 = 14, Days;
    /// Answer a rejection graciously within this many days.
    reply_graciously_days: u32 = 2, Days;
    /// Get back in touch this many days after a rejection or the last contact...
    stay_in_touch_days: u32 = 90, Days;
    /// ...within this many days.
    stay_in_touch_window_days: u32 = 14, Days;
    /// Withdraw from other processes within this many business days of accepting an offer.
    withdraw_business_days: u32 = 2, Days;
    /// A second follow-up within this many days of the previous one warns.
    pester_days: u32 = 7, Days;
    /// A repeatable action (follow-up, stay-in-touch) marked done again within this many
    /// minutes of the last mark's recorded time is taken as a slip and refused, unless `--again`.
    double_mark_minutes: u32 = 60, Minutes;
    /// An unsent thank-you expires this many days after the interview; the first follow-up then
    /// carries the thanks.
    thank_you_expires_days: u32 = 7, Days;
    /// An unwritten debrief stops being asked for this many days after the interview.
    debrief_expires_days: u32 = 14, Days;
    /// A review of the debrief expires this many days after its deadline.
    review_debrief_expires_days: u32 = 7, Days;
    /// A networking invitation expires this many days after the interview.
    connect_expires_days: u32 = 30, Days after connect_days;
    /// An unsent gracious reply to a rejection expires this many days after it; the first
    /// stay-in-touch then carries the thanks.
    reply_graciously_expires_days: u32 = 14, Days after reply_graciously_days;
    /// With fewer open processes than this, `due` says to keep applying.
    min_open_processes: u32 = 3;
    /// The working week, for business days.
    working_days: Vec<Weekday> = Workweek::MONDAY_TO_FRIDAY.working_days.to_vec();
    /// Days off that are not business days: `2026-12-25` or `"2026-12-25"`.
    #[serde(deserialize_with = "dates_or_strings")]
    holidays: Vec<NaiveDate> = Vec::new();
}

/// Reads a list of dates written as strings or as TOML dates (which serde sees as a one-entry
/// map holding the text).
fn dates_or_strings<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Vec<NaiveDate>, D::Error> {
    use serde::de::{self, MapAccess, Visitor};
    use std::fmt;

    struct Day;
    impl<'de> Visitor<'de> for Day {
        type Value = NaiveDate;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date such as 2026-12-25")
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<NaiveDate, E> {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
        }
        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<NaiveDate, M::Error> {
            match map.next_entry::<String, String>()? {
                Some((_, text)) => self.visit_str(&text),
                None => Err(de::Error::invalid_length(0, &self)),
            }
        }
    }
    struct Wrapped(NaiveDate);
    impl<'de> Deserialize<'de> for Wrapped {
        fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
            de.deserialize_any(Day).map(Wrapped)
        }
    }
    Ok(Vec::<Wrapped>::deserialize(de)?
        .into_iter()
        .map(|w| w.0)
        .collect())
}

/// Ten years: numbers past it would overflow the calendar.
const MAX_DAYS: u32 = 3660;

/// What bounds a number. Numbers are checked in this order (hours, minutes, days, then counts),
/// each kind in the policy's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Bound {
    Hours,
    Minutes,
    Days,
    FollowUps,
}

impl Bound {
    /// The most a number may say, and what a number past it is, after the number.
    fn limit(self) -> (u32, &'static str) {
        match self {
            Bound::Hours => (MAX_DAYS * 24, "hours is more than ten years"),
            Bound::Minutes => (MAX_DAYS * 24 * 60, "minutes is more than ten years"),
            Bound::Days => (MAX_DAYS, "days is more than ten years"),
            Bound::FollowUps => (20, "follow-ups is pestering"),
        }
    }
}

impl Policy {
    /// Refuses numbers no one means (they would overflow the calendar) and windows that close
    /// before they open. The error names the key.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let mut numbers = self.bounded();
        numbers.sort_by_key(|(_, _, bound)| *bound);
        for (key, value, bound) in numbers {
            let (max, past) = bound.limit();
            if value > max {
                return Err((key, format!("{value} {past}; use at most {max}")));
            }
        }
        if self.working_days.is_empty() {
            return Err((
                "working_days",
                "no working day at all: list at least one, such as [\"Mon\"]".into(),
            ));
        }
        for (early, opens, late, closes) in self.windows() {
            if opens > closes {
                return Err((
                    early,
                    format!(
                        "{opens} is after {late} ({closes}): a window cannot close before it opens"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Which days are business days, for the rules and for the timelines employers state.
    pub fn workweek(&self) -> Workweek<'_> {
        Workweek {
            working_days: &self.working_days,
            holidays: &self.holidays,
        }
    }
}

/// The working week and the holidays: which days are business days. The one definition the
/// rules and the timeline parser ([`crate::dates::parse_timeline`]) both count with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workweek<'a> {
    pub working_days: &'a [Weekday],
    pub holidays: &'a [NaiveDate],
}

impl Workweek<'static> {
    /// What a user who configured nothing gets: Monday to Friday, no holidays.
    pub const MONDAY_TO_FRIDAY: Workweek<'static> = Workweek {
        working_days: WEEK.split_at(5).0,
        holidays: &[],
    };
}

impl Workweek<'_> {
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.working_days.contains(&date.weekday()) && !self.holidays.contains(&date)
    }

    /// `date` itself when it is a business day, else the next one.
    pub fn roll_to_business_day(&self, date: NaiveDate) -> NaiveDate {
        // A year of days off is a configuration error; stop rather than loop forever.
        date.iter_days()
            .take(366)
            .find(|day| self.is_business_day(*day))
            .unwrap_or(date)
    }

    /// The date `count` business days after `date` (a count of 0 is `date` itself), or `None`
    /// past the end of the calendar or with no working day at all.
    pub fn add_business_days(&self, date: NaiveDate, count: u64) -> Option<NaiveDate> {
        if count == 0 {
            return Some(date);
        }
        let per_week = u64::try_from(
            WEEK.iter()
                .filter(|day| self.working_days.contains(day))
                .count(),
        )
        .ok()?;
        if per_week == 0 {
            return None;
        }
        // Whole weeks at once, so a huge count costs nothing: each holds every working day once,
        // less the holidays that fall on one of them. At least one day is left to step to.
        let weeks = (count - 1) / per_week;
        let mut day = date.checked_add_days(Days::new(weeks.checked_mul(7)?))?;
        let skipped: BTreeSet<&NaiveDate> = self
            .holidays
            .iter()
            .filter(|holiday| {
                (date..=day).contains(holiday)
                    && **holiday != date
                    && self.working_days.contains(&holiday.weekday())
            })
            .collect();
        let mut left = count - weeks * per_week + u64::try_from(skipped.len()).ok()?;
        while left > 0 {
            day = day.succ_opt()?;
            if self.is_business_day(day) {
                left -= 1;
            }
        }
        Some(day)
    }

    /// The last business day of the working week `day` is in, or of the `weeks_ahead`th week
    /// after it; when every working day of that week is a holiday, its last working day. `None`
    /// with no working day at all.
    ///
    /// A working week runs from the day after the weekend, the longest run of days off: Monday
    /// to Sunday for a Monday-to-Friday week (so its end is the Friday), Sunday to Saturday for a
    /// Sunday-to-Thursday week (its end is the Thursday). Of two weekends as long, the one that
    /// starts the week nearer Monday wins; with no day off, weeks run Monday to Sunday.
    pub fn end_of_week(&self, day: NaiveDate, weeks_ahead: u64) -> Option<NaiveDate> {
        let start = self.week_start();
        let into_week = day.weekday().days_since(start);
        let first = day
            .checked_sub_days(Days::new(u64::from(into_week)))?
            .checked_add_days(Days::new(weeks_ahead.checked_mul(7)?))?;
        let mut week = (0..7)
            .rev()
            .filter_map(|offset| first.checked_add_days(Days::new(offset)));
        week.clone()
            .find(|date| self.is_business_day(*date))
            .or_else(|| week.find(|date| self.working_days.contains(&date.weekday())))
    }

    /// The first day of a working week: the day after the longest run of days off.
    fn week_start(&self) -> Weekday {
        let off = |index: usize| !self.working_days.contains(&WEEK[index % 7]);
        // a run of days off starts after a working day
        (0..7)
            .filter(|first_off| off(*first_off) && !off(first_off + 6))
            .map(|first_off| {
                let length = (first_off..first_off + 7)
                    .take_while(|index| off(*index))
                    .count();
                (length, (first_off + length) % 7)
            })
            .max_by_key(|(length, start)| (*length, Reverse(*start)))
            .map_or(Weekday::Mon, |(_, start)| WEEK[start])
    }
}

/// The days of a week, Monday first.
const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let policy = Policy::default();
        // Fri 13 Nov 2026 + 3 business days = Wed 18 Nov.
        assert_eq!(
            policy.workweek().add_business_days(d(2026, 11, 13), 3),
            Some(d(2026, 11, 18))
        );
        assert_eq!(
            policy.workweek().roll_to_business_day(d(2026, 11, 14)),
            d(2026, 11, 16)
        );
        assert_eq!(
            policy.workweek().roll_to_business_day(d(2026, 11, 16)),
            d(2026, 11, 16)
        );
        let with_holiday = Policy {
            holidays: vec![d(2026, 11, 16)],
            ..Policy::default()
        };
        assert_eq!(
            with_holiday
                .workweek()
                .roll_to_business_day(d(2026, 11, 14)),
            d(2026, 11, 17)
        );
        assert_eq!(
            with_holiday
                .workweek()
                .add_business_days(d(2026, 11, 13), 1),
            Some(d(2026, 11, 17))
        );
    }

    #[test]
    fn other_working_weeks() {
        let sun_to_thu = Policy {
            working_days: vec![
                Weekday::Sun,
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
            ],
            ..Policy::default()
        };
        // Friday rolls to Sunday in a Sunday-to-Thursday week.
        assert_eq!(
            sun_to_thu.workweek().roll_to_business_day(d(2026, 11, 20)),
            d(2026, 11, 22)
        );
        let none = Policy {
            working_days: vec![],
            ..Policy::default()
        };
        assert_eq!(
            none.workweek().roll_to_business_day(d(2026, 11, 20)),
            d(2026, 11, 20)
        );
    }

    #[test]
    fn weeks_end_on_the_last_working_day_before_the_weekend() {
        // wednesday 18 november 2026, and the end of its week for each working week
        let wednesday = d(2026, 11, 18);
        let end = |days: &[Weekday]| {
            Workweek {
                working_days: days,
                holidays: &[],
            }
            .end_of_week(wednesday, 0)
        };
        use Weekday::*;
        assert_eq!(end(&[Mon, Tue, Wed, Thu, Fri]), Some(d(2026, 11, 20)));
        assert_eq!(end(&[Sun, Mon, Tue, Wed, Thu]), Some(d(2026, 11, 19)));
        // tuesday to saturday: the weekend is sunday and monday
        assert_eq!(end(&[Tue, Wed, Thu, Fri, Sat]), Some(d(2026, 11, 21)));
        // a day off mid-week is not the weekend
        assert_eq!(end(&[Mon, Tue, Thu, Fri]), Some(d(2026, 11, 20)));
        // two weekends as long: the one before monday
        assert_eq!(end(&[Mon, Tue, Wed, Fri, Sat]), Some(d(2026, 11, 21)));
        // every day working: weeks run monday to sunday
        assert_eq!(
            end(&[Mon, Tue, Wed, Thu, Fri, Sat, Sun]),
            Some(d(2026, 11, 22))
        );
        assert_eq!(end(&[]), None);
        assert_eq!(
            Workweek::MONDAY_TO_FRIDAY.add_business_days(wednesday, 1),
            Some(d(2026, 11, 19))
        );
        assert_eq!(
            Workweek {
                working_days: &[],
                holidays: &[]
            }
            .add_business_days(wednesday, 1),
            None
        );
    }

    #[test]
    fn the_rules_and_their_workweek_agree() {
        assert_eq!(Policy::default().workweek(), Workweek::MONDAY_TO_FRIDAY);
        // a count past the old day-by-day limit of eight years is still exact
        let policy = Policy::default();
        assert_eq!(
            policy.workweek().add_business_days(d(2026, 11, 13), 3660),
            Some(d(2040, 11, 23))
        );
    }

    #[test]
    fn every_number_but_one_is_bounded() {
        let policy = serde_json::to_value(Policy::default()).unwrap();
        let numbers: Vec<&str> = policy
            .as_object()
            .unwrap()
            .iter()
            .filter(|(key, value)| value.is_u64() && *key != "min_open_processes")
            .map(|(key, _)| key.as_str())
            .collect();
        let bounded: Vec<&str> = Policy::default()
            .bounded()
            .into_iter()
            .map(|(key, _, _)| key)
            .collect();
        let mut sorted = bounded.clone();
        sorted.sort_unstable();
        let mut expected = numbers.clone();
        expected.sort_unstable();
        assert_eq!(sorted, expected);
        // Each reads its own field.
        for key in bounded {
            let mut value = serde_json::to_value(Policy::default()).unwrap();
            value[key] = 7777.into();
            let policy: Policy = serde_json::from_value(value).unwrap();
            let read = policy.bounded().into_iter().find(|(k, _, _)| *k == key);
            assert_eq!(read.map(|(_, value, _)| value), Some(7777), "{key}");
        }
    }

    #[test]
    fn a_number_past_its_bound_is_refused_by_key() {
        let refused = |policy: Policy| policy.check().unwrap_err();
        let days = Policy {
            stay_in_touch_days: 3661,
            ..Policy::default()
        };
        assert_eq!(
            refused(days),
            (
                "stay_in_touch_days",
                "3661 days is more than ten years; use at most 3660".to_string()
            )
        );
        let hours = Policy {
            debrief_hours: 87841,
            ..Policy::default()
        };
        assert_eq!(
            refused(hours).1,
            "87841 hours is more than ten years; use at most 87840"
        );
        let pestering = Policy {
            max_follow_ups: 21,
            ..Policy::default()
        };
        assert_eq!(
            refused(pestering),
            (
                "max_follow_ups",
                "21 follow-ups is pestering; use at most 20".to_string()
            )
        );
        let closed_early = Policy {
            follow_up_again_from_days: 30,
            ..Policy::default()
        };
        assert_eq!(
            refused(closed_early),
            (
                "follow_up_again_from_days",
                "30 is after follow_up_again_by_days (21): a window cannot close before it opens"
                    .to_string()
            )
        );
        let at_the_bounds = Policy {
            thank_you_recommended_hours: 87840,
            thank_you_latest_hours: 87840,
            stay_in_touch_days: 3660,
            max_follow_ups: 20,
            min_open_processes: u32::MAX,
            ..Policy::default()
        };
        assert_eq!(at_the_bounds.check(), Ok(()));
    }

    fn working_days() -> impl Strategy<Value = Vec<Weekday>> {
        prop::collection::vec(0u8..7, 1..9).prop_map(|days| {
            days.into_iter()
                .map(|day| Weekday::try_from(day).unwrap())
                .collect()
        })
    }

    proptest! {
        #[test]
        fn counting_whole_weeks_at_once_is_counting_day_by_day(
            working_days in working_days(),
            holidays in prop::collection::vec(0u64..120, 0..12),
            start in 0u64..60,
            count in 0u64..80,
        ) {
            let first = d(2026, 1, 1);
            let holidays: Vec<NaiveDate> =
                holidays.iter().map(|offset| first + Days::new(*offset)).collect();
            let week = Workweek { working_days: &working_days, holidays: &holidays };
            let date = first + Days::new(start);
            let mut day = date;
            let mut left = count;
            while left > 0 {
                day = day.succ_opt().unwrap();
                if week.is_business_day(day) {
                    left -= 1;
                }
            }
            prop_assert_eq!(week.add_business_days(date, count), Some(day));
        }
    }
}
