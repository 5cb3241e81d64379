//! Texts of findings made once per event or person-day: written into place rather than
//! through the formatting machinery, which would cost more than judging the rule.

use chrono::{DateTime, FixedOffset, Timelike};
use smol_str::SmolStr;

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
    }
}
