//! Attention over time: how many of a search's matching articles fall in
//! each month or year, with every article of each period beside them, so
//! that a page can show a share.
//!
//! Periods are counted from the `date` fast column, segment by segment,
//! without reading any stored document; the articles of every period (the
//! denominators) are counted once per segment and kept. Counting runs as
//! one part of [`super::facets::FacetCollector`]. Reads the index; never
//! writes it, never formats output.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::{DocId, SegmentReader};

use super::segment_cache::SegmentCache;
use super::Filters;
use crate::index::schema;

/// The length of a period of a [`Timeline`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    Month,
    Year,
}

/// Up to this many months on the axis a timeline counts by month; over
/// longer spans, by year (five years of months is about as many bars as a
/// chart can show apart; eleven years of DICE are eleven bars, and
/// narrowing to one of them gives its twelve months).
pub const MAX_MONTHS_BY_MONTH: i32 = 60;

/// Articles per period for one search.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Timeline {
    pub interval: Interval,
    /// Every period from the first to the last of the axis, empty ones
    /// included, oldest first. The axis is the date filter's range, or the
    /// dates of the whole index where the filter leaves a side open, so the
    /// timelines of different queries over the same dates line up.
    pub periods: Vec<PeriodCount>,
    /// Matching articles without a date (in no period).
    pub undated: u64,
}

/// One period of a [`Timeline`].
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PeriodCount {
    /// `2015` or `2015-03`: also what `--from`/`--to` (and the API's
    /// `from`/`to`) take to select exactly this period.
    pub period: String,
    /// Matching articles dated in the period.
    pub articles: u64,
    /// All articles of the index dated in the period, whatever the query and
    /// the person or author filters: the denominator of a share.
    pub all_articles: u64,
}

/// Months as numbers (`year * 12 + month - 1`), so that a period is a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Months {
    first: i32,
    /// One past the last.
    end: i32,
}

impl Months {
    fn len(self) -> usize {
        usize::try_from(self.end - self.first).unwrap_or(0)
    }

    /// The place of `month` in the range, if it is in it.
    fn slot(self, month: i32) -> Option<usize> {
        (self.first..self.end)
            .contains(&month)
            .then(|| (month - self.first) as usize)
    }
}

/// Days since 1970-01-01, as the date column holds them (midnight UTC).
fn day_number(date: tantivy::DateTime) -> i32 {
    let days = date.into_timestamp_secs().div_euclid(86_400);
    i32::try_from(days).unwrap_or(if days < 0 { i32::MIN } else { i32::MAX })
}

/// The day number of a calendar day (any year: tantivy's dates, in
/// nanoseconds, reach only from 1677 to 2262, so no detour through them).
fn day_of_date(day: NaiveDate) -> i32 {
    day.num_days_from_ce() - DAYS_TO_1970
}

/// Days from 1 January of year 1 to 1 January 1970.
const DAYS_TO_1970: i32 = 719_163;

/// The month number of a day number: the civil-from-days arithmetic of
/// the proleptic Gregorian calendar (H. Hinnant), a few integer operations
/// where a calendar library's conversion costs a noticeable share of
/// counting every matching article.
fn month_of_day(day: i32) -> i32 {
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let month0 = if shifted_month < 10 {
        shifted_month + 2
    } else {
        shifted_month - 10
    };
    let year = year_of_era + era * 400 + i64::from(month0 <= 1);
    i32::try_from(year * 12 + month0).unwrap_or(i32::MAX)
}

/// The months a timeline shows and how they are grouped.
struct Axis {
    months: Months,
    interval: Interval,
}

impl Axis {
    /// The months from the first to the last date that both the index holds
    /// and the date filter allows (an empty range when none).
    fn of(all: &AllArticles, filters: &Filters, interval: Option<Interval>) -> Axis {
        let first = filters
            .from
            .map(|p| day_of_date(p.first))
            .into_iter()
            .chain(all.first_day)
            .max();
        let last = filters
            .to
            .map(|p| day_of_date(p.last))
            .into_iter()
            .chain(all.last_day)
            .min();
        let mut months = match (first, last, all.first_day) {
            (Some(first), Some(last), Some(_)) if first <= last => Months {
                first: month_of_day(first),
                end: month_of_day(last) + 1,
            },
            _ => Months { first: 0, end: 0 },
        };
        let interval = interval.unwrap_or(if months.end - months.first <= MAX_MONTHS_BY_MONTH {
            Interval::Month
        } else {
            Interval::Year
        });
        if interval == Interval::Year && months.len() > 0 {
            // Whole years, so that each bar counts a whole year.
            months.first -= months.first.rem_euclid(12);
            months.end += (12 - months.end.rem_euclid(12)) % 12;
        }
        Axis { months, interval }
    }

