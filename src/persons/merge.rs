//! Filters and within-article alias merging: decides which candidates are persons and adds
//! partial mentions (`Putin`, `Kim`) to the full name they stand for.

use std::collections::HashMap;

use super::article_words::LowerWords;
use super::candidates::Candidate;
use super::lexicon::{lower_ends_with_any, plain_apostrophes, FxBuild};
use super::lexicon::{FIRST, FOREIGN_PARTICLE, FUNCTION, PARTICLE, REGNAL};
use super::tokens::{Kind, Shape, Token};
use super::Person;

/// What a candidate may become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A full name with evidence of being a person: it founds a person.
    Anchor,
    /// A lone first name: counts only as an alias of an anchor.
    FirstName,
    /// A multi-word name without evidence: counts only as an alias of an anchor. (Promoting
    /// those whose surname recurs alone, `Floyd Mayweather` … `Mayweather`, was tried: half of
    /// what it adds is shops and firms, `Officina Ansaloni` … `Ansaloni`.)
    Weak,
    /// A lone surname: an alias if it matches an anchor, else a person if some mention of it has a cue.
    Surname { cued: bool },
}

/// One candidate, ready for merging.
#[derive(Debug)]
pub(crate) struct Mention {
    /// Token position, for order and for choosing the nearest full name.
    pos: usize,
    /// First token of the mention as written: `pos`, or the title before it that names are
    /// written with (`don Sturzo`), which is in the mention and not in the name.
    from: usize,
    /// Token range of the name as written (a regnal title kept in `display` is outside it).
    end: usize,
    /// Lower-case name words, elided particles glued to their word (`dell'utri`).
    key: NameKey,
    display: String,
    role: Role,
}

/// Turns candidates into mentions, applying the person filters. `lower` tells whether a word
/// also occurs in lower case in the article (then it is probably a common noun).
pub(crate) fn mentions(
    tokens: &[Token],
    candidates: &[Candidate],
    lower: &LowerWords,
) -> Vec<Mention> {
    let mut mentions: Vec<(Mention, bool)> = candidates
        .iter()
        .map(|c| {
            let words = &tokens[c.start..c.end];
            let mut key = NameKey::new(words);
            let mut display = display(words);
            // Endings such as `-zione` mark common nouns; so does a word the article also
            // writes in lower case (articles and particles inside names aside: `Kim Jong Un`).
            let common_suffix = || {
                words
                    .iter()
                    .any(|t| t.is_name() && has_common_noun_suffix(t.text))
            };
            let looks_common = || {
                common_suffix()
                    || words
                        .iter()
                        .any(|t| t.is_name() && !t.has(FUNCTION | PARTICLE) && lower.contains(t))
            };
            // A verb or an age is evidence only for a name that can be its subject.
            let verb_or_age = (c.cues.saying || c.cues.age) && !c.after_determiner;
            // A title right before is strong evidence; a looser cue needs words that do not
            // read as common nouns (`il direttore del Nucleo Tutela Patrimonio`).
            let title = if c.lone {
                c.cues.title_near
            } else {
                c.cues.title_wide
            };
            let cued = (c.cues.title_near && !common_suffix())
                || ((title || verb_or_age) && !looks_common());
            let role = match c.regnal {
                // `Papa Francesco`: the title is the only thing that makes the first name a person.
                Some(p) if c.lone && c.first_name => {
                    let title = capitalise(tokens[p].text);
                    key.prepend(&title.to_lowercase());
                    display = format!("{title} {display}");
                    Role::Anchor
                }
                _ if c.lone && c.first_name => Role::FirstName,
                _ if c.lone => {
                    // A cue counts only if the name is not just a capitalised sentence start.
                    let trusted = !c.sentence_initial || c.cues.title_near;
                    Role::Surname {
                        cued: trusted && cued,
                    }
                }
                _ if c.first_name || c.foreign_particle || cued => Role::Anchor,
                _ => Role::Weak,
            };
            // Only a weak name may need this, and it may build the article's word set.
            let plain = role == Role::Weak && !c.sentence_initial && !looks_common();
            (
                Mention {
                    pos: c.start,
                    from: c.start,
                    end: c.end,
                    key,
                    display,
                    role,
                },
                plain,
            )
        })
        .collect();
    // `Vladimir Putin e Kim Jong Un`: a full name listed with a person is a person.
    for i in 0..mentions.len() {
        let listed_with_person = |j: usize| {
            let (a, b) = (&candidates[i.min(j)], &candidates[i.max(j)]);
            mentions[j].0.role == Role::Anchor
                && a.end + 1 == b.start
                && matches!(tokens[a.end].text, "e" | "ed" | ",")
        };
        let promote = mentions[i].0.role == Role::Weak
            && mentions[i].1
            && ((i > 0 && listed_with_person(i - 1))
                || (i + 1 < mentions.len() && listed_with_person(i + 1)));
        if promote {
            mentions[i].0.role = Role::Anchor;
        }
    }
    mentions.into_iter().map(|(m, _)| m).collect()
}

