//! Snippets: the passage of an article that best shows why it matched, with
//! the matched words marked.
//!
//! # Which words are marked
//!
//! Exactly those the index matched: the body is read into the same words
//! as at index time ([`WordsTokenizer`]), each decided a name or not by the
//! same rule ([`is_name`]), and a word is marked when its term ([`term_of`])
//! or its exact
//! form is one the query looked for ([`HighlightGroup`]), so `incontro`
//! marks `incontrato`, and `ferrara` marks `Ferrara` but not `Ferrari`.
//! A word of a phrase (or of a typed word the analyzer cuts in several,
//! `Emilia-Romagna`, searched as a phrase) is marked only where it stands
//! in the phrase: where each word of the phrase matches its group at the
//! position the phrase query needs, counted as the index counts them (a
//! removed stop word keeps its position, an elided article takes none), so
//! `"via Emilia"` marks `via Emilia` but not the `via` of `via Roma`, and
//! `"ministro degli esteri"` marks `ministro` and `esteri` in `ministro
//! degli esteri`. A word typed both in a phrase and alone (`"via Emilia"
//! via`) is marked alone too, as the lone word's group.
//! Stemming is costly, so only words that can stem to a query term are
//! stemmed (see `stem_prefix`), each distinct word once per search; reading
//! the words is costly too, so only the lines of the body that can hold a
//! match are read (see `snippet/lines.rs`), each from position 0 and joined
//! to the previous one through the word after it (see
//! `Snippeter::matches`).
//!
//! # Which passage
//!
//! Each word of the query (each word of a phrase) is a group. A passage of
//! at most [`SNIPPET_CHARS`] bytes is scored by the groups it shows, then by
//! their rarity (1 / (1 + document frequency)), then by how many matches it
//! holds, the earliest winning ties: a passage with every query word beats
//! one with one word twice. When no such passage shows every group the
//! article matched (the words are far apart), two passages of half the
//! length, joined by `…`, show what one cannot (as Elasticsearch's
//! `number_of_fragments` and the two-part snippets of web search do). A
//! passage starts at the beginning of its sentence when that is close
//! enough, otherwise a few words before its first match, and ends at a word
//! boundary; one that reaches the end of the article ends with the
//! article's own last character, without `…`. A phrase counts as shown only
//! whole: an occurrence of it, with any match within it, is one match that
//! a passage holds entirely or not at all (a phrase longer than a passage
//! is a passage of its own), and its words are not marked in a passage
//! that cuts it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use tantivy::tokenizer::TokenStream;
use tantivy::{Searcher, Term};

use crate::analysis::{is_name, term_of, BodyTerm, Case, StemCache, WordsTokenizer, NAME_MARK};
use crate::article::{cut_at_word, strip_dateline};
use crate::index::Fields;
use crate::search::query::HighlightGroup;
use lines::LineFilter;

mod lines;

/// About two lines of a terminal.
pub const SNIPPET_CHARS: usize = 200;

/// A passage of an article with highlighted ranges.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Snippet {
    /// The passage, on one line; `…` marks text cut before, between or
    /// after its parts.
    pub text: String,
    /// Matched words, as offsets in Unicode characters into `text`, end excluded.
    pub highlights: Vec<Highlight>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
}

/// Most groups a snippet tells apart (one bit each); words past them are
/// still marked but do not steer the choice of passage.
const MAX_GROUPS: usize = 64;

/// Past this many distinct prefixes, checking them costs more than stemming.
const MAX_PREFIXES: usize = 16;

/// One word of the query, as the snippet looks for it.
struct Group {
    /// Stems: the terms of words that are not names.
    stems: BTreeSet<String>,
    /// Names' terms, without their mark: the folded names.
    names: BTreeSet<String>,
    exact: BTreeSet<String>,
    /// Rarer words weigh more when choosing the passage.
    weight: f32,
}

/// A phrase of the query, as the snippet looks for it: its words' groups
/// (as bits) with their offsets in the phrase, the first at 0.
struct Phrase {
    words: Vec<(u64, usize)>,
}

