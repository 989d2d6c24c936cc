//! Every number of the etiquette, with the defaults of ETIQUETTE.md, and the user's working week.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The numbers the rules use. Every field has the rulebook's default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// A thank-you is best sent within this many hours of the interview...
    pub thank_you_recommended_hours: u32,
    /// ...and at the latest within this many.
    pub thank_you_latest_hours: u32,
    /// Write the debrief within this many hours.
    pub debrief_hours: u32,
    /// Come back to the debrief from this many days after the interview...
    pub review_debrief_from_days: u32,
    /// ...until this many days after it.
    pub review_debrief_by_days: u32,
    /// Whether `connect` actions (a networking invitation per interviewer) are planned.
    pub connect: bool,
    /// Send the networking invitation within this many days.
    pub connect_days: u32,
    /// With a stated decision date, follow up this many business days after it...
    pub follow_up_after_stated_business_days: u32,
    /// ...within this many business days.
    pub follow_up_window_business_days: u32,
    /// With no stated date, follow up from this many days after the interview...
    pub follow_up_unstated_from_days: u32,
    /// ...until this many days after it.
    pub follow_up_unstated_by_days: u32,
    /// Another follow-up from this many days after the last one...
    pub follow_up_again_from_days: u32,
    /// ...until this many days after it.
    pub follow_up_again_by_days: u32,
    /// How many follow-ups to send before moving on.
    pub max_follow_ups: u32,
    /// Move on this many days after the last allowed follow-up went unanswered.
    pub move_on_days: u32,
    /// Answer a request within this many business days.
    pub respond_business_days: u32,
    /// Answer an offer with no deadline within this many business days.
    pub offer_respond_business_days: u32,
    /// Start preparing this many days before a scheduled interview.
    pub prep_days: u32,
    /// Answer a rejection graciously within this many days.
    pub reply_graciously_days: u32,
    /// Get back in touch this many days after a rejection or the last contact...
    pub stay_in_touch_days: u32,
    /// ...within this many days.
    pub stay_in_touch_window_days: u32,
    /// Withdraw from other processes within this many business days of accepting an offer.
    pub withdraw_business_days: u32,
    /// A second follow-up within this many days of the previous one warns.
    pub pester_days: u32,
    /// With fewer open processes than this, `due` says to keep applying.
    pub min_open_processes: u32,
    /// The working week, for business days.
    pub working_days: Vec<Weekday>,
    /// Days off that are not business days: `2026-12-25` or `"2026-12-25"`.
    #[serde(deserialize_with = "dates_or_strings")]
    pub holidays: Vec<NaiveDate>,
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

impl Default for Policy {
    fn default() -> Self {
        Policy {
            thank_you_recommended_hours: 24,
            thank_you_latest_hours: 48,
            debrief_hours: 24,
            review_debrief_from_days: 2,
            review_debrief_by_days: 5,
            connect: true,
            connect_days: 7,
            follow_up_after_stated_business_days: 3,
            follow_up_window_business_days: 5,
            follow_up_unstated_from_days: 14,
            follow_up_unstated_by_days: 21,
            follow_up_again_from_days: 14,
            follow_up_again_by_days: 21,
            max_follow_ups: 2,
            move_on_days: 14,
            respond_business_days: 1,
            offer_respond_business_days: 2,
            prep_days: 3,
            reply_graciously_days: 2,
            stay_in_touch_days: 90,
            stay_in_touch_window_days: 14,
            withdraw_business_days: 2,
            pester_days: 7,
            min_open_processes: 3,
            working_days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            holidays: Vec::new(),
        }
    }
}