/// A name the tagger found at tokens `start..end`, ready for merging: a full name founds a
/// person, a lone name word is a person unless it is part of a full name of the article.
/// `from` (at most `start`) is where the mention as written begins: a title kept in it
/// (`don Sturzo`) is not part of the name.
pub(crate) fn tagged(tokens: &[Token], from: usize, start: usize, end: usize) -> Mention {
    // A nickname in quotes (`Giuseppe "Pippo" Calò`) is part of the span, not of the name.
    let mut quoted = false;
    let words: Vec<Token> = tokens[start..end]
        .iter()
        .filter(|t| {
            let quote = t.kind == Kind::Punct && t.text.starts_with(['“', '”', '"', '«', '»']);
            quoted ^= quote;
            !quote && !quoted
        })
        .copied()
        .collect();
    let words = words.as_slice();
    let mut key = NameKey::new(words);
    let mut display = display(words);
    let name_words = words
        .iter()
        .filter(|t| t.is_name() && !t.has(PARTICLE | FOREIGN_PARTICLE))
        .count();
    let lone = name_words <= 1;
    let first_name = words.first().is_some_and(|t| t.has(FIRST));
    let regnal = start
        .checked_sub(1)
        .filter(|&p| tokens[p].kind == Kind::Word && tokens[p].has(REGNAL));
    let role = match regnal {
        Some(p) if lone && first_name => {
            let title = capitalise(tokens[p].text);
            key.prepend(&title.to_lowercase());
            display = format!("{title} {display}");
            Role::Anchor
        }
        _ if lone => Role::Surname { cued: true },
        _ => Role::Anchor,
    };
    Mention {
        pos: start,
        from: from.min(start),
        end,
        key,
        display,
        role,
    }
}

/// Endings of Italian abstract nouns and adjectives that no surname has (`Vivisezione`,
/// `Arredamenti`, `Comunità`… are offices, firms and campaigns).
fn has_common_noun_suffix(word: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "zione", "zioni", "sione", "sioni", "mento", "menti", "ità", "ismo", "ologia", "iche",
    ];
    lower_ends_with_any(word, SUFFIXES)
}

/// A person being assembled.
struct Entry {
    key: NameKey,
    display: String,
    /// Token ranges of the mentions.
    positions: Vec<(usize, usize)>,
    /// Starts of the full-name mentions (its own and those of shorter names it absorbed),
    /// sorted, for finding the one nearest a partial mention.
    anchors: Vec<usize>,
    /// Start of the last partial mention given to it (partial mentions are given in text
    /// order, so it is the nearest before any later one).
    last_alias: Option<usize>,
    alive: bool,
}

/// A lone surname waiting for a cue: key, display, token ranges, cued.
type LoneSurname = (NameKey, String, Vec<(usize, usize)>, bool);

/// A person of the article with the token ranges of its mentions, in text order.
pub(crate) struct MergedPerson {
    pub person: Person,
    pub spans: Vec<(usize, usize)>,
}

/// Names longer than this are not looked up as parts of other names (no real alias is), so
/// that indexing the parts of a name stays linear in its length.
const MAX_PART_WORDS: usize = 8;

