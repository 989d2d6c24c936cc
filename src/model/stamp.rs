//! RFC 3339 times as stored, read and written by hand for the shape `followup` writes
//! (`2026-11-20T14:30:00+01:00`): a store holds many of them, and chrono's general parser is the
//! largest single cost of reading one. Any other shape goes through chrono, as before.

use super::Time;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use serde::de::{self, Deserializer, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;

fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

/// Reads `YYYY-MM-DDTHH:MM:SS±HH:MM` directly; anything else as chrono reads it.
pub fn parse(text: &str) -> Option<Time> {
    let b = text.as_bytes();
    let usual = b.len() == 25
        && (b[4], b[7], b[10], b[13], b[16], b[22]) == (b'-', b'-', b'T', b':', b':', b':')
        && (b[19] == b'+' || b[19] == b'-');
    if usual {
        let date = NaiveDate::from_ymd_opt(
            number(&b[0..4])? as i32,
            number(&b[5..7])?,
            number(&b[8..10])?,
        )?;
        let local = date.and_hms_opt(
            number(&b[11..13])?,
            number(&b[14..16])?,
            number(&b[17..19])?,
        )?;
        let seconds = (number(&b[20..22])? * 3600 + number(&b[23..25])? * 60) as i32;
        let offset = FixedOffset::east_opt(if b[19] == b'-' { -seconds } else { seconds })?;
        return local.and_local_timezone(offset).single();
    }
    text.parse::<DateTime<FixedOffset>>().ok()
}

struct StampVisitor;

impl Visitor<'_> for StampVisitor {
    type Value = Time;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an RFC 3339 time")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Time, E> {
        parse(text).ok_or_else(|| E::custom(format!("{text:?} is not an RFC 3339 time")))
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Time, D::Error> {
    de.deserialize_str(StampVisitor)
}

/// Writes as chrono does (`Z` for UTC, fractions when there are any), faster for whole seconds:
/// the digits are put in place by hand, `format!` being most of the cost of writing a store.
pub fn serialize<S: Serializer>(at: &Time, ser: S) -> Result<S::Ok, S::Error> {
    let offset = at.offset().local_minus_utc();
    let local = at.naive_local();
    if !(0..=9999).contains(&local.year()) || local.nanosecond() != 0 || offset % 60 != 0 {
        return at.serialize(ser);
    }
    let mut text = *b"0000-00-00T00:00:00+00:00";
    let mut put = |start: usize, width: usize, mut value: u32| {
        for digit in text[start..start + width].iter_mut().rev() {
            *digit = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, 4, local.year() as u32);
    put(5, 2, local.month());
    put(8, 2, local.day());
    put(11, 2, local.hour());
    put(14, 2, local.minute());
    put(17, 2, local.second());
    let len = if offset == 0 {
        text[19] = b'Z';
        20
    } else {
        let minutes = offset.unsigned_abs() / 60;
        put(20, 2, minutes / 60);
        put(23, 2, minutes % 60);
        text[19] = if offset < 0 { b'-' } else { b'+' };
        25
    };
    // Digits and ASCII punctuation only.
    ser.serialize_str(std::str::from_utf8(&text[..len]).unwrap_or_default())
}

/// The same for an optional time.
pub mod option {
    use super::Time;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Time>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(deserialize_with = "super::deserialize")] Time);
        Ok(Option::<Wrapped>::deserialize(de)?.map(|w| w.0))
    }

    pub fn serialize<S: Serializer>(at: &Option<Time>, ser: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => super::serialize(at, ser),
            None => ser.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[test]
    fn reads_and_writes_like_chrono() {
        for text in [
            "2026-11-20T14:30:00+01:00",
            "2026-11-20T14:30:00-05:30",
            "2026-11-20T14:30:00Z",
            "2026-11-20T14:30:00.250+01:00",
            "2026-11-20 14:30:00+01:00",
        ] {
            let ours = parse(text).unwrap();
            let theirs: Time = text.parse().unwrap();
            assert_eq!((ours, ours.offset()), (theirs, theirs.offset()), "{text}");
            let json = serde_json::to_string(&theirs).unwrap();
            let mut written = Vec::new();
            serialize(&ours, &mut serde_json::Serializer::new(&mut written)).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), json, "{text}");
        }
        for bad in [
            "2026-13-20T14:30:00+01:00",
            "2026-11-20T25:30:00+01:00",
            "2026-11-20T14:30:00+0x:00",
            "",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn any_time_reads_back_as_chrono_writes_it(
            secs in -2_000_000_000i64..20_000_000_000,
            quarters in -56i32..=56,
        ) {
            let at = FixedOffset::east_opt(quarters * 900).unwrap().timestamp_opt(secs, 0).unwrap();
            let json = serde_json::to_string(&at).unwrap();
            let mut written = Vec::new();
            serialize(&at, &mut serde_json::Serializer::new(&mut written)).unwrap();
            prop_assert_eq!(String::from_utf8(written).unwrap(), json.clone());
            let text: String = serde_json::from_str(&json).unwrap();
            let back = parse(&text).unwrap();
            prop_assert_eq!(
                (back, back.offset().local_minus_utc()),
                (at, at.offset().local_minus_utc())
            );
        }
    }
}
