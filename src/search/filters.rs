//! Filters that narrow a search without affecting its ranking: a date
//! period, persons mentioned and the author. Each can describe itself, so
//! that an empty result can say which filter removed everything. A filter
//! that cannot be met as typed (an impossible date, a name without letters)
//! is an error of its own kind, never a query error.

use std::ops::Bound;

use chrono::NaiveDate;

use tantivy::query::{Query, RangeQuery};
use tantivy::schema::Field;
use tantivy::Term;

use super::query::{analyzed_terms, term_or_phrase};
use crate::analysis;
use crate::article::date::{parse_period, Period, STORABLE_DAYS};
use crate::error::{Error, Result};
use crate::index::{to_tantivy_date, Fields};

/// The filters of a search, as typed by the user and validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// First day included (from `--from YYYY[-MM[-DD]]`: the first day of that period).
    pub from: Option<Period>,
    /// Last day included (from `--to`: the last day of that period).
    pub to: Option<Period>,
    /// Every one of these must match (part of) the name of a person mentioned.
    pub persons: Vec<String>,
    /// Must match (part of) the byline.
    pub author: Option<String>,
}

/// One filter, ready to be turned into a query or described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Dates {
        from: Option<Period>,
        to: Option<Period>,
    },
    Person(String),
    Author(String),
}

/// How a front end spells the filters' parameters, so that an error about
/// one names it as the user wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Spelling {
    /// The command line's flags: `--person putin`.
    #[default]
    Flags,
    /// An address's query string: `person=putin`.
    Parameters,
}

impl Spelling {
    /// The parameter `name` given `value`, as the user writes it.
    pub fn argument(self, name: &str, value: &str) -> String {
        match self {
            Spelling::Flags => format!("--{name} {value}"),
            Spelling::Parameters => format!("{name}={value}"),
        }
    }
}

impl Filters {
    /// Parses `--from`/`--to` with the article date parser; `2025-10` means
    /// from 1 October (as `--from`) or up to 31 October (as `--to`). Errors
    /// name the command line's flags.
    pub fn new(
        from: Option<&str>,
        to: Option<&str>,
        persons: Vec<String>,
        author: Option<String>,
    ) -> Result<Filters> {
        Filters::spelled(Spelling::Flags, from, to, persons, author)
    }

    /// As [`Filters::new`], errors naming the parameters as `spelling`
    /// spells them.
    pub fn spelled(
        spelling: Spelling,
        from: Option<&str>,
        to: Option<&str>,
        persons: Vec<String>,
        author: Option<String>,
    ) -> Result<Filters> {
        let period = |name: &str, text: Option<&str>| -> Result<Option<Period>> {
            text.map(|t| {
                parse_period(t).map_err(|cause| Error::Date {
                    argument: spelling.argument(name, t),
                    cause,
                })
            })
            .transpose()
        };
        let filters = Filters {
            from: period("from", from)?,
            to: period("to", to)?,
            persons,
            author,
        };
        if let (Some(from), Some(to)) = (filters.from, filters.to) {
            if from.first > to.last {
                return Err(Error::EmptyDateRange {
                    from: spelling.argument("from", &from.first.to_string()),
                    to: spelling.argument("to", &to.last.to_string()),
                });
            }
        }
        let named = filters
            .persons
            .iter()
            .map(|name| ("person", name))
            .chain(filters.author.iter().map(|name| ("author", name)));
        for (parameter, name) in named {
            if analysis::fold(name).chars().all(|c| !c.is_alphanumeric()) {
                return Err(Error::InvalidName {
                    argument: spelling.argument(parameter, &format!("'{name}'")),
                    example: spelling.argument(parameter, "putin"),
                });
            }
        }
        Ok(filters)
    }

    pub fn is_empty(&self) -> bool {
        self.list().is_empty()
    }

    /// The filters one by one.
    pub fn list(&self) -> Vec<Filter> {
        let mut list = Vec::new();
        if self.from.is_some() || self.to.is_some() {
            list.push(Filter::Dates {
                from: self.from,
                to: self.to,
            });
        }
        list.extend(self.persons.iter().cloned().map(Filter::Person));
        list.extend(self.author.iter().cloned().map(Filter::Author));
        list
    }
}

impl Filter {
    /// The query selecting the articles that pass this filter.
    pub fn query(&self, fields: &Fields) -> Box<dyn Query> {
        match self {
            Filter::Dates { from, to } => {
                let bound =
                    |period: Option<Period>, pick: fn(Period) -> chrono::NaiveDate| match period {
                        Some(p) => {
                            Bound::Included(Term::from_field_date(fields.date, date_bound(pick(p))))
                        }
                        None => Bound::Unbounded,
                    };
                Box::new(RangeQuery::new(
                    bound(*from, |p| p.first),
                    bound(*to, |p| p.last),
                ))
            }
            Filter::Person(name) => name_query(fields.person, name),
            Filter::Author(name) => name_query(fields.author, name),
        }
    }

    /// Words for messages: "between 2023-01-01 and 2023-12-31", "mentioning «putin»".
    pub fn describe(&self) -> String {
        match self {
            Filter::Dates { from, to } => match (from, to) {
                (Some(f), Some(t)) => format!("dated between {} and {}", f.first, t.last),
                (Some(f), None) => format!("dated {} or later", f.first),
                (None, Some(t)) => format!("dated {} or earlier", t.last),
                (None, None) => "with any date".into(),
            },
            Filter::Person(name) => format!("mentioning a person named «{name}»"),
            Filter::Author(name) => format!("by an author named «{name}»"),
        }
    }
}

/// A bound of a date range as the index compares it. The index holds only
/// [`STORABLE_DAYS`]; a bound outside them is moved to the day just beyond
/// them, which selects the same articles (`--from 2263`: none; `--to 1000`:
/// none; `--from 1000`: every dated one) and, unlike the day itself, can be
/// written as a tantivy date.
fn date_bound(day: NaiveDate) -> tantivy::DateTime {
    let day = day.clamp(
        STORABLE_DAYS
            .start()
            .pred_opt()
            .unwrap_or(*STORABLE_DAYS.start()),
        STORABLE_DAYS
            .end()
            .succ_opt()
            .unwrap_or(*STORABLE_DAYS.end()),
    );
    // Within the storable days and one day on either side, the conversion
    // cannot fail; the extremes are a fallback that cannot be reached.
    to_tantivy_date(day).unwrap_or(if day < *STORABLE_DAYS.start() {
        tantivy::DateTime::MIN
    } else {
        tantivy::DateTime::MAX
    })
}

/// A name, or part of one, within a single value of a names field: the
/// terms as a phrase (positions of different persons are never adjacent).
fn name_query(field: Field, name: &str) -> Box<dyn Query> {
    let terms = analyzed_terms(&mut analysis::names_analyzer(), field, name);
    term_or_phrase(terms).unwrap_or_else(|| Box::new(tantivy::query::EmptyQuery))
}