impl Group {
    /// Whether a body word of this term matches the group.
    fn has(&self, term: BodyTerm) -> bool {
        match term {
            BodyTerm::Name(name) => self.names.contains(name),
            BodyTerm::Stem(stem) => self.stems.contains(stem),
        }
    }
}

/// A matched word of the body: its byte range, the groups it matches, and
/// its position (only the differences between two positions mean
/// anything: those of the index's positions, see [`Snippeter::matches`]).
#[derive(Clone, Copy, Debug)]
struct Match {
    from: usize,
    to: usize,
    groups: u64,
    position: usize,
}

/// What a passage shows whole or not at all: one matched word, or an
/// occurrence of a phrase (overlapping occurrences joined) with the
/// matched words within it, `marks` (indices into the matches).
#[derive(Clone, Debug)]
struct Unit {
    from: usize,
    to: usize,
    groups: u64,
    marks: Range<usize>,
}

/// Makes snippets for one query; build it once per search.
pub struct Snippeter {
    groups: Vec<Group>,
    /// The query's phrases whose every word has a group.
    phrases: Vec<Phrase>,
    /// The groups that are words of a phrase (one bit each).
    phrase_groups: u64,
    /// The largest offset of a phrase's last word: how many positions
    /// apart two words of one occurrence can be.
    phrase_span: usize,
    /// Folded words start with one of these when they can stem to a term;
    /// `None` when every word must be stemmed (short or very many terms).
    prefixes: Option<Vec<String>>,
    /// The lines of a body that can hold a match; `None` when every line
    /// must be read (every word must be stemmed).
    lines: Option<LineFilter>,
    words: WordsTokenizer,
    stems: StemCache,
    /// Folded word (not a name) → the groups its stem matches, for this search.
    seen: FxHashMap<String, u64>,
    /// The words of the current body written with a capital inside a
    /// sentence, among those that match differently as names.
    capitals: FxHashSet<String>,
}

/// The start that every word stemming to `term` has. Italian Snowball stems
/// a folded word by cutting suffixes; the only rules that append letters
/// (`-enza` → `-ente`, and an attached pronoun after `-ar/-er/-ir` → `-e`)
/// change at most the last two letters of the stem, so the word starts with
/// the stem less its last three bytes (one of margin), cut back to a
/// character boundary. `None` when that leaves nothing.
fn stem_prefix(term: &str) -> Option<&str> {
    let mut cut = term.len().saturating_sub(3);
    while !term.is_char_boundary(cut) {
        cut -= 1;
    }
    (cut > 0).then(|| &term[..cut])
}

impl Snippeter {
    /// `groups` are what the query matches, word by word
    /// ([`crate::search::query::CompiledQuery::highlights`]); a group that
    /// matches no article of the index is dropped, and with it the other
    /// words of its phrase (the phrase matches nothing either).
    pub fn new(searcher: &Searcher, fields: &Fields, groups: &[HighlightGroup]) -> Snippeter {
        let frequency = |field, text: &str| {
            searcher
                .doc_freq(&Term::from_field_text(field, text))
                .unwrap_or(0)
        };
        Snippeter::with_frequencies(groups, |group| {
            group
                .terms
                .iter()
                .map(|t| frequency(fields.body, t))
                .chain(group.exact.iter().map(|e| frequency(fields.body_exact, e)))
                .max()
                .unwrap_or(0)
        })
    }

