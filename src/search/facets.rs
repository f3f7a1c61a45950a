//! Facets over the whole result set of a search, beside its ranked page of
//! hits: how many matching articles fall in each month or year (attention
//! over time, with every article of each period beside it, so that a page
//! can show a share), and one person's profile (their articles over time
//! and who is mentioned with them).
//!
//! Counting persons is [`count_persons`](super::count_persons())'s job; this
//! module asks it and never counts persons itself. Periods are counted from
//! the `date` fast column, segment by segment, without reading any stored
//! document. Reads the index; never writes it, never formats output.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::segment_cache::SegmentCache;
use super::{compile, count_persons, with_filters, Filters, Mode, PersonCount, Syntax};
use crate::analysis;
use crate::error::Result;
use crate::index::{schema, tantivy_error, ArticleIndex};

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

/// Articles per month or year (`interval`, or chosen by the axis' length
/// when `None`) of the articles matching `query` and `filters`.
pub fn timeline(
    index: &ArticleIndex,
    query: &str,
    mode: Mode,
    filters: &Filters,
    interval: Option<Interval>,
) -> Result<Timeline> {
    index.guarded(|| timeline_unguarded(index, query, mode, filters, interval))
}

fn timeline_unguarded(
    index: &ArticleIndex,
    query: &str,
    mode: Mode,
    filters: &Filters,
    interval: Option<Interval>,
) -> Result<Timeline> {
    let searcher = index.reader().searcher();
    let fields = index.fields();
    let compiled = compile(query, mode, Syntax::QueryLanguage, &fields, &searcher)?;
    let matching = with_filters(&compiled, filters, &fields);
    let err = tantivy_error(index.dir());

    let all = AllArticles::of(&searcher).map_err(&err)?;
    let axis = Axis::of(&all, filters, interval);
    let counts = searcher
        .search(
            &*matching,
            &PeriodCounter {
                months: axis.months,
            },
        )
        .map_err(&err)?;
    Ok(axis.timeline(&counts, &all.per_month(axis.months, filters)))
}

/// Months as numbers (`year * 12 + month - 1`), so that a period is a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Months {
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
struct Counts {
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
                if let Some(slot) = months.slot(month_of_day(day)) {
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
        Ok(SegmentDays {
            days: per_day.into_iter().collect(),
        })
    })
}

fn dates(segment: &SegmentReader) -> tantivy::Result<Column<tantivy::DateTime>> {
    segment.fast_fields().date(schema::names::DATE)
}

/// Counts the collected articles per month of `months`, reading each one's
/// date from the fast column (dates outside `months` are not counted).
struct PeriodCounter {
    months: Months,
}

struct SegmentPeriodCounter {
    months: Months,
    column: Column<tantivy::DateTime>,
    counts: Counts,
    buffer: Vec<Option<tantivy::DateTime>>,
}

impl SegmentPeriodCounter {
    fn count(&mut self, date: Option<tantivy::DateTime>) {
        match date {
            None => self.counts.undated += 1,
            Some(date) => {
                if let Some(slot) = self.months.slot(month_of_day(day_number(date))) {
                    self.counts.per_month[slot] += 1;
                }
            }
        }
    }
}

impl Collector for PeriodCounter {
    type Fruit = Counts;
    type Child = SegmentPeriodCounter;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentPeriodCounter> {
        Ok(SegmentPeriodCounter {
            months: self.months,
            column: dates(segment)?,
            counts: Counts::zero(self.months),
            buffer: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut total = Counts::zero(self.months);
        for fruit in fruits {
            for (sum, n) in total.per_month.iter_mut().zip(fruit.per_month) {
                *sum += n;
            }
            total.undated += fruit.undated;
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentPeriodCounter {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.count(self.column.first(doc));
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        // The column reads a block of dates at once, cheaper than one by one.
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        buffer.resize(docs.len(), None);
        self.column.first_vals(docs, &mut buffer);
        for date in &buffer {
            self.count(*date);
        }
        self.buffer = buffer;
    }

    fn harvest(self) -> Counts {
        self.counts
    }
}

/// One person across the archive (or the dates asked for).
#[derive(Debug, Clone, Serialize)]
pub struct PersonProfile {
    /// The name as asked for (a full name, or part of one).
    pub name: String,
    /// Articles mentioning the person (dated or not).
    pub articles: u64,
    /// Those articles per period.
    pub timeline: Timeline,
    /// The persons most often mentioned in the same articles, most first
    /// (the person asked for left out).
    pub co_mentioned: Vec<PersonCount>,
}

/// The profile of the person `name` (matched as the `person` filter
/// matches: whole name parts within one name), within `filters`' other
/// conditions; at most `limit` co-mentioned persons.
pub fn person_profile(
    index: &ArticleIndex,
    name: &str,
    filters: &Filters,
    interval: Option<Interval>,
    limit: usize,
) -> Result<PersonProfile> {
    index.guarded(|| person_profile_unguarded(index, name, filters, interval, limit))
}

fn person_profile_unguarded(
    index: &ArticleIndex,
    name: &str,
    filters: &Filters,
    interval: Option<Interval>,
    limit: usize,
) -> Result<PersonProfile> {
    let named = Filters::new(None, None, vec![name.to_string()], None)?;
    let mut filters = filters.clone();
    filters.persons.extend(named.persons);
    let timeline = timeline(index, "", Mode::All, &filters, interval)?;
    let articles = timeline.undated + timeline.periods.iter().map(|p| p.articles).sum::<u64>();
    // The person asked for, and the names they are found under, are in
    // every article: ask for a few more and leave those out.
    let mut co_mentioned = count_persons(index, "", Mode::All, &filters, limit + 8)?;
    co_mentioned.retain(|person| !name_within(name, &person.name));
    co_mentioned.truncate(limit);
    Ok(PersonProfile {
        name: name.to_string(),
        articles,
        timeline,
        co_mentioned,
    })
}

/// True when the words of `part` appear in a row within `name`, compared as
/// the person filter compares them (names analyzer: case and accents
/// folded): `putin` and `Vladimir Putin` are within `Vladimir Putin`.
fn name_within(part: &str, name: &str) -> bool {
    let words = |text: &str| {
        let mut analyzer = analysis::names_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while let Some(token) = tantivy::tokenizer::TokenStream::next(&mut stream) {
            words.push(token.text.clone());
        }
        words
    };
    let (part, name) = (words(part), words(name));
    !part.is_empty() && name.windows(part.len()).any(|window| window == part)
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

    #[test]
    fn a_name_is_within_the_names_that_contain_its_words() {
        assert!(name_within("putin", "Vladimir Putin"));
        assert!(name_within("Kim Jong Un", "Kim Jong Un"));
        assert!(name_within("de santis", "Elena De Santis"));
        assert!(!name_within("santis de", "Elena De Santis"));
        assert!(!name_within("Kim", "Kimberly Rossi"));
        assert!(!name_within("", "Anna Lotti"));
    }
}
