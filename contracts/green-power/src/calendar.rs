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

/// Days from 1970-01-01 to the given date (proleptic Gregorian; years ≥ 1970).
fn days_from_civil(y: u64, m: u64, d: u64) -> u64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month)` of a day counted from 1970-01-01.
fn civil_month(days: u64) -> (u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as u64;
    (y, m)
}

/// The Beijing-time month, `YYYYMM`, that a block time falls in.
pub fn month_of(ts: u64) -> u32 {
    let (y, m) = civil_month((ts + BEIJING_OFFSET) / DAY);
    (y * 100 + m) as u32
}

/// The block time at which the month `months_after` months after `(y, m)` begins
/// (00:00 Beijing time on its first day).
pub fn start_of(y: u64, m: u64, months_after: u64) -> u64 {
    let index = y * 12 + (m - 1) + months_after;
    days_from_civil(index / 12, index % 12 + 1, 1) * DAY - BEIJING_OFFSET
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
