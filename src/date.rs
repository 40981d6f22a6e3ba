//! Calendar dates without a date library: reports need commit dates and token expiry times
//! as RFC 3339, and baselines need `YYYY-MM-DD` expiry dates as day counts; nothing more.
//! Both directions use Howard Hinnant's algorithms, which count in 400-year eras starting on
//! March 1st so that the leap day falls at the end of a year.

/// The first and last second RFC 3339 can write (years 0000 and 9999), in UTC.
const FIRST_SECOND: i64 = -62_167_219_200;
const LAST_SECOND: i64 = 253_402_300_799;

/// `2024-05-01T12:30:00+02:00` for `secs` since the epoch shown at `offset_minutes` from UTC
/// (`Z` when the offset is zero). Outside years 0000-9999, which RFC 3339 cannot write (and
/// which a crafted commit or token can claim), the plain number of seconds.
pub fn rfc3339(secs: i64, offset_minutes: i32) -> String {
    let local = secs.saturating_add(i64::from(offset_minutes) * 60);
    if !(FIRST_SECOND..=LAST_SECOND).contains(&local) {
        return secs.to_string();
    }
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let rem = local.rem_euclid(86_400);
    let mut out = format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    );
    if offset_minutes == 0 {
        out.push('Z');
    } else {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let abs = offset_minutes.unsigned_abs();
        out.push_str(&format!("{sign}{:02}:{:02}", abs / 60, abs % 60));
    }
    out
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date; None for anything else, impossible days
/// (`2023-02-30`) included.
pub fn parse_day(s: &str) -> Option<i64> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    // `str::parse` takes a sign: `+153` and `+1` are not dates.
    if ![y, m, d]
        .iter()
        .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    (civil_from_days(days) == (y, m, d)).then_some(days)
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The inverse of `civil_from_days` for valid dates; an impossible day (February 30th)
/// lands on a later real one, which `parse_day` detects by converting back.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(-1, 0), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339(951_782_400, 0), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_709_210_096, 0), "2024-02-29T12:34:56Z");
        assert_eq!(rfc3339(1_700_000_000, 120), "2023-11-15T00:13:20+02:00");
        assert_eq!(rfc3339(1_700_000_000, -330), "2023-11-14T16:43:20-05:30");
        assert_eq!(rfc3339(-86_400, 0), "1969-12-31T00:00:00Z");
    }

    #[test]
    fn years_rfc3339_cannot_write_are_plain_seconds() {
        assert_eq!(rfc3339(LAST_SECOND, 0), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339(FIRST_SECOND, 0), "0000-01-01T00:00:00Z");
        assert_eq!(rfc3339(LAST_SECOND + 1, 0), "253402300800");
        assert_eq!(rfc3339(i64::MIN, 0), i64::MIN.to_string());
        assert_eq!(rfc3339(i64::MAX, i32::MAX), i64::MAX.to_string());
        assert_eq!(rfc3339(LAST_SECOND, 60), LAST_SECOND.to_string());
    }

    #[test]
    fn days_parse_and_impossible_days_do_not() {
        assert_eq!(parse_day("1970-01-01"), Some(0));
        assert_eq!(parse_day("1970-01-02"), Some(1));
        assert_eq!(parse_day("2000-03-01"), Some(11_017));
        assert_eq!(parse_day("1969-12-31"), Some(-1));
        for bad in [
            "2023-02-30",
            "2023-13-01",
            "2023-00-10",
            "2023-1-01",
            "+023-01-01",
            "2023-01-01-",
            "",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn consecutive_days_follow_the_calendar() {
        let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let month_len = |y: i64, m: i64| match m {
            2 if leap(y) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        // From 1600-01-01 (days -135140) across four centuries, every day follows the one
        // before, and converts back to its count.
        let mut prev = civil_from_days(-135_140);
        assert_eq!(prev, (1600, 1, 1));
        for days in -135_139..=10_000 {
            let (y, m, d) = civil_from_days(days);
            let (py, pm, pd) = prev;
            let expected = if pd < month_len(py, pm) {
                (py, pm, pd + 1)
            } else if pm < 12 {
                (py, pm + 1, 1)
            } else {
                (py + 1, 1, 1)
            };
            assert_eq!((y, m, d), expected, "day {days}");
            assert_eq!(days_from_civil(y, m, d), days);
            prev = (y, m, d);
        }
    }
}
