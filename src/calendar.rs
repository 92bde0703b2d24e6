//! Civil dates of Unix times (UTC), for the years and dates the outputs carry: no clock or
//! time zone library is needed for that much.

/// The civil date (year, month from 1, day from 1) of a Unix time, UTC (Howard Hinnant's
/// days-to-civil algorithm).
pub fn civil_date(unix: i64) -> (i64, i64, i64) {
    let days = unix.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// A Unix time (UTC) as ISO 8601 writes it: `2025-11-29T00:00:00Z`.
pub fn iso_time(unix: i64) -> String {
    let (year, month, day) = civil_date(unix);
    let secs = unix.rem_euclid(86_400);
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
}

/// The calendar year of a Unix time (UTC).
pub fn year_of(unix: i64) -> i32 {
    civil_date(unix).0 as i32
}

/// `SOURCE_DATE_EPOCH` when set (reproducible builds of reports), else now.
pub fn run_time_unix() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_unix_times() {
        // 1,764,374,400 s = 20,421 days: 2025-11-29; 951,782,400 s: 2000-02-29.
        assert_eq!(iso_time(1_764_374_400), "2025-11-29T00:00:00Z");
        assert_eq!(iso_time(951_782_400 + 3_661), "2000-02-29T01:01:01Z");
        assert_eq!(iso_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(civil_date(-86_400), (1969, 12, 31));
    }
}