    /// As [`Snippeter::new`], with each group's document frequency (the
    /// largest of its terms') given by `frequency`.
    fn with_frequencies(
        groups: &[HighlightGroup],
        frequency: impl Fn(&HighlightGroup) -> u64,
    ) -> Snippeter {
        let frequencies: Vec<u64> = groups.iter().map(frequency).collect();
        let found: Vec<usize> = (0..groups.len())
            .filter(|&i| frequencies[i] > 0)
            .take(MAX_GROUPS)
            .collect();
        // A phrase is looked for when each of its words is.
        let incomplete: BTreeSet<usize> = (0..groups.len())
            .filter(|i| !found.contains(i))
            .filter_map(|i| groups[i].phrase.map(|place| place.phrase))
            .collect();
        let kept: Vec<usize> = found
            .into_iter()
            .filter(|&i| {
                groups[i]
                    .phrase
                    .is_none_or(|place| !incomplete.contains(&place.phrase))
            })
            .collect();
        let mut phrases: BTreeMap<usize, Vec<(u64, usize)>> = BTreeMap::new();
        for (bit, &i) in kept.iter().enumerate() {
            if let Some(place) = groups[i].phrase {
                phrases
                    .entry(place.phrase)
                    .or_default()
                    .push((1 << bit, place.offset));
            }
        }
        let phrases: Vec<Phrase> = phrases
            .into_values()
            .map(|mut words| {
                words.sort_by_key(|&(_, offset)| offset);
                Phrase { words }
            })
            .collect();
        let phrase_groups = phrases
            .iter()
            .flat_map(|p| &p.words)
            .fold(0, |set, &(bit, _)| set | bit);
        let phrase_span = phrases
            .iter()
            .filter_map(|p| p.words.last())
            .map(|&(_, offset)| offset)
            .max()
            .unwrap_or(0);
        let groups: Vec<Group> = kept
            .iter()
            .map(|&i| {
                let (group, df) = (&groups[i], frequencies[i]);
                let (names, stems): (BTreeSet<&String>, BTreeSet<&String>) = group
                    .terms
                    .iter()
                    .partition(|term| term.starts_with(NAME_MARK));
                Group {
                    stems: stems.into_iter().cloned().collect(),
                    names: names
                        .into_iter()
                        .map(|name| name.trim_start_matches(NAME_MARK).to_string())
                        .collect(),
                    exact: group.exact.clone(),
                    weight: 1.0 / (1.0 + df as f32),
                }
            })
            .collect();
        let mut prefixes: Option<Vec<String>> = groups
            .iter()
            .flat_map(|g| g.stems.iter())
            .map(|t| stem_prefix(t).map(str::to_string))
            .collect();
        if let Some(list) = &mut prefixes {
            list.sort();
            list.dedup();
            if list.len() > MAX_PREFIXES {
                prefixes = None;
            }
        }
        // Every folded word that matches starts with its stem's prefix or,
        // for a short stem, with its first letter (stemming only cuts and
        // changes the end of a word), or is an exact form or a name.
        let stem_keys: Vec<String> = groups
            .iter()
            .flat_map(|g| g.stems.iter())
            .filter_map(|stem| match stem_prefix(stem) {
                Some(prefix) => Some(prefix.to_string()),
                None => stem.chars().next().map(String::from),
            })
            .collect();
        let lines = LineFilter::new(
            stem_keys
                .iter()
                .chain(groups.iter().flat_map(|g| g.exact.iter().chain(&g.names))),
        );
        Snippeter {
            groups,
            phrases,
            phrase_groups,
            phrase_span,
            prefixes,
            lines,
            words: WordsTokenizer::default(),
            stems: StemCache::new(),
            seen: FxHashMap::default(),
            capitals: FxHashSet::default(),
        }
    }

    /// Every word of `text` the query matched, as character offsets: the
    /// whole article highlighted the way its snippet is
    /// ([`crate::search::full_text`]).
    pub fn highlights(&mut self, text: &str) -> Vec<Highlight> {
        let matches = self.matches(text);
        // Byte offsets to character offsets, counting as the matches go by.
        let (mut byte, mut chars) = (0, 0);
        let mut to_chars = |offset: usize| {
            chars += text.get(byte..offset).map_or(0, |s| s.chars().count());
            byte = offset;
            chars
        };
        matches
            .iter()
            .map(|m| Highlight {
                start: to_chars(m.from),
                end: to_chars(m.to),
            })
            .collect()
    }