    fn timeline(&self, matching: &Counts, all: &Counts) -> Timeline {
        let step = match self.interval {
            Interval::Month => 1,
            Interval::Year => 12,
        };
        let mut periods = Vec::new();
        let mut start = self.months.first;
        while start < self.months.end {
            let from = (start - self.months.first) as usize;
            let range = from..(from + step as usize).min(self.months.len());
            let sum = |counts: &Counts| counts.per_month[range.clone()].iter().sum::<u64>();
            let (year, month0) = (start.div_euclid(12), start.rem_euclid(12));
            periods.push(PeriodCount {
                period: match self.interval {
                    Interval::Month => format!("{year:04}-{:02}", month0 + 1),
                    Interval::Year => format!("{year:04}"),
                },
                articles: sum(matching),
                all_articles: sum(all),
            });
            start += step;
        }
        Timeline {
            interval: self.interval,
            periods,
            undated: matching.undated,
        }
    }
}

/// Counts of one search per month of an axis.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counts {
    per_month: Vec<u64>,
    undated: u64,
}

impl Counts {
    fn zero(months: Months) -> Counts {
        Counts {
            per_month: vec![0; months.len()],
            undated: 0,
        }
    }

    /// The counts of several segments summed.
    fn sum(months: Months, segments: impl IntoIterator<Item = Counts>) -> Counts {
        let mut total = Counts::zero(months);
        for counts in segments {
            for (sum, n) in total.per_month.iter_mut().zip(counts.per_month) {
                *sum += n;
            }
            total.undated += counts.undated;
        }
        total
    }
}

/// A timeline about to be counted: its axis, and all articles of each of
/// its months (what the index holds, whatever the query).
pub(crate) struct TimelinePlan {
    axis: Axis,
    all: Counts,
}

impl TimelinePlan {
    /// The axis the dates of `filters` and of the index give, by
    /// `interval` (or chosen by the axis' length when `None`).
    pub(crate) fn new(
        searcher: &tantivy::Searcher,
        filters: &Filters,
        interval: Option<Interval>,
    ) -> tantivy::Result<TimelinePlan> {
        let all = AllArticles::of(searcher)?;
        let axis = Axis::of(&all, filters, interval);
        let all = all.per_month(axis.months, filters);
        Ok(TimelinePlan { axis, all })
    }

    /// The months each segment counts ([`SegmentPeriods`]).
    pub(crate) fn months(&self) -> Months {
        self.axis.months
    }

    /// The timeline of the segments' counts.
    pub(crate) fn timeline(&self, segments: impl IntoIterator<Item = Counts>) -> Timeline {
        let matching = Counts::sum(self.axis.months, segments);
        self.axis.timeline(&matching, &self.all)
    }
}

/// Every live article of the index by day: the denominators of shares and
/// the index's first and last dates. Read once per segment and kept (see
/// [`segment_days`]), as a searcher's segments never change.
struct AllArticles {
    segments: Vec<Arc<SegmentDays>>,
    first_day: Option<i32>,
    last_day: Option<i32>,
}

impl AllArticles {
    fn of(searcher: &tantivy::Searcher) -> tantivy::Result<AllArticles> {
        let segments = searcher
            .segment_readers()
            .iter()
            .map(segment_days)
            .collect::<tantivy::Result<Vec<_>>>()?;
        let days = || {
            segments
                .iter()
                .flat_map(|s| s.days.first().zip(s.days.last()))
        };
        Ok(AllArticles {
            first_day: days().map(|(first, _)| first.0).min(),
            last_day: days().map(|(_, last)| last.0).max(),
            segments,
        })
    }

    /// Articles per month of `months` dated within the filter's dates.
    fn per_month(&self, months: Months, filters: &Filters) -> Counts {
        let first = filters.from.map_or(i32::MIN, |p| day_of_date(p.first));
        let last = filters.to.map_or(i32::MAX, |p| day_of_date(p.last));
        let mut counts = Counts::zero(months);
        for segment in &self.segments {
            let start = segment.days.partition_point(|(day, _)| *day < first);
            for &(day, n) in &segment.days[start..] {
                if day > last {
                    break;
                }
                if let Some(slot) = months.slot(segment.month_of(day)) {
                    counts.per_month[slot] += u64::from(n);
                }
            }
        }
        counts
    }
}

