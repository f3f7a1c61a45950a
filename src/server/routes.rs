//! The API's endpoints: each parses its parameters into the library's
//! request types ([`super::params`]), runs the library on the work pool and
//! serialises the library's answer. No ranking, snippet or facet logic.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rassegna::index::ArticleIndex;
use rassegna::search::facets::person_profile;
use rassegna::search::full_text::highlighted_article;
use rassegna::search::{self, count_persons, FacetCounts, FacetRequest, SearchResults};
use serde::Serialize;

use super::error::ApiError;
use super::limits::WorkPool;
use super::params::{Params, MAX_CSV_ROWS, MAX_NAME_CHARS, MAX_PAGE, MAX_PERSONS_LISTED};

/// What every handler shares.
#[derive(Clone)]
pub struct App {
    pub index: Arc<ArticleIndex>,
    pub pool: WorkPool,
}

const FILTERS: [&str; 6] = ["q", "any", "from", "to", "person", "author"];

fn known(extra: &[&'static str]) -> Vec<&'static str> {
    FILTERS.iter().chain(extra).copied().collect()
}

/// A JSON body already serialised (on the work pool, not the async threads).
fn json(body: Vec<u8>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

fn to_json(value: &impl Serialize) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(|e| ApiError::internal(&format!("cannot write JSON: {e}")))
}

/// The facets a search counts over its whole result set: `facets` (a
/// comma-separated list of `persons`, `timeline` or `none`; both when
/// absent), `facet_limit` persons, by `interval`.
fn facets_wanted(params: &Params) -> Result<FacetRequest, ApiError> {
    let persons = params.number("facet_limit", 10, 1..=MAX_PERSONS_LISTED)?;
    let interval = params.interval()?;
    let Some(list) = params.one("facets")? else {
        return Ok(FacetRequest {
            persons,
            timeline: true,
            interval,
        });
    };
    let mut wanted = FacetRequest {
        interval,
        ..FacetRequest::default()
    };
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match name {
            "persons" => wanted.persons = persons,
            "timeline" => wanted.timeline = true,
            "none" => {}
            _ => {
                return Err(ApiError::parameter(
                    "parameter 'facets' is a comma-separated list of persons, timeline, or none",
                ))
            }
        }
    }
    Ok(wanted)
}

/// `GET /api/search`: `rassegna search --json`'s document, plus the facets.
#[derive(Serialize)]
struct SearchPage<'a> {
    #[serde(flatten)]
    results: &'a SearchResults,
    #[serde(flatten)]
    facets: &'a FacetCounts,
}

pub async fn search(State(app): State<App>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = Params::parse(
        raw.as_deref(),
        &known(&[
            "sort",
            "limit",
            "offset",
            "facets",
            "facet_limit",
            "interval",
        ]),
    )?;
    let request = params.search_request(10, MAX_PAGE)?;
    let facets = facets_wanted(&params)?;
    let body = app
        .pool
        .run(
            &app.index,
            move |index| search::search_with_facets(index, &request, &facets),
            |(results, facets)| {
                to_json(&SearchPage {
                    results: &results,
                    facets: &facets,
                })
            },
        )
        .await?;
    Ok(json(body))
}

/// `GET /api/search.csv`: the results for a spreadsheet, one row a hit.
pub async fn search_csv(
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref(), &known(&["sort", "limit", "offset"]))?;
    let mut request = params.search_request(1_000, MAX_CSV_ROWS)?;
    request.skip_snippets = true;
    let body = app
        .pool
        .run(
            &app.index,
            move |index| search::search(index, &request),
            |results| {
                csv_rows(&results)
                    .map_err(|e| ApiError::internal(&format!("cannot write CSV: {e}")))
            },
        )
        .await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"rassegna.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// `rank,date,author,id,headline,persons`, UTF-8 with a byte-order mark