    /// The best passage (or two) of `body`, or its opening after the
    /// `headline` when nothing matches.
    pub fn snippet(&mut self, body: &str, headline: &str) -> Snippet {
        let (matches, occurrences) = self.matches_and_occurrences(body);
        let units = units(&matches, occurrences);
        if let Some(parts) = choose_parts(&units, &self.groups) {
            return assemble(body, &units, &matches, &parts);
        }
        // Nothing to highlight (a filter-only search): show how the article
        // goes on after the headline, which is printed anyway.
        let lead = strip_dateline(body);
        let after_headline = lead
            .strip_prefix(headline)
            .map(str::trim_start)
            .filter(|rest| !rest.is_empty())
            .unwrap_or(lead);
        // Only as much of the article as the line shows is put on one line.
        let (opening, _) = one_line(first_visible_chars(after_headline, SNIPPET_CHARS + 1));
        Snippet {
            text: cut_at_word(&opening, SNIPPET_CHARS),
            highlights: Vec::new(),
        }
    }

    /// The byte ranges of the lines of `body` that can hold a match
    /// (`snippet/lines.rs`); `None` when every line must be read.
    fn lines_to_read(&mut self, body: &str) -> Option<Vec<Range<usize>>> {
        let Snippeter {
            groups,
            prefixes,
            lines,
            stems,
            seen,
            ..
        } = self;
        let lines = lines.as_mut()?;
        Some(lines.lines(body, |word| {
            groups_with(groups, |g| {
                g.exact.contains(word) || g.has(BodyTerm::Name(word))
            }) != 0
                || common_groups(groups, prefixes, seen, stems, word) != 0
        }))
    }

    /// The words of `body` that the query matched, in order.
    ///
    /// The body is read as the indexer reads it, but in one pass and
    /// without keeping every word: a word's case decides whether it is a
    /// name ([`is_name`]) except for a word whose case says nothing
    /// ([`Case::Unknown`]), which is a name when the article writes it with
    /// a capital inside a sentence anywhere, before or after. Such a word
    /// waits until the end of the body, but only when it would match
    /// differently as a name and as a common word; the capitals are noted
    /// only for those words.
    ///
    /// A word of a phrase is kept only where the words before and after it
    /// in the body make the phrase ([`occurrences`]): at the positions the
    /// index gave them, which count the stop words in between. Only some
    /// parts of the body are read, each from position 0: a part's
    /// positions are joined to the previous part's through the first word
    /// after it, which the previous part's reading reads too (it reads on
    /// through the text between them, as far as a phrase can reach).
    fn matches(&mut self, body: &str) -> Vec<Match> {
        self.matches_and_occurrences(body).0
    }

