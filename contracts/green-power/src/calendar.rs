//! Production months (`YYYYMM`) and block time. Months are Beijing-time (UTC+8) calendar
//! months: a month is complete from 00:00 Beijing time on the first day of the next month.

/// Seconds Beijing time is ahead of UTC.
pub const BEIJING_OFFSET: u64 = 8 * 3600;
const DAY: u64 = 86_400;

/// `(year, month)` of a valid `YYYYMM` (years 2000 to 9999), or `None`.
pub fn parse(month: u32) -> Option<(u64, u64)> {
    let (y, m) = ((month / 100) as u64, (month % 100) as u64);
    ((2000..=9999).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

/// Whether a period is two valid months, the first not after the second.
pub fn valid_period(period: (u32, u32)) -> bool {
    parse(period.0).is_some() && parse(period.1).is_some() && period.0 <= period.1
}

/// Days from 1970-01-01 to the first of each month of a common year.
const MONTH_START: [u64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
/// Leap days before 1970 counted by the Gregorian rule from year 1: `1969/4 - 1969/100 + 1969/400`.
const LEAP_DAYS_BEFORE_1970: u64 = 477;

/// The Beijing-time month, `YYYYMM`, that a block time falls in (years 2000 to 9999): the
/// last month whose start is not after `ts`.
pub fn month_of(ts: u64) -> u32 {
    let days = (ts + BEIJING_OFFSET) / DAY;
    let mut y = 1970 + days / 366;
    while start_of(y + 1, 1, 0) <= ts {
        y += 1;
    }
    let mut m = 12;
    while start_of(y, m, 0) > ts {
        m -= 1;
    }
    (y * 100 + m) as u32
}

/// The block time at which the month `months_after` months after `(y, m)` begins
/// (00:00 Beijing time on its first day). `y` is at most 9999 (see [`parse`]) and
/// `months_after` small, so nothing overflows; the arithmetic is unchecked on purpose (it
/// keeps overflow-panic paths out of the contract).
pub fn start_of(y: u64, m: u64, months_after: u64) -> u64 {
    let index = y
        .wrapping_mul(12)
        .wrapping_add(m)
        .wrapping_sub(1)
        .wrapping_add(months_after);
    let (y, m) = (index / 12, (index % 12) as usize);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let before = y.wrapping_sub(1);
    let days = y
        .wrapping_sub(1970)
        .wrapping_mul(365)
        .wrapping_add(
            (before / 4)
                .wrapping_sub(before / 100)
                .wrapping_add(before / 400),
        )
        .wrapping_sub(LEAP_DAYS_BEFORE_1970)
        .wrapping_add(MONTH_START[m])
        .wrapping_add((leap && m >= 2) as u64);
    days.wrapping_mul(DAY).wrapping_sub(BEIJING_OFFSET)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_beijing_calendar_months() {
        // 2024-01-31T16:00:00Z is 2024-02-01 00:00 in Beijing.
        assert_eq!(month_of(1_706_716_800 - 1), 202401);
        assert_eq!(month_of(1_706_716_800), 202402);
        assert_eq!(start_of(2024, 1, 1), 1_706_716_800);
        // Leap day and year ends.
        assert_eq!(month_of(start_of(2024, 2, 0) + 29 * DAY - 1), 202402);
        assert_eq!(month_of(start_of(2024, 12, 1)), 202501);
        assert_eq!(start_of(2024, 7, 25), start_of(2026, 8, 0));
    }

    #[test]
    fn every_month_round_trips() {
        for y in [2000u64, 2023, 2024, 2100, 9999] {
            for m in 1..=12 {
                let start = start_of(y, m, 0);
                assert_eq!(month_of(start), (y * 100 + m) as u32);
                assert_eq!(month_of(start - 1), month_of(start_of(y, m, 0) - DAY));
            }
        }
    }

    /// Days from 1970-01-01 to a date, by Howard Hinnant's `days_from_civil`: an independent
    /// reference for `start_of`.
    fn days_from_civil(y: u64, m: u64, d: u64) -> u64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    #[test]
    fn month_starts_match_the_civil_calendar() {
        for y in (2000u64..=2500).chain(9_900..=9_999) {
            for m in 1..=12 {
                let expected = days_from_civil(y, m, 1) * DAY - BEIJING_OFFSET;
                assert_eq!(start_of(y, m, 0), expected, "{y}-{m}");
                assert_eq!(month_of(expected), (y * 100 + m) as u32);
                assert_eq!(month_of(expected - 1), month_of(expected - DAY));
            }
        }
        assert_eq!(
            start_of(9_999, 12, 121),
            days_from_civil(10_010, 1, 1) * DAY - BEIJING_OFFSET
        );
    }

    #[test]
    fn months_parse_strictly() {
        assert_eq!(parse(202407), Some((2024, 7)));
        assert_eq!(parse(202400), None);
        assert_eq!(parse(202413), None);
        assert_eq!(parse(199912), None);
        assert_eq!(parse(0), None);
        assert!(valid_period((202401, 202401)));
        assert!(!valid_period((202402, 202401)));
    }
}