/// Which entries contain a run of words: every run of up to [`MAX_PART_WORDS`] words of every
/// entry's key, mapped to the entries that have it. Built once, it answers "which full names
/// contain `Rossi`" without comparing every pair of names, which would make a long article
/// quadratic.
struct PartIndex(HashMap<NameKey, Vec<usize>, FxBuild>);

impl PartIndex {
    fn new(entries: &[Entry]) -> Self {
        let mut parts: HashMap<NameKey, Vec<usize>, FxBuild> = HashMap::default();
        for (i, e) in entries.iter().enumerate() {
            let words: Vec<&str> = e.key.words().collect();
            for start in 0..words.len() {
                for end in start + 1..=(start + MAX_PART_WORDS).min(words.len()) {
                    let list = parts
                        .entry(NameKey::of_words(&words[start..end]))
                        .or_default();
                    // A run may recur within one name (`Ali Ali`): list the entry once.
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        PartIndex(parts)
    }

    /// The entries whose key contains `key` as a run of words.
    fn containing(&self, key: &NameKey) -> &[usize] {
        self.0.get(key).map_or(&[], Vec::as_slice)
    }
}

/// Merges mentions into persons, in order of first mention. Linear in the number of mentions
/// (save a logarithm): names are found through hash maps, never by comparing all pairs.
pub(crate) fn merge(mentions: &[Mention]) -> Vec<MergedPerson> {
    let is_anchor = |m: &Mention| m.role == Role::Anchor;
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_key: HashMap<&NameKey, usize, FxBuild> = HashMap::default();
    for m in mentions.iter().filter(|m| is_anchor(m)) {
        match by_key.get(&m.key) {
            Some(&i) => entries[i].positions.push((m.from, m.end)),
            None => {
                by_key.insert(&m.key, entries.len());
                entries.push(Entry {
                    key: m.key.clone(),
                    display: m.display.clone(),
                    positions: vec![(m.from, m.end)],
                    anchors: Vec::new(),
                    last_alias: None,
                    alive: true,
                });
            }
        }
    }
    let parts = PartIndex::new(&entries);
    absorb_shorter_names(&mut entries, &parts);
    for e in entries.iter_mut() {
        e.anchors = e.positions.iter().map(|&(s, _)| s).collect();
        e.anchors.sort_unstable();
    }

    // Partial mentions go to the full name they are part of; lone surnames without one wait.
    let mut partial: Vec<&Mention> = mentions.iter().filter(|m| !is_anchor(m)).collect();
    partial.sort_by_key(|m| m.pos);
    let mut surnames: Vec<LoneSurname> = Vec::new();
    let mut surname_index: HashMap<NameKey, usize, FxBuild> = HashMap::default();
    for m in partial {
        if let Some(i) = nearest_containing(&entries, parts.containing(&m.key), m.pos) {
            entries[i].positions.push((m.from, m.end));
            entries[i].last_alias = Some(m.pos);
        } else if let Role::Surname { cued } = m.role {
            let i = *surname_index.entry(m.key.clone()).or_insert_with(|| {
                surnames.push((m.key.clone(), m.display.clone(), Vec::new(), false));
                surnames.len() - 1
            });
            surnames[i].2.push((m.from, m.end));
            surnames[i].3 |= cued;
        }
    }
    // A lone surname is kept only if one of its mentions has a cue: alone, a capitalised word
    // is as likely a place or a company as a person.
    for (key, display, positions, cued) in surnames {
        if cued {
            entries.push(Entry {
                key,
                display,
                positions,
                anchors: Vec::new(),
                last_alias: None,
                alive: true,
            });
        }
    }

    let mut persons: Vec<MergedPerson> = entries
        .into_iter()
        .filter(|e| e.alive && !e.positions.is_empty())
        .map(|mut e| {
            e.positions.sort_unstable();
            MergedPerson {
                person: Person {
                    name: e.display,
                    mentions: e.positions.len(),
                },
                spans: e.positions,
            }
        })
        .collect();
    persons.sort_by_key(|p| p.spans.first().map_or(0, |s| s.0));
    persons
}

/// `Giovanni Paolo` inside `Giovanni Paolo II`: a full name contained in exactly one longer
/// full name of the article is the same person.
fn absorb_shorter_names(entries: &mut [Entry], parts: &PartIndex) {
    for i in 0..entries.len() {
        let words = entries[i].key.words;
        let mut longer = parts
            .containing(&entries[i].key)
            .iter()
            .copied()
            .filter(|&j| j != i && entries[j].alive && entries[j].key.words > words);
        if let (Some(j), None) = (longer.next(), longer.next()) {
            let moved = std::mem::take(&mut entries[i].positions);
            entries[j].positions.extend(moved);
            entries[i].alive = false;
        }
    }
}

/// Of the live entries `candidates` (which contain the mention's key), the one whose mention
/// is nearest before `pos`, else nearest after: `Rossi` after `Mario Rossi` and `Anna Rossi`
/// means whoever was named last.
fn nearest_containing(entries: &[Entry], candidates: &[usize], pos: usize) -> Option<usize> {
    let mut best_before: Option<(usize, usize)> = None;
    let mut best_after: Option<(usize, usize)> = None;
    for &i in candidates {
        let e = &entries[i];
        if !e.alive || e.positions.is_empty() {
            continue;
        }
        let k = e.anchors.partition_point(|&p| p < pos);
        let before = k
            .checked_sub(1)
            .map(|k| e.anchors[k])
            .max(e.last_alias.filter(|&p| p < pos));
        if let Some(p) = before {
            if best_before.is_none_or(|(bp, bi)| p > bp || (p == bp && i < bi)) {
                best_before = Some((p, i));
            }
        } else if let Some(&p) = e.anchors.get(k) {
            if best_after.is_none_or(|(bp, bi)| p < bp || (p == bp && i < bi)) {
                best_after = Some((p, i));
            }
        }
    }
    best_before.or(best_after).map(|(_, i)| i)
}

/// Lower-case words of a name, an elided particle glued to the word after it, so that
/// `Marcello dell'Utri` and `Dell'Utri` share the key word `dell'utri`: one string, the words
/// separated by [`NameKey::SEP`] (no word is empty or holds it), and their number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct NameKey {
    text: String,
    words: usize,
}

impl NameKey {
    /// Token texts have no NUL.
    const SEP: char = '\0';

    fn new(words: &[Token]) -> Self {
        let mut key = NameKey::default();
        let mut glue = false;
        for t in words {
            // Initials are often dropped or added between mentions: they do not identify.
            if t.shape == Shape::Initial {
                continue;
            }
            if !glue {
                key.start_word();
            }
            let word = plain_apostrophes(t.text);
            if word.is_ascii() {
                key.text
                    .extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                key.text.push_str(&word.to_lowercase());
            }
            glue = t.shape == Shape::Elision;
        }
        key
    }

    fn start_word(&mut self) {
        if self.words > 0 {
            self.text.push(Self::SEP);
        }
        self.words += 1;
    }

    /// Puts `word` before the others.
    fn prepend(&mut self, word: &str) {
        let rest = std::mem::take(&mut self.text);
        let words = std::mem::take(&mut self.words);
        self.start_word();
        self.text.push_str(word);
        if words > 0 {
            self.start_word();
            self.text.push_str(&rest);
            self.words = words + 1;
        }
    }

    /// The key's words, in order.
    fn words(&self) -> impl Iterator<Item = &str> {
        self.text.split(Self::SEP).filter(|w| !w.is_empty())
    }

    /// The key of these words (lower case already).
    fn of_words(words: &[&str]) -> NameKey {
        let mut key = NameKey::default();
        for w in words {
            key.start_word();
            key.text.push_str(w);
        }
        key
    }

    /// Is `needle` a contiguous run of these words?
    #[cfg(test)]
    fn contains(&self, needle: &NameKey) -> bool {
        if needle.words == 0 || needle.words > self.words {
            return false;
        }
        let (hay, n) = (self.text.as_str(), needle.text.as_str());
        // At the start of each word (a search for `n` would skip overlapping matches).
        let starts = std::iter::once(0).chain(hay.match_indices(Self::SEP).map(|(i, _)| i + 1));
        let sep = Self::SEP as u8;
        starts.into_iter().any(|i| {
            let end = i + n.len();
            hay.get(i..).is_some_and(|rest| rest.starts_with(n))
                && (end == hay.len() || hay.as_bytes().get(end) == Some(&sep))
        })
    }
}

/// The name as written, apostrophes normalised to `'`, no space after an elided particle.
fn display(words: &[Token]) -> String {
    let mut out = String::new();
    let mut glue = true;
    for t in words {
        if !glue {
            out.push(' ');
        }
        out.push_str(&plain_apostrophes(t.text));
        glue = t.shape == Shape::Elision;
    }
    out
}

/// `papa` → `Papa`, for a title kept in a name.
fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(words: &[&str]) -> NameKey {
        let mut key = NameKey::default();
        for w in words {
            key.start_word();
            key.text.push_str(w);
        }
        key
    }

    #[test]
    fn a_key_contains_the_runs_of_its_words() {
        let words = ["xa", "a", "a", "kim", "jong", "un", "a"];
        let hay = key(&words);
        for len in 0..=words.len() + 1 {
            for start in 0..words.len() {
                let end = (start + len).min(words.len());
                let needle = &words[start..end];
                assert!(
                    hay.contains(&key(needle)) != needle.is_empty(),
                    "{needle:?}"
                );
            }
        }
        for needle in [
            &["x"][..],
            &["a", "a", "a"],
            &["jong", "kim"],
            &["un", "a", "b"],
            &["xa", "b"],
        ] {
            assert!(!hay.contains(&key(needle)), "{needle:?}");
        }
        let mut papa = key(&["francesco"]);
        papa.prepend("papa");
        assert_eq!(papa, key(&["papa", "francesco"]));
        let mut alone = NameKey::default();
        alone.prepend("papa");
        assert_eq!(alone, key(&["papa"]));
    }

    #[test]
    fn the_part_index_finds_what_contains_finds() {
        let names: Vec<NameKey> = [
            &["gian", "carlo", "muzzarelli"][..],
            &["carlo", "muzzarelli"],
            &["muzzarelli"],
            &["kim", "jong", "un"],
            &["ali", "ali"],
            &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
        ]
        .iter()
        .map(|w| key(w))
        .collect();
        let entries: Vec<Entry> = names
            .iter()
            .map(|k| Entry {
                key: k.clone(),
                display: String::new(),
                positions: Vec::new(),
                anchors: Vec::new(),
                last_alias: None,
                alive: true,
            })
            .collect();
        let parts = PartIndex::new(&entries);
        let needles = [
            &["muzzarelli"][..],
            &["carlo", "muzzarelli"],
            &["gian", "carlo"],
            &["jong", "un"],
            &["ali"],
            &["c", "d", "e"],
            &["x"],
            &["un", "kim"],
        ];
        for needle in needles {
            let needle = key(needle);
            let expected: Vec<usize> = (0..names.len())
                .filter(|&i| names[i].contains(&needle))
                .collect();
            assert_eq!(parts.containing(&needle), expected, "{needle:?}");
        }
    }

    #[test]
    fn a_partial_name_goes_to_the_nearest_full_name_before_it() {
        let mention = |pos: usize, words: &[&str], role: Role| Mention {
            pos,
            from: pos,
            end: pos + words.len(),
            key: key(words),
            display: words.join(" "),
            role,
        };
        let merged = merge(&[
            mention(0, &["mario", "rossi"], Role::Anchor),
            mention(5, &["anna", "rossi"], Role::Anchor),
            mention(9, &["rossi"], Role::Surname { cued: false }),
            mention(12, &["mario", "rossi"], Role::Anchor),
            mention(20, &["rossi"], Role::Surname { cued: false }),
            mention(30, &["bianchi"], Role::Surname { cued: true }),
            mention(31, &["verdi"], Role::Surname { cued: false }),
        ]);
        let found: Vec<(&str, &[(usize, usize)])> = merged
            .iter()
            .map(|p| (p.person.name.as_str(), p.spans.as_slice()))
            .collect();
        assert_eq!(
            found,
            [
                ("mario rossi", &[(0, 2), (12, 14), (20, 21)][..]),
                ("anna rossi", &[(5, 7), (9, 10)][..]),
                ("bianchi", &[(30, 31)][..]),
            ]
        );
    }
}