    /// [`Snippeter::matches`], with the occurrences of the query's phrases
    /// among them (indices of each one's first and last word).
    fn matches_and_occurrences(&mut self, body: &str) -> (Vec<Match>, Vec<(usize, usize)>) {
        if self.groups.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let ranges = self
            .lines_to_read(body)
            .unwrap_or_else(|| std::iter::once(0..body.len()).collect());
        let Snippeter {
            groups,
            phrases,
            phrase_groups,
            phrase_span,
            prefixes,
            words,
            stems,
            seen,
            capitals,
            ..
        } = self;
        capitals.clear();
        // Words whose case says nothing and whose match depends on it:
        // (index in `found`, folded word, groups as a name, as a common word).
        let mut pending: Vec<(usize, String, u64, u64)> = Vec::new();
        let mut found = Vec::new();
        // Positions: the current part's position 0 is `base`; `next_free`
        // is further than `phrase_span` from every position given so far
        // (where a part not joined to the previous one starts). The word
        // the previous part's reading ended on: (its offset, its position).
        let (mut base, mut next_free) = (0, 0);
        let mut after_previous: Option<(usize, usize)> = None;
        for (n, range) in ranges.iter().enumerate() {
            let mut stream = words.token_stream_from(body, range.start);
            let previous = after_previous.take();
            let mut first = true;
            let mut last_position = None;
            while stream.advance() {
                let case = stream.case();
                let token = stream.token();
                if first {
                    first = false;
                    base = match previous {
                        Some((offset, position)) if offset == token.offset_from => {
                            position.saturating_sub(token.position)
                        }
                        _ => next_free,
                    };
                }
                if token.offset_from >= range.end {
                    if let (false, Some(next)) = (phrases.is_empty(), ranges.get(n + 1)) {
                        // Read on to the next part, while a phrase can
                        // reach it from this one.
                        let reach = last_position.unwrap_or(token.position) + *phrase_span;
                        loop {
                            let token = stream.token();
                            let (offset, position) = (token.offset_from, token.position);
                            last_position = Some(position);
                            if position > reach {
                                break;
                            }
                            if offset >= next.start {
                                after_previous = Some((offset, base + position));
                                break;
                            }
                            if !stream.advance() {
                                break;
                            }
                        }
                    }
                    break;
                }
                last_position = Some(token.position);
                let position = base + token.position;
                let exact = token.text.as_str();
                let as_exact = groups_with(groups, |g| g.exact.contains(exact));
                let mut as_common = || common_groups(groups, prefixes, seen, stems, exact);
                let as_name = || groups_with(groups, |g| g.has(BodyTerm::Name(exact)));
                let matched = match case {
                    Case::Lower => as_exact | as_common(),
                    Case::Capital => {
                        let (name, common) = (as_name(), as_common());
                        if name != common {
                            capitals.insert(exact.to_string());
                        }
                        as_exact | name
                    }
                    Case::Unknown => {
                        let (name, common) = (as_name(), as_common());
                        if name == common {
                            as_exact | name
                        } else if is_name(case, exact, || false) {
                            // A place: a name without looking further.
                            as_exact | name
                        } else {
                            pending.push((found.len(), exact.to_string(), name, common));
                            found.push(Match {
                                from: token.offset_from,
                                to: token.offset_to,
                                groups: as_exact,
                                position,
                            });
                            continue;
                        }
                    }
                };
                if matched != 0 {
                    found.push(Match {
                        from: token.offset_from,
                        to: token.offset_to,
                        groups: matched,
                        position,
                    });
                }
            }
            if let Some(last) = last_position {
                next_free = next_free.max(base + last + *phrase_span + 1);
            }
        }
        for (at, exact, name, common) in pending {
            let is_a_name = is_name(Case::Unknown, &exact, || capitals.contains(&exact));
            found[at].groups |= if is_a_name { name } else { common };
        }
        if phrases.is_empty() {
            found.retain(|m| m.groups != 0);
            return (found, Vec::new());
        }
        let (in_phrases, mut spans) = occurrences(&found, phrases);
        // Where each match stands once those left without a group are
        // gone; an occurrence's first and last words keep theirs.
        let mut kept = 0;
        let mut index_after = Vec::with_capacity(found.len());
        for (m, in_phrases) in found.iter_mut().zip(in_phrases) {
            m.groups = m.groups & !*phrase_groups | in_phrases;
            index_after.push(kept);
            kept += usize::from(m.groups != 0);
        }
        found.retain(|m| m.groups != 0);
        for (first, last) in &mut spans {
            (*first, *last) = (index_after[*first], index_after[*last]);
        }
        (found, spans)
    }
}

/// The matches as a passage shows them: the words of an occurrence of a
/// phrase (`occurrences`, first and last word), and the matches between
/// them, one unit; each other match a unit of its own.
fn units(matches: &[Match], mut spans: Vec<(usize, usize)>) -> Vec<Unit> {
    spans.sort_unstable();
    let mut spans = spans.into_iter().peekable();
    let mut units = Vec::with_capacity(matches.len());
    let mut first = 0;
    while first < matches.len() {
        let mut last = first;
        while let Some((_, end)) = spans.next_if(|&(start, _)| start <= last) {
            last = last.max(end);
        }
        units.push(Unit {
            from: matches[first].from,
            to: matches[last].to,
            groups: matches[first..=last]
                .iter()
                .fold(0, |set, m| set | m.groups),
            marks: first..last + 1,
        });
        first = last + 1;
    }
    units
}

