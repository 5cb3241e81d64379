//! Texts of findings made once per event or person-day: written into place rather than
//! through the formatting machinery, which would cost more than judging the rule.

use chrono::{DateTime, FixedOffset, Timelike};
use smol_str::{SmolStr, SmolStrBuilder, format_smolstr};

use crate::spec::Amount;

/// `09:40`: the time of day of an instant (already on the playbook's clock).
pub(crate) fn hh_mm(at: DateTime<FixedOffset>) -> SmolStr {
    let (hour, minute) = (at.hour(), at.minute());
    let digit = |n: u32| char::from(b'0' + u8::try_from(n % 10).unwrap_or(0));
    [digit(hour / 10), digit(hour), ':', digit(minute / 10), digit(minute)].into_iter().collect()
}

/// The parts, one after another, in one allocation.
pub(crate) fn sentence(parts: &[&str]) -> String {
    let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| text.push_str(p));
    text
}

/// The parts, one after another, as a short text (kept inline up to 23 bytes).
pub(crate) fn phrase(parts: &[&str]) -> SmolStr {
    let mut text = SmolStrBuilder::new();
    parts.iter().for_each(|p| text.push_str(p));
    text.finish()
}

/// A whole number as text (`30`), without the formatting machinery.
pub(crate) fn whole(n: u64) -> SmolStr {
    let mut digits = [0u8; 20];
    let (mut rest, mut start) = (n, digits.len());
    loop {
        start -= 1;
        digits[start] = b'0' + u8::try_from(rest % 10).unwrap_or(0);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    digits[start..].iter().map(|&d| char::from(d)).collect()
}

/// A number as the playbook writes it: `30`, `1.5`.
pub(crate) fn number(n: f64) -> SmolStr {
    if n.fract() == 0.0 && (0.0..1e15).contains(&n) { whole(n as u64) } else { format_smolstr!("{n}") }
}

/// `1d2h30m`, `8m`, `0m`: a length of time as the playbook writes it (as
/// [`crate::Timespan`] prints).
pub(crate) fn span(minutes: u32) -> SmolStr {
    if minutes == 0 {
        return SmolStr::new_static("0m");
    }
    let (days, rest) = (minutes / (24 * 60), minutes % (24 * 60));
    let mut text = SmolStrBuilder::new();
    for (n, unit) in [(days, "d"), (rest / 60, "h"), (rest % 60, "m")] {
        if n > 0 {
            text.push_str(&whole(u64::from(n)));
            text.push_str(unit);
        }
    }
    text.finish()
}

/// An amount as the playbook writes it: `30`, `5h`.
pub(crate) fn amount(a: Amount) -> SmolStr {
    match a {
        Amount::Number(n) => number(n),
        Amount::Time(t) => span(t.minutes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_numbers_and_sentences_read_as_written() {
        let at = DateTime::parse_from_rfc3339("2026-12-07T09:05:00+08:00").expect("a time");
        assert_eq!(hh_mm(at), "09:05");
        let at = DateTime::parse_from_rfc3339("2026-12-07T23:59:00+08:00").expect("a time");
        assert_eq!(hh_mm(at), "23:59");
        assert_eq!(whole(0), "0");
        assert_eq!(whole(30), "30");
        assert_eq!(whole(18_446_744_073_709_551_615), "18446744073709551615");
        assert_eq!(sentence(&["Visits", ": ", "29"]), "Visits: 29");
        assert_eq!(phrase(&["6", " of ", "7"]), "6 of 7");
        assert_eq!(number(30.0), "30");
        assert_eq!(number(1.5), "1.5");
        assert_eq!(number(-2.0), "-2");
    }

    #[test]
    fn lengths_of_time_read_as_timespans_print() {
        for minutes in [0, 1, 8, 59, 60, 61, 290, 300, 1439, 1440, 1441, 1500, 100_000] {
            let printed = crate::time::Timespan::from_minutes(minutes).to_string();
            assert_eq!(span(minutes), printed, "{minutes} minutes");
        }
        assert_eq!(span(290), "4h50m");
        assert_eq!(amount(Amount::Time(crate::time::Timespan::from_minutes(300))), "5h");
    }
}
