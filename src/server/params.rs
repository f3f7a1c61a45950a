//! Query-string parameters, read into the library's own request types
//! ([`SearchRequest`], [`Filters`], [`Interval`]) with the API's bounds. A
//! parameter that is unknown, repeated where it may not be, malformed or out
//! of bounds is a 400 naming it; an over-long one a 414.

use axum::http::StatusCode;
use rassegna::search::facets::Interval;
use rassegna::search::{Filters, Mode, SearchRequest, Sort, Spelling, Syntax};

use super::error::ApiError;

/// Longest query text, in characters (a page of text; searches are words).
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Longest name in `person`, `author` or a person's page, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Most `person` filters in one request.
pub const MAX_PERSONS: usize = 5;
/// Most hits in one page of JSON results.
pub const MAX_PAGE: usize = 100;
/// Most rows of one CSV download.
pub const MAX_CSV_ROWS: usize = 10_000;
/// Most persons listed by a facet or a persons request.
pub const MAX_PERSONS_LISTED: usize = 100;

/// The decoded `name=value` pairs of a query string.
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Decodes `raw` and checks that every name is one of `known`.
    pub fn parse(raw: Option<&str>, known: &[&str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        if let Some((name, _)) = pairs
            .iter()
            .find(|(name, _)| !known.contains(&name.as_str()))
        {
            return Err(ApiError::parameter(format!(
                "unknown parameter '{}'; this endpoint takes: {}",
                shorten(name),
                known.join(", ")
            )));
        }
        Ok(Params { pairs })
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of a parameter given at most once.
    pub fn one<'a>(&'a self, name: &'a str) -> Result<Option<&'a str>, ApiError> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::parameter(format!(
                "parameter '{name}' is given more than once"
            )));
        }
        Ok(first)
    }

    /// A text parameter of at most `max` characters (414 beyond).
    pub fn text(&self, name: &str, max: usize) -> Result<Option<String>, ApiError> {
        self.one(name)?
            .map(|value| bounded(name, value, max).map(str::to_string))
            .transpose()
    }

    /// A number in `range`, `default` when absent.
    pub fn number(
        &self,
        name: &str,
        default: usize,
        range: std::ops::RangeInclusive<usize>,
    ) -> Result<usize, ApiError> {
        let Some(text) = self.one(name)? else {
            return Ok(default);
        };
        match text.parse::<usize>() {
            Ok(n) if range.contains(&n) => Ok(n),
            _ => Err(ApiError::parameter(format!(
                "parameter '{name}' must be a whole number from {} to {}, not '{}'",
                range.start(),
                range.end(),
                shorten(text)
            ))),
        }
    }

    /// `true`/`1` or `false`/`0` (an empty value is `true`: `?any`).
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.one(name)? {
            None | Some("false") | Some("0") => Ok(false),
            Some("") | Some("true") | Some("1") => Ok(true),
            Some(other) => Err(ApiError::parameter(format!(
                "parameter '{name}' must be true or false, not '{}'",
                shorten(other)
            ))),
        }
    }

    /// The query text (`q`, empty for every article) and its mode (`any`).
    pub fn query(&self) -> Result<(String, Mode), ApiError> {
        let text = self.text("q", MAX_QUERY_CHARS)?.unwrap_or_default();
        let mode = if self.flag("any")? {
            Mode::Any
        } else {
            Mode::All
        };
        Ok((text, mode))
    }

    /// `from`, `to`, `person` (repeatable) and `author`, validated by the
    /// library as the command line's are.
    pub fn filters(&self) -> Result<Filters, ApiError> {
        let persons: Vec<String> = self
            .all("person")
            .map(|name| bounded("person", name, MAX_NAME_CHARS).map(str::to_string))
            .collect::<Result<_, _>>()?;
        if persons.len() > MAX_PERSONS {
            return Err(ApiError::parameter(format!(
                "at most {MAX_PERSONS} 'person' filters, not {}",
                persons.len()
            )));
        }
        let date = |name| self.text(name, 10);
        Ok(Filters::spelled(
            Spelling::Parameters,
            date("from")?.as_deref(),
            date("to")?.as_deref(),
            persons,
            self.text("author", MAX_NAME_CHARS)?,
        )?)
    }

    /// `interval`: `month`, `year`, or absent for the library's choice.
    pub fn interval(&self) -> Result<Option<Interval>, ApiError> {
        match self.one("interval")? {
            None | Some("") | Some("auto") => Ok(None),
            Some("month") => Ok(Some(Interval::Month)),
            Some("year") => Ok(Some(Interval::Year)),
            Some(other) => Err(ApiError::parameter(format!(
                "parameter 'interval' must be month, year or auto, not '{}'",
                shorten(other)
            ))),
        }
    }

    /// A search request: query, filters, `sort`, `limit` (up to
    /// `max_limit`) and `offset`.
    pub fn search_request(
        &self,
        default_limit: usize,
        max_limit: usize,
    ) -> Result<SearchRequest, ApiError> {
        let (query, mode) = self.query()?;
        let sort = match self.one("sort")? {
            None | Some("relevance") => Sort::Relevance,
            Some("date") => Sort::Date,
            Some(other) => {
                return Err(ApiError::parameter(format!(
                    "parameter 'sort' must be relevance or date, not '{}'",
                    shorten(other)
                )))
            }
        };
        Ok(SearchRequest {
            query,
            mode,
            syntax: Syntax::QueryLanguage,
            filters: self.filters()?,
            sort,
            limit: self.number("limit", default_limit, 1..=max_limit)?,
            offset: self.number("offset", 0, 0..=rassegna::search::MAX_RESULT_WINDOW)?,
            skip_snippets: false,
        })
    }
}

/// `value` if it has at most `max` characters; a 414 otherwise (the
/// request's address holds more than the server reads).
fn bounded<'a>(name: &str, value: &'a str, max: usize) -> Result<&'a str, ApiError> {
    let chars = value.chars().count();
    if chars > max {
        return Err(ApiError::new(
            StatusCode::URI_TOO_LONG,
            "too_long",
            format!("parameter '{name}' has {chars} characters; at most {max} are read"),
        ));
    }
    Ok(value)
}

/// A value as quoted in a message: at most 40 characters.
fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}