/// The occurrences of `phrases` among `matches` (in order of position):
/// for each match, the groups of the phrases' words it stands for in an
/// occurrence, and each occurrence as the indices of its first and last
/// word. An occurrence is a match of a phrase's first word, followed by a
/// match of each other word at its offset from it: the positions tantivy's
/// phrase query compares (whatever word fills a stop word's gap).
fn occurrences(matches: &[Match], phrases: &[Phrase]) -> (Vec<u64>, Vec<(usize, usize)>) {
    let mut in_phrases = vec![0; matches.len()];
    let mut spans = Vec::new();
    let at = |position: usize, bit: u64| {
        matches
            .binary_search_by_key(&position, |m| m.position)
            .ok()
            .filter(|&i| matches[i].groups & bit != 0)
    };
    for phrase in phrases {
        let Some(&(first_bit, _)) = phrase.words.first() else {
            continue;
        };
        for (start, m) in matches.iter().enumerate() {
            if m.groups & first_bit == 0 {
                continue;
            }
            let words: Option<Vec<(usize, u64)>> = phrase
                .words
                .iter()
                .map(|&(bit, offset)| at(m.position + offset, bit).map(|i| (i, bit)))
                .collect();
            let Some(words) = words else {
                continue;
            };
            for &(i, bit) in &words {
                in_phrases[i] |= bit;
            }
            let end = words.last().map_or(start, |&(i, _)| i);
            spans.push((start, end));
        }
    }
    (in_phrases, spans)
}

/// The groups that the folded word `exact`, read as a common word, matches:
/// its stem's, when it can stem to a query term (it starts with one of the
/// `prefixes`); each distinct word is stemmed once per search (`seen`).
fn common_groups(
    groups: &[Group],
    prefixes: &Option<Vec<String>>,
    seen: &mut FxHashMap<String, u64>,
    stems: &mut StemCache,
    exact: &str,
) -> u64 {
    if !prefixes
        .as_ref()
        .is_none_or(|list| list.iter().any(|p| exact.starts_with(p.as_str())))
    {
        return 0;
    }
    if let Some(&known) = seen.get(exact) {
        return known;
    }
    let term = term_of(exact, false, stems);
    let known = groups_with(groups, |g| g.has(term));
    seen.insert(exact.to_string(), known);
    known
}

/// The bit set of the groups for which `test` holds.
fn groups_with(groups: &[Group], mut test: impl FnMut(&Group) -> bool) -> u64 {
    groups
        .iter()
        .enumerate()
        .filter(|(_, g)| test(g))
        .fold(0, |set, (i, _)| set | (1 << i))
}

/// A run of matches `first..=last` chosen for a passage.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Part {
    first: usize,
    last: usize,
    groups: u64,
}

/// How good a run of matches is: groups shown, their weight, matches held,
/// and earlier is better (compared in that order).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
struct Score {
    groups: u32,
    weight: f32,
    matches: usize,
}

fn weight_of(set: u64, groups: &[Group]) -> f32 {
    groups
        .iter()
        .enumerate()
        .filter(|(i, _)| set & (1 << i) != 0)
        .map(|(_, g)| g.weight)
        .sum()
}

/// The best run of units spanning at most `budget` bytes (a phrase longer
/// than that is a run of its own), among those `allowed`, scored on the
/// groups not in `known` (the groups of a passage already chosen). Two
/// pointers over the units, with a count per group: linear in their number.
fn best_run(
    matches: &[Unit],
    groups: &[Group],
    budget: usize,
    known: u64,
    allowed: impl Fn(usize) -> bool,
) -> Option<(Part, Score)> {
    let mut counts = [0u32; MAX_GROUPS];
    let mut set = 0u64;
    let mut best: Option<(Part, Score)> = None;
    let mut last = 0;
    for first in 0..matches.len() {
        if first > 0 && allowed(first - 1) {
            // Leave the previous first match out of the run.
            let left = matches[first - 1].groups;
            for (i, count) in counts.iter_mut().enumerate() {
                if left & (1 << i) != 0 {
                    *count -= 1;
                    if *count == 0 {
                        set &= !(1 << i);
                    }
                }
            }
        }
        if !allowed(first) {
            last = last.max(first + 1);
            continue;
        }
        last = last.max(first);
        let phrase_alone = last == first && matches[first].marks.len() > 1;
        while last < matches.len()
            && allowed(last)
            && (matches[last].to - matches[first].from <= budget || (phrase_alone && last == first))
        {
            let groups_here = matches[last].groups;
            for (i, count) in counts.iter_mut().enumerate() {
                if groups_here & (1 << i) != 0 {
                    *count += 1;
                    set |= 1 << i;
                }
            }
            last += 1;
        }
        if last == first {
            // A single word longer than the budget.
            continue;
        }
        let new = set & !known;
        let score = Score {
            groups: new.count_ones(),
            weight: weight_of(new, groups),
            matches: last - first,
        };
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((
                Part {
                    first,
                    last: last - 1,
                    groups: set,
                },
                score,
            ));
        }
    }
    best
}

