//! Facets over the whole result set of a search, beside its ranked page of
//! hits: how many matching articles fall in each month or year (attention
//! over time, with every article of each period beside it, so that a page
//! can show a share), and one person's profile (their articles over time
//! and who is mentioned with them).
//!
//! Counting persons is [`count_persons`](super::count_persons)'s job; this
//! module asks it and never counts persons itself. Periods are counted from
//! the `date` fast column, segment by segment, without reading any stored
//! document. Reads the index; never writes it, never formats output.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{AllQuery, Query};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::{compile, count_persons, with_filters, Filters, Mode, PersonCount, Syntax};
use crate::analysis;
use crate::error::Result;
use crate::index::{schema, tantivy_error, to_naive_date, ArticleIndex};

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
    let searcher = index.reader().searcher();
    let fields = index.fields();
    let compiled = compile(query, mode, Syntax::QueryLanguage, &fields, &searcher)?;
    let matching = with_filters(&compiled, filters, &fields);
    let err = tantivy_error(index.dir());

    let Some(axis) = Axis::of(&searcher, filters, interval).map_err(&err)? else {
        // No dated article anywhere in range: only the undated can match.
        let counts = searcher
            .search(&*matching, &PeriodCounter::new(Months::EMPTY))
            .map_err(&err)?;
        return Ok(Timeline {
            interval: interval.unwrap_or(Interval::Month),
            periods: Vec::new(),
            undated: counts.undated,
        });
    };
    let counter = PeriodCounter::new(axis.months);
    let counts = searcher.search(&*matching, &counter).map_err(&err)?;
    // Every article in the axis' dates, for shares.
    let dates = Filters {
        from: filters.from,
        to: filters.to,
        ..Filters::default()
    };
    let all: Box<dyn Query> = match dates.list().first() {
        Some(range) => range.query(&fields),
        None => Box::new(AllQuery),
    };
    let all = searcher.search(&*all, &counter).map_err(&err)?;
    Ok(axis.timeline(&counts, &all))
}

/// Months as numbers (`year * 12 + month - 1`), so a period is a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Months {
    first: i32,
    /// One past the last.
    end: i32,
}

impl Months {
    const EMPTY: Months = Months { first: 0, end: 0 };

    fn len(self) -> usize {
        usize::try_from(self.end - self.first).unwrap_or(0)
    }
}

fn month_number(day: NaiveDate) -> i32 {
    day.year() * 12 + day.month0() as i32
}

/// The months a timeline shows and how they are grouped.
struct Axis {
    months: Months,
    interval: Interval,
}

impl Axis {
    /// The date filter's range, its open sides closed by the first and last
    /// dates of the index; `None` when that leaves no month.
    fn of(
        searcher: &tantivy::Searcher,
        filters: &Filters,
        interval: Option<Interval>,
    ) -> tantivy::Result<Option<Axis>> {
        let extent = date_extent(searcher)?;
        let first = filters
            .from
            .map(|p| p.first)
            .or(extent.map(|(first, _)| first));
        let last = filters.to.map(|p| p.last).or(extent.map(|(_, last)| last));
        let (Some(first), Some(last)) = (first, last) else {
            return Ok(None);
        };
        if first > last {
            return Ok(None);
        }
        let mut months = Months {
            first: month_number(first),
            end: month_number(last) + 1,
        };
        let interval = interval.unwrap_or(if months.end - months.first <= MAX_MONTHS_BY_MONTH {
            Interval::Month
        } else {
            Interval::Year
        });
        if interval == Interval::Year {
            // Whole years, so that each bar counts a whole year.
            months.first -= months.first.rem_euclid(12);
            months.end += (12 - months.end.rem_euclid(12)) % 12;
        }
        Ok(Some(Axis { months, interval }))
    }

    fn timeline(&self, matching: &Counts, all: &Counts) -> Timeline {
        let step = match self.interval {
            Interval::Month => 1,
            Interval::Year => 12,
        };
        let mut periods = Vec::new();
        let mut start = self.months.first;
        while start < self.months.end {
            let range = (start - self.months.first) as usize..(start - self.months.first + step) as usize;
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

/// The first and last dates of the index's live articles, from the date
/// column's bounds in each segment (`None` when no article has a date).
fn date_extent(searcher: &tantivy::Searcher) -> tantivy::Result<Option<(NaiveDate, NaiveDate)>> {
    let mut extent: Option<(NaiveDate, NaiveDate)> = None;
    for segment in searcher.segment_readers() {
        if segment.num_docs() == 0 {
            continue;
        }
        let column = dates(segment)?;
        if column.values.num_vals() == 0 {
            continue;
        }
        let (Some(min), Some(max)) = (
            to_naive_date(column.min_value()),
            to_naive_date(column.max_value()),
        ) else {
            continue;
        };
        extent = Some(match extent {
            Some((first, last)) => (first.min(min), last.max(max)),
            None => (min, max),
        });
    }
    Ok(extent)
}

fn dates(segment: &SegmentReader) -> tantivy::Result<Column<tantivy::DateTime>> {
    segment.fast_fields().date(schema::names::DATE)
}

/// Counts of one search per month of an axis.
#[derive(Debug, Clone, Default)]
struct Counts {
    per_month: Vec<u64>,
    undated: u64,
}

/// Counts the collected articles per month of `months`, reading each one's
/// date from the fast column (dates outside `months` are not counted).
struct PeriodCounter {
    months: Months,
}

impl PeriodCounter {
    fn new(months: Months) -> PeriodCounter {
        PeriodCounter { months }
    }
}

struct SegmentPeriodCounter {
    months: Months,
    column: Column<tantivy::DateTime>,
    counts: Counts,
    buffer: Vec<Option<tantivy::DateTime>>,
}

impl SegmentPeriodCounter {
    fn count(&mut self, date: Option<tantivy::DateTime>) {
        let Some(day) = date.and_then(to_naive_date) else {
            self.counts.undated += 1;
            return;
        };
        let month = month_number(day);
        if (self.months.first..self.months.end).contains(&month) {
            self.counts.per_month[(month - self.months.first) as usize] += 1;
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
            counts: Counts {
                per_month: vec![0; self.months.len()],
                undated: 0,
            },
            buffer: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut total = Counts {
            per_month: vec![0; self.months.len()],
            undated: 0,
        };
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

    #[test]
    fn months_are_numbered_in_order() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
        assert_eq!(month_number(day(2015, 1, 1)) + 11, month_number(day(2015, 12, 31)));
        assert_eq!(month_number(day(2015, 12, 1)) + 1, month_number(day(2016, 1, 1)));
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
