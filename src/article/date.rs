//! Calendar dates as rassegna reads them: the `date YYYY-MM-DD` header of an
//! article file and the `--from`/`--to` bounds of a search share this parser,
//! so that a date means the same thing everywhere.
//!
//! It owns only the syntax and validity of dates, and the span of days an
//! article may be dated within ([`STORABLE_DAYS`]); what a date range
//! selects is up to `search`.

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

/// Why a piece of text is not a date.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DateError {
    #[error("'{0}' is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025, 2025-10, 2025-10-29)")]
    Syntax(String),
    #[error("'{0}' is not a real calendar date (check month and day)")]
    Invalid(String),
    #[error("'{0}' is outside the years an article can be dated in ({first} to {last})", first = STORABLE_DAYS.start().year(), last = STORABLE_DAYS.end().year())]
    OutOfRange(String),
}

/// The days an article's date can be: whole years from 1678 to 2261. The
/// index keeps a date as nanoseconds since 1970 in 64 bits (tantivy's
/// `DateTime`), which reaches from 1677-09-21 to 2262-04-11; a day outside
/// would be stored as another one (1500-06-01 became 2084-12-18), so
/// [`parse_day`] refuses it instead. Search bounds ([`parse_period`]) may
/// be any year: beyond this span they select the same articles as its ends.
pub const STORABLE_DAYS: RangeInclusive<NaiveDate> = {
    match (
        NaiveDate::from_ymd_opt(1678, 1, 1),
        NaiveDate::from_ymd_opt(2261, 12, 31),
    ) {
        (Some(first), Some(last)) => first..=last,
        // Evaluated at compile time: a wrong constant fails the build.
        _ => panic!("the storable days are real dates"),
    }
};

/// A period of whole days, both ends included: what `2025`, `2025-10` or
/// `2025-10-29` denote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// Parses an exact day, `YYYY-MM-DD`, as found in article headers, within
/// [`STORABLE_DAYS`].
pub fn parse_day(text: &str) -> Result<NaiveDate, DateError> {
    let period = parse_period(text)?;
    if period.first != period.last || text.trim().len() != 10 {
        Err(DateError::Syntax(text.to_string()))
    } else if !STORABLE_DAYS.contains(&period.first) {
        Err(DateError::OutOfRange(text.trim().to_string()))
    } else {
        Ok(period.first)
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
    fn days_beyond_what_the_index_can_hold_are_refused_not_moved() {
        for far in [
            "1500-06-01",
            "1677-12-31",
            "2262-01-01",
            "9999-12-31",
            "0000-01-01",
        ] {
            let refused = parse_day(far);
            assert_eq!(refused, Err(DateError::OutOfRange(far.into())), "{far}");
            let message = refused.unwrap_err().to_string();
            assert!(message.contains("1678 to 2261"), "{message}");
        }
        assert_eq!(parse_day("1678-01-01"), Ok(day(1678, 1, 1)));
        assert_eq!(parse_day("2261-12-31"), Ok(day(2261, 12, 31)));
        // Search bounds may be any year: the filter moves them to the span's ends.
        assert_eq!(parse_period("1000").map(|p| p.first), Ok(day(1000, 1, 1)));
        assert_eq!(parse_period("2263").map(|p| p.last), Ok(day(2263, 12, 31)));
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