impl Policy {
    /// Refuses numbers no one means (they would overflow the calendar) and windows that close
    /// before they open. The error names the key.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        const MAX_DAYS: u32 = 3660;
        let hours = [
            (
                "thank_you_recommended_hours",
                self.thank_you_recommended_hours,
            ),
            ("thank_you_latest_hours", self.thank_you_latest_hours),
            ("debrief_hours", self.debrief_hours),
        ];
        let days = [
            ("review_debrief_from_days", self.review_debrief_from_days),
            ("review_debrief_by_days", self.review_debrief_by_days),
            ("connect_days", self.connect_days),
            (
                "follow_up_after_stated_business_days",
                self.follow_up_after_stated_business_days,
            ),
            (
                "follow_up_window_business_days",
                self.follow_up_window_business_days,
            ),
            (
                "follow_up_unstated_from_days",
                self.follow_up_unstated_from_days,
            ),
            (
                "follow_up_unstated_by_days",
                self.follow_up_unstated_by_days,
            ),
            ("follow_up_again_from_days", self.follow_up_again_from_days),
            ("follow_up_again_by_days", self.follow_up_again_by_days),
            ("move_on_days", self.move_on_days),
            ("respond_business_days", self.respond_business_days),
            (
                "offer_respond_business_days",
                self.offer_respond_business_days,
            ),
            ("prep_days", self.prep_days),
            ("reply_graciously_days", self.reply_graciously_days),
            ("stay_in_touch_days", self.stay_in_touch_days),
            ("stay_in_touch_window_days", self.stay_in_touch_window_days),
            ("withdraw_business_days", self.withdraw_business_days),
            ("pester_days", self.pester_days),
        ];
        for (key, value) in hours {
            if value > MAX_DAYS * 24 {
                return Err((
                    key,
                    format!(
                        "{value} hours is more than ten years; use at most {}",
                        MAX_DAYS * 24
                    ),
                ));
            }
        }
        for (key, value) in days {
            if value > MAX_DAYS {
                return Err((
                    key,
                    format!("{value} days is more than ten years; use at most {MAX_DAYS}"),
                ));
            }
        }
        if self.max_follow_ups > 20 {
            return Err((
                "max_follow_ups",
                format!(
                    "{} follow-ups is pestering; use at most 20",
                    self.max_follow_ups
                ),
            ));
        }
        if self.working_days.is_empty() {
            return Err((
                "working_days",
                "no working day at all: list at least one, such as [\"Mon\"]".into(),
            ));
        }
        let windows = [
            (
                "thank_you_recommended_hours",
                self.thank_you_recommended_hours,
                "thank_you_latest_hours",
                self.thank_you_latest_hours,
            ),
            (
                "review_debrief_from_days",
                self.review_debrief_from_days,
                "review_debrief_by_days",
                self.review_debrief_by_days,
            ),
            (
                "follow_up_unstated_from_days",
                self.follow_up_unstated_from_days,
                "follow_up_unstated_by_days",
                self.follow_up_unstated_by_days,
            ),
            (
                "follow_up_again_from_days",
                self.follow_up_again_from_days,
                "follow_up_again_by_days",
                self.follow_up_again_by_days,
            ),
        ];
        for (early, early_value, late, late_value) in windows {
            if early_value > late_value {
                return Err((
                    early,
                    format!(
                        "{early_value} is after {late} ({late_value}): a window cannot close before it opens"
                    ),
                ));
            }
        }
        Ok(())
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.working_days.contains(&date.weekday()) && !self.holidays.contains(&date)
    }

    /// `date` itself when it is a business day, else the next one.
    pub fn roll_to_business_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        // A year of days off is a configuration error; stop rather than loop forever.
        for _ in 0..366 {
            if self.is_business_day(day) {
                return day;
            }
            day = day + Days::new(1);
        }
        date
    }

    /// The date `n` business days after `date`.
    pub fn add_business_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut left = n;
        let mut guard = 0;
        while left > 0 && guard < 366 * 8 {
            day = day + Days::new(1);
            guard += 1;
            if self.is_business_day(day) {
                left -= 1;
            }
        }
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let policy = Policy::default();
        // Fri 13 Nov 2026 + 3 business days = Wed 18 Nov.
        assert_eq!(
            policy.add_business_days(d(2026, 11, 13), 3),
            d(2026, 11, 18)
        );
        assert_eq!(
            policy.roll_to_business_day(d(2026, 11, 14)),
            d(2026, 11, 16)
        );
        assert_eq!(
            policy.roll_to_business_day(d(2026, 11, 16)),
            d(2026, 11, 16)
        );
        let with_holiday = Policy {
            holidays: vec![d(2026, 11, 16)],
            ..Policy::default()
        };
        assert_eq!(
            with_holiday.roll_to_business_day(d(2026, 11, 14)),
            d(2026, 11, 17)
        );
        assert_eq!(
            with_holiday.add_business_days(d(2026, 11, 13), 1),
            d(2026, 11, 17)
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
            sun_to_thu.roll_to_business_day(d(2026, 11, 20)),
            d(2026, 11, 22)
        );
        let none = Policy {
            working_days: vec![],
            ..Policy::default()
        };
        assert_eq!(none.roll_to_business_day(d(2026, 11, 20)), d(2026, 11, 20));
    }
}
