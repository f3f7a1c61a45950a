//! Facets over the whole result set of a search: the persons most
//! mentioned in the matching articles, and how many fall in each month or
//! year (attention over time); and one person's profile (their articles
//! over time and who is mentioned with them).
//!
//! [`FacetCollector`] is the one collector that counts them: each segment's
//! matching articles go through it once, beside the ranked page's own
//! collectors in the same search ([`super::search_with_facets`]), so a
//! page with its facets walks the matching articles once. It delegates the
//! counting to [`super::persons`] (identities by term ordinal) and
//! [`super::timeline`] (dates by month), which say how. Reads the index;
//! never writes it, never formats output.

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::persons::{PersonTally, SegmentPersons};
use super::timeline::{Counts, SegmentPeriods, TimelinePlan};
use super::{compile, with_filters, Filters, Mode, PersonCount, Syntax};
use crate::analysis;
use crate::error::Result;
use crate::index::{tantivy_error, ArticleIndex};

pub use super::timeline::{Interval, PeriodCount, Timeline, MAX_MONTHS_BY_MONTH};

/// Which facets to count over a whole result set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FacetRequest {
    /// List this many persons, most mentioned first; 0 counts none.
    pub persons: usize,
    /// Count the matching articles per period.
    pub timeline: bool,
    /// The timeline's period; `None` lets the length of its axis choose.
    pub interval: Option<Interval>,
}

impl FacetRequest {
    /// Whether nothing is to be counted.
    pub fn is_empty(&self) -> bool {
        self.persons == 0 && !self.timeline
    }
}

/// The facets a [`FacetRequest`] asked for (`None` for those it did not).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct FacetCounts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persons: Option<Vec<PersonCount>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
}

/// Counts the facets of a [`FacetRequest`] over the articles a query
/// matches, alone or in a tuple with other collectors.
pub struct FacetCollector {
    persons: usize,
    timeline: Option<TimelinePlan>,
}

impl FacetCollector {
    /// A collector for `request` on `searcher`'s segments; `filters` are
    /// those of the query (a date filter narrows the timeline's axis).
    pub fn new(
        searcher: &tantivy::Searcher,
        filters: &Filters,
        request: &FacetRequest,
    ) -> tantivy::Result<FacetCollector> {
        Ok(FacetCollector {
            persons: request.persons,
            timeline: request
                .timeline
                .then(|| TimelinePlan::new(searcher, filters, request.interval))
                .transpose()?,
        })
    }
}

/// What a segment counted.
pub struct SegmentTally {
    persons: Option<PersonTally>,
    periods: Option<Counts>,
}

/// The [`FacetCollector`] of one segment.
pub struct SegmentFacets {
    persons: Option<SegmentPersons>,
    periods: Option<SegmentPeriods>,
    /// Articles handed over one at a time (when another collector of the
    /// search scores them), counted in blocks as tantivy hands them over
    /// when nothing scores: runs of consecutive articles stay cheap.
    pending: Vec<DocId>,
}

/// As many articles as tantivy hands over in a block.
const BLOCK: usize = tantivy::COLLECT_BLOCK_BUFFER_LEN;

impl SegmentFacets {
    fn count(&mut self, docs: &[DocId]) {
        if let Some(persons) = &mut self.persons {
            persons.count(docs);
        }
        if let Some(periods) = &mut self.periods {
            periods.count(docs);
        }
    }
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        Ok(SegmentFacets {
            persons: (self.persons > 0)
                .then(|| SegmentPersons::for_segment(reader))
                .transpose()?,
            periods: self
                .timeline
                .as_ref()
                .map(|plan| SegmentPeriods::for_segment(plan.months(), reader))
                .transpose()?,
            pending: Vec::with_capacity(BLOCK),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segments: Vec<tantivy::Result<SegmentTally>>,
    ) -> tantivy::Result<FacetCounts> {
        let segments = segments.into_iter().collect::<tantivy::Result<Vec<_>>>()?;
        let mut persons = Vec::new();
        let mut periods = Vec::new();
        for segment in segments {
            persons.extend(segment.persons);
            periods.extend(segment.periods);
        }
        Ok(FacetCounts {
            persons: (self.persons > 0).then(|| PersonTally::merge(persons).top(self.persons)),
            timeline: self.timeline.as_ref().map(|plan| plan.timeline(periods)),
        })
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = tantivy::Result<SegmentTally>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.pending.push(doc);
        if self.pending.len() == BLOCK {
            let pending = std::mem::take(&mut self.pending);
            self.count(&pending);
            self.pending = pending;
            self.pending.clear();
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            self.count(&pending);
            self.pending = pending;
            self.pending.clear();
        }
        self.count(docs);
    }

    fn harvest(mut self) -> tantivy::Result<SegmentTally> {
        let pending = std::mem::take(&mut self.pending);
        self.count(&pending);
        Ok(SegmentTally {
            persons: self.persons.map(SegmentPersons::harvest).transpose()?,
            periods: self.periods.map(SegmentPeriods::harvest),
        })
    }
}

/// The facets of `request` over the articles matching `query` and
/// `filters` (without a ranked page: [`super::search_with_facets`] gives
/// both in one pass).
pub fn count_facets(
    index: &ArticleIndex,
    query: &str,
    mode: Mode,
    filters: &Filters,
    request: &FacetRequest,
) -> Result<FacetCounts> {
    let searcher = index.reader().searcher();
    let fields = index.fields();
    let compiled = compile(query, mode, Syntax::QueryLanguage, &fields, &searcher)?;
    let matching = with_filters(&compiled, filters, &fields);
    let err = tantivy_error(index.dir());
    let collector = FacetCollector::new(&searcher, filters, request).map_err(&err)?;
    searcher.search(&*matching, &collector).map_err(&err)
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
    // The person asked for, and the names they are found under, are in
    // every article: ask for a few more and leave those out.
    let counts = count_facets(
        index,
        "",
        Mode::All,
        &filters,
        &FacetRequest {
            persons: limit + 8,
            timeline: true,
            interval,
        },
    )?;
    // Asked for, so counted; an empty timeline would only stand in for one.
    let timeline = counts.timeline.unwrap_or_else(|| Timeline {
        interval: interval.unwrap_or(Interval::Month),
        periods: Vec::new(),
        undated: 0,
    });
    let articles = timeline.undated + timeline.periods.iter().map(|p| p.articles).sum::<u64>();
    let mut co_mentioned = counts.persons.unwrap_or_default();
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
    fn a_name_is_within_the_names_that_contain_its_words() {
        assert!(name_within("putin", "Vladimir Putin"));
        assert!(name_within("Kim Jong Un", "Kim Jong Un"));
        assert!(name_within("de santis", "Elena De Santis"));
        assert!(!name_within("santis de", "Elena De Santis"));
        assert!(!name_within("Kim", "Kimberly Rossi"));
        assert!(!name_within("", "Anna Lotti"));
    }
}