/// A segment's live articles per day, days in order.
struct SegmentDays {
    days: Vec<(i32, u32)>,
    /// The month of each day from the first of `days` to the last: a look-up
    /// where counting every matching article would otherwise compute it.
    months: Vec<i32>,
}

impl SegmentDays {
    fn month_of(&self, day: i32) -> i32 {
        let first = self.days.first().map_or(0, |(day, _)| *day);
        usize::try_from(i64::from(day) - i64::from(first))
            .ok()
            .and_then(|i| self.months.get(i))
            .copied()
            .unwrap_or_else(|| month_of_day(day))
    }
}

/// Segments counted, each with its number of live articles (deletes change
/// that, never the segment's id), kept while a reader holds the segment
/// (`segment_cache::SegmentsWarmer`; a few kB each).
static SEGMENT_DAYS: SegmentCache<(SegmentId, u32), SegmentDays> = SegmentCache::new();

/// The [`SegmentDays`] of a segment, counted on first use.
fn segment_days(segment: &SegmentReader) -> tantivy::Result<Arc<SegmentDays>> {
    SEGMENT_DAYS.get_or_read((segment.segment_id(), segment.num_docs()), || {
        let column = dates(segment)?;
        let mut per_day: BTreeMap<i32, u32> = BTreeMap::new();
        for doc in segment.doc_ids_alive() {
            if let Some(date) = column.first(doc) {
                *per_day.entry(day_number(date)).or_default() += 1;
            }
        }
        let months = match (per_day.first_key_value(), per_day.last_key_value()) {
            (Some((&first, _)), Some((&last, _))) => (first..=last).map(month_of_day).collect(),
            _ => Vec::new(),
        };
        Ok(SegmentDays {
            days: per_day.into_iter().collect(),
            months,
        })
    })
}

fn dates(segment: &SegmentReader) -> tantivy::Result<Column<tantivy::DateTime>> {
    segment.fast_fields().date(schema::names::DATE)
}

/// Counts one segment's matching articles per month of `months`, reading
/// each one's date from the fast column (dates outside `months` are not
/// counted).
pub(crate) struct SegmentPeriods {
    months: Months,
    days: Arc<SegmentDays>,
    column: Column<tantivy::DateTime>,
    counts: Counts,
    buffer: Vec<Option<tantivy::DateTime>>,
}

impl SegmentPeriods {
    pub(crate) fn for_segment(months: Months, segment: &SegmentReader) -> tantivy::Result<Self> {
        Ok(SegmentPeriods {
            months,
            days: segment_days(segment)?,
            column: dates(segment)?,
            counts: Counts::zero(months),
            buffer: Vec::new(),
        })
    }

    /// Counts `docs` (the column reads a block of dates at once, cheaper
    /// than one by one).
    pub(crate) fn count(&mut self, docs: &[DocId]) {
        self.buffer.clear();
        self.buffer.resize(docs.len(), None);
        self.column.first_vals(docs, &mut self.buffer);
        for date in &self.buffer {
            match date {
                None => self.counts.undated += 1,
                Some(date) => {
                    if let Some(slot) = self.months.slot(self.days.month_of(day_number(*date))) {
                        self.counts.per_month[slot] += 1;
                    }
                }
            }
        }
    }

    pub(crate) fn harvest(self) -> Counts {
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month_number(day: NaiveDate) -> i32 {
        day.year() * 12 + day.month0() as i32
    }

    #[test]
    fn the_month_of_a_day_number_is_the_calendar_s() {
        // Every day from 1600 to 2400 (leap centuries included), and a few
        // far ones, against chrono.
        let mut day = NaiveDate::from_ymd_opt(1600, 1, 1).expect("valid date");
        let end = NaiveDate::from_ymd_opt(2400, 12, 31).expect("valid date");
        while day <= end {
            assert_eq!(month_of_day(day_of_date(day)), month_number(day), "{day}");
            day = day.succ_opt().expect("next day");
        }
        for (y, m, d) in [(1, 1, 1), (1969, 12, 31), (1970, 1, 1), (9999, 12, 31)] {
            // Day numbers as the date column gives them, where it can.
            if (1678..2262).contains(&y) {
                let date = crate::index::to_tantivy_date(
                    NaiveDate::from_ymd_opt(y, m, d).expect("valid date"),
                )
                .expect("a storable day");
                assert_eq!(
                    day_number(date),
                    day_of_date(NaiveDate::from_ymd_opt(y, m, d).expect("valid date"))
                );
            }
            let day = NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
            assert_eq!(month_of_day(day_of_date(day)), month_number(day), "{day}");
        }
    }
}