/// One passage, or two when two half-length passages show groups that no
/// single passage shows; `None` when nothing matched.
fn choose_parts(matches: &[Unit], groups: &[Group]) -> Option<Vec<(Part, usize)>> {
    let all = matches.iter().fold(0, |set, m| set | m.groups);
    if all == 0 {
        return None;
    }
    let (one, _) = best_run(matches, groups, SNIPPET_CHARS, 0, |_| true)?;
    if one.groups == all {
        return Some(vec![(one, SNIPPET_CHARS)]);
    }
    let half = SNIPPET_CHARS / 2;
    let (first, _) = best_run(matches, groups, half, 0, |_| true)?;
    let second = best_run(matches, groups, half, first.groups, |i| {
        i < first.first || i > first.last
    });
    match second {
        Some((second, score))
            if score.groups > 0
                && (first.groups | second.groups).count_ones() > one.groups.count_ones() =>
        {
            let mut parts = vec![(first, half), (second, half)];
            parts.sort_by_key(|(part, _)| part.first);
            Some(parts)
        }
        _ => Some(vec![(one, SNIPPET_CHARS)]),
    }
}

/// Characters that may stand before a sentence's first word.
fn opens(c: char) -> bool {
    c.is_whitespace() || matches!(c, '«' | '"' | '“' | '(' | '\'' | '‘')
}

/// The byte range of the passage around the matches `from..to` of `body`:
/// at most `budget` bytes (more only when the matches need it), within
/// `bounds` (what other passages leave free). It starts at the start of the
/// sentence when that is within two thirds of the free space before the
/// matches, otherwise at a word about a third of it before them; it ends at
/// a word boundary, or at the end of the article when that is within reach.
fn passage(
    body: &str,
    from: usize,
    to: usize,
    budget: usize,
    bounds: Range<usize>,
) -> Range<usize> {
    let free = budget.saturating_sub(to - from);
    let reach = floor_char(body, from.saturating_sub(free * 2 / 3).max(bounds.start));
    let start = sentence_start(body, reach, from).unwrap_or_else(|| {
        let lead = floor_char(body, from.saturating_sub(free / 3).max(bounds.start));
        word_start(body, lead, from)
    });
    let text_end = body.trim_end().len();
    let limit = (start + budget).max(to).min(bounds.end);
    if limit >= text_end {
        return start..text_end;
    }
    let limit = floor_char(body, limit);
    // The last space before the limit, but not before the matches.
    let end = body[to..limit]
        .rfind(char::is_whitespace)
        .map_or(to, |space| to + space);
    start..body[..end].trim_end().len().max(to)
}

/// Where the sentence holding `from` starts, if that is at or after
/// `reach`: after a full stop, question or exclamation mark, ellipsis or
/// line break followed by a space, and after the spaces and opening quotes
/// that follow; or the start of the text.
fn sentence_start(body: &str, reach: usize, from: usize) -> Option<usize> {
    let before = &body[reach..from];
    let end_of_previous = before
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | '…' | '\n')
                && before[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .map(|(i, c)| reach + i + c.len_utf8())
        .or((reach == 0).then_some(0))?;
    let rest = &body[end_of_previous..from];
    Some(end_of_previous + (rest.len() - rest.trim_start_matches(opens).len()))
}