/// (so that spreadsheets read accents right), persons joined by `; `.
fn csv_rows(results: &SearchResults) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(["rank", "date", "author", "id", "headline", "persons"])?;
    for hit in &results.hits {
        let a = &hit.article;
        out.write_record([
            hit.rank.to_string(),
            a.date.map(|d| d.to_string()).unwrap_or_default(),
            cell(a.author.as_deref().unwrap_or_default()),
            cell(&a.id),
            cell(&a.headline),
            cell(&a.persons.join("; ")),
        ])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// A text cell that a spreadsheet shows as text: one starting like a
/// formula (`=`, `+`, `@`, `-` before a non-space) gets a leading `'`.
fn cell(text: &str) -> String {
    let mut chars = text.chars();
    let formula = match chars.next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => chars.next().is_some_and(|c| !c.is_whitespace()),
        _ => false,
    };
    if formula {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// `GET /api/articles/{id}`: the article with its body, the words of `q`
/// highlighted. The id is only ever looked up in the index, never used as
/// a path: nothing outside the index can be read through it.
pub async fn article(
    State(app): State<App>,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::parameter(e.body_text()))?;
    let params = Params::parse(raw.as_deref(), &["q", "any"])?;
    let (query, mode) = params.query()?;
    if id.chars().count() > 1_000 {
        return Err(ApiError::new(
            StatusCode::URI_TOO_LONG,
            "too_long",
            "an article id has at most 1000 characters",
        ));
    }
    let body = app
        .pool
        .run(
            &app.index,
            move |index| highlighted_article(index, &id, &query, mode),
            |article| to_json(&article),
        )
        .await?;
    Ok(json(body))
}

/// `GET /api/persons`: `rassegna persons --json`'s list.
pub async fn persons(
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref(), &known(&["limit"]))?;
    let (query, mode) = params.query()?;
    let filters = params.filters()?;
    let limit = params.number("limit", 20, 1..=MAX_PERSONS_LISTED)?;
    let body = app
        .pool
        .run(
            &app.index,
            move |index| count_persons(index, &query, mode, &filters, limit),
            |persons| to_json(&persons),
        )
        .await?;
    Ok(json(body))
}

/// `GET /api/persons/{name}`: the person's articles over time and who is
/// mentioned with them.
pub async fn person(
    State(app): State<App>,
    name: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let Path(name) = name.map_err(|e| ApiError::parameter(e.body_text()))?;
    let params = Params::parse(raw.as_deref(), &["from", "to", "interval", "limit"])?;
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::new(
            StatusCode::URI_TOO_LONG,
            "too_long",
            format!("a person's name has at most {MAX_NAME_CHARS} characters"),
        ));
    }
    let filters = params.filters()?;
    let interval = params.interval()?;
    let limit = params.number("limit", 10, 1..=MAX_PERSONS_LISTED)?;
    let asked = name.clone();
    let body =
        app.pool
            .run(
                &app.index,
                move |index| person_profile(index, &asked, &filters, interval, limit),
                move |profile| {
                    if profile.articles == 0 {
                        return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    "unknown_person",
                    format!("no article mentions a person named «{name}» (in the dates asked for)"),
                ));
                    }
                    to_json(&profile)
                },
            )
            .await?;
    Ok(json(body))
}

/// `GET /health`: up, and how many articles the index has now.
pub async fn health(State(app): State<App>) -> Result<Response, ApiError> {
    #[derive(Serialize)]
    struct Health {
        status: &'static str,
        articles: u64,
        version: &'static str,
    }
    to_json(&Health {
        status: "ok",
        articles: app.index.num_articles(),
        version: env!("CARGO_PKG_VERSION"),
    })
    .map(json)
}

/// `GET /api/openapi.json`: the API described for clients and tests.
pub async fn openapi() -> Response {
    json(include_bytes!("openapi.json").to_vec())
}

/// Any other address.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such page or endpoint; the API is described at /api/openapi.json")
}

/// A known address with another method than GET.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "only GET (and HEAD) requests are served",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_look_like_formulas_are_kept_as_text() {
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("+39 059"), "'+39 059");
        assert_eq!(cell("-1+2"), "'-1+2");
        assert_eq!(cell("- Il sindaco"), "- Il sindaco");
        assert_eq!(cell("Modena"), "Modena");
        assert_eq!(cell(""), "");
    }
}
