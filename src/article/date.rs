//! Calendar dates as rassegna reads them: the `date YYYY-MM-DD` header of an
//! article file and the `--from`/`--to` bounds of a search share this parser,
//! so that a date means the same thing everywhere.
//!
//! It owns only the syntax and validity of dates; what a date range selects is
//! up to `search`.

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

/// Why a piece of text is not a date.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DateError {
    #[error("'{0}' is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025, 2025-10, 2025-10-29)")]
    Syntax(String),
    #[error("'{0}' is not a real calendar date (check month and day)")]
    Invalid(String),
}

/// A period of whole days, both ends included: what `2025`, `2025-10` or
/// `2025-10-29` denote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// Parses an exact day, `YYYY-MM-DD`, as found in article headers.
pub fn parse_day(text: &str) -> Result<NaiveDate, DateError> {
    let period = parse_period(text)?;
    if period.first == period.last && text.trim().len() == 10 {
        Ok(period.first)
    } else {
        Err(DateError::Syntax(text.to_string()))
    }
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into the days it covers:
/// `2025-10` is 1 to 31 October 2025.
pub fn parse_period(text: &str) -> Result<Period, DateError> {
    let trimmed = text.trim();
    let syntax = || DateError::Syntax(trimmed.to_string());
    let invalid = || DateError::Invalid(trimmed.to_string());
    let parts: Vec<&str> = trimmed.split('-').collect();
    let number = |part: &str, width: usize| -> Result<u32, DateError> {
        if part.len() == width && part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().map_err(|_| syntax())
        } else {
            Err(syntax())
        }
    };
    match parts.as_slice() {
        [year] => {
            let year = number(year, 4)? as i32;
            let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(invalid)?;
            let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(invalid)?;
            Ok(Period { first, last })
        }
        [year, month] => {
            let year = number(year, 4)? as i32;
            let month = number(month, 2)?;
            let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(invalid)?;
            Ok(Period {
                first,
                last: last_day_of_month(first),
            })
        }
        [year, month, day] => {
            let day = NaiveDate::from_ymd_opt(
                number(year, 4)? as i32,
                number(month, 2)?,
                number(day, 2)?,
            )
            .ok_or_else(invalid)?;
            Ok(Period {
                first: day,
                last: day,
            })
        }
        _ => Err(syntax()),
    }
}

fn last_day_of_month(first: NaiveDate) -> NaiveDate {
    let (year, month) = if first.month() == 12 {
        (first.year() + 1, 1)
    } else {
        (first.year(), first.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|next| next.pred_opt())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn a_year_covers_january_to_december() {
        let p = parse_period("2024").expect("year");
        assert_eq!((p.first, p.last), (day(2024, 1, 1), day(2024, 12, 31)));
    }

    #[test]
    fn a_month_covers_all_its_days_leap_years_included() {
        let p = parse_period("2025-10").expect("month");
        assert_eq!((p.first, p.last), (day(2025, 10, 1), day(2025, 10, 31)));
        let feb = parse_period("2024-02").expect("month");
        assert_eq!(feb.last, day(2024, 2, 29));
        let dec = parse_period("2023-12").expect("month");
        assert_eq!(dec.last, day(2023, 12, 31));
    }

    #[test]
    fn a_day_is_a_period_of_one_day() {
        let p = parse_period(" 2025-10-29 ").expect("day");
        assert_eq!((p.first, p.last), (day(2025, 10, 29), day(2025, 10, 29)));
        assert_eq!(parse_day("2025-10-29"), Ok(day(2025, 10, 29)));
    }

    #[test]
    fn malformed_dates_are_syntax_errors() {
        for bad in [
            "",
            "25",
            "2025-1",
            "2025/10/29",
            "2025-10-29-01",
            "oggi",
            "2025-1O",
            "+2025",
        ] {
            assert!(
                matches!(parse_period(bad), Err(DateError::Syntax(_))),
                "{bad:?}"
            );
        }
        assert!(matches!(parse_day("2025-10"), Err(DateError::Syntax(_))));
    }

    #[test]
    fn impossible_days_are_invalid() {
        for bad in [
            "2025-13",
            "2025-00-10",
            "2025-02-30",
            "2023-02-29",
            "2025-04-31",
        ] {
            assert!(
                matches!(parse_period(bad), Err(DateError::Invalid(_))),
                "{bad:?}"
            );
        }
    }
}