/// The start of the first word that begins at or after `at` (before
/// `from`): `at` itself at the start of the text or after a space.
fn word_start(body: &str, at: usize, from: usize) -> usize {
    if at == 0 || body[..at].ends_with(char::is_whitespace) {
        return at;
    }
    match body[at..from].find(char::is_whitespace) {
        Some(space) => {
            let after = &body[at + space..from];
            at + space + (after.len() - after.trim_start().len())
        }
        None => from,
    }
}

/// The largest character boundary of `text` at or before `at`.
fn floor_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The snippet made of `parts` (in text order) of `body`, runs of
/// `units`; the words marked are the `matches` of the units it shows whole.
fn assemble(body: &str, units: &[Unit], matches: &[Match], parts: &[(Part, usize)]) -> Snippet {
    let mut text = String::with_capacity(SNIPPET_CHARS + 16);
    let mut highlights = Vec::new();
    let mut chars = 0;
    let mut previous_end = 0;
    for (n, (part, budget)) in parts.iter().enumerate() {
        let from = units[part.first].from;
        let to = units[part.last].to;
        // A passage ends before the next one's matches start.
        let next_from = parts
            .get(n + 1)
            .map_or(body.len(), |(next, _)| units[next.first].from);
        let range = passage(body, from, to, *budget, previous_end..next_from);
        let joined = n > 0 && body[previous_end..range.start].trim().is_empty();
        if n > 0 {
            text.push(' ');
            chars += 1;
        }
        if !joined && range.start > 0 {
            text.push('…');
            chars += 1;
        }
        let (line, char_at) = one_line(&body[range.clone()]);
        let relative: Vec<Range<usize>> = units
            .iter()
            .filter(|u| u.from >= range.start && u.to <= range.end)
            .flat_map(|u| &matches[u.marks.clone()])
            .map(|m| m.from - range.start..m.to - range.start)
            .collect();
        highlights.extend(
            tantivy::snippet::collapse_overlapped_ranges(&relative)
                .into_iter()
                .filter_map(|r| {
                    Some(Highlight {
                        start: chars + *char_at.get(r.start)?,
                        end: chars + *char_at.get(r.end)?,
                    })
                }),
        );
        chars += line.chars().count();
        text.push_str(&line);
        previous_end = range.end;
    }
    if previous_end < body.trim_end().len() {
        text.push('…');
    }
    Snippet { text, highlights }
}

/// `text` up to its `n`-th character that is not white space (all of it
/// when it has fewer): on one line, the first `n` characters of `text`'s
/// line, enough for [`cut_at_word`] to cut as it cuts the whole line.
fn first_visible_chars(text: &str, n: usize) -> &str {
    let end = text
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .nth(n)
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// Puts a passage on one line: every run of white space (paragraph breaks
/// included) becomes one space. Also returns, for each byte offset of the
/// input, the character offset it maps to in the output (one entry past the
/// end), so highlight ranges can follow.
fn one_line(text: &str) -> (String, Vec<usize>) {
    let mut line = String::with_capacity(text.len());
    let mut char_at = vec![0; text.len() + 1];
    let mut chars = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                line.push(' ');
                chars += 1;
            }
            in_space = true;
            // Every byte of the run maps to the one space that replaces it.
            char_at[i..i + c.len_utf8()].fill(chars - 1);
        } else {
            in_space = false;
            char_at[i..i + c.len_utf8()].fill(chars);
            line.push(c);
            chars += 1;
        }
    }
    char_at[text.len()] = chars;
    (line, char_at)
}

impl Snippet {
    /// The text with each highlight wrapped in `open` … `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        let mut next = 0;
        let chars: Vec<char> = self.text.chars().collect();
        for h in &self.highlights {
            out.extend(&chars[next.min(chars.len())..h.start.min(chars.len())]);
            out.push_str(open);
            out.extend(&chars[h.start.min(chars.len())..h.end.min(chars.len())]);
            out.push_str(close);
            next = h.end;
        }
        out.extend(&chars[next.min(chars.len())..]);
        out
    }
}

#[cfg(test)]
mod tests;
