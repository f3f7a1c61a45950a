use super::*;

#[test]
fn one_line_collapses_white_space_and_maps_offsets() {
    let text = "Città  nuova.\n\nL’incontro è finito.";
    let (line, char_at) = one_line(text);
    assert_eq!(line, "Città nuova. L’incontro è finito.");
    let chars: Vec<char> = line.chars().collect();
    let slice = |start: usize, end: usize| {
        chars[char_at[start]..char_at[end]]
            .iter()
            .collect::<String>()
    };
    let word = |w: &str| {
        let start = text.find(w).expect("word in text");
        slice(start, start + w.len())
    };
    for w in ["Città", "nuova", "incontro", "è", "finito"] {
        assert_eq!(word(w), w);
    }
    assert_eq!(char_at[text.len()], chars.len());
}

#[test]
fn words_start_with_the_prefix_of_their_stem() {
    // Suffix replacements (`-enza` → `-ente`), attached pronouns,
    // `-ch` endings, derivations; every distinct word of DICE was also
    // checked once (65k words: a stem never differs from its word before
    // its last letter).
    let mut stems = StemCache::new();
    for word in [
        "partenza",
        "presenze",
        "farlo",
        "mangiandolo",
        "amiche",
        "biologia",
        "soluzione",
        "velocemente",
        "incontrato",
        "universita",
        "antiviolenza",
        "dirglielo",
    ] {
        let stem = stems.stem(word).to_string();
        let prefix = stem_prefix(&stem).unwrap_or_default();
        assert!(word.starts_with(prefix), "{word} → {stem}");
    }
    assert_eq!(stem_prefix("incontr"), Some("inco"));
    assert_eq!(stem_prefix("pd"), None);
    assert_eq!(stem_prefix("città"), Some("cit"));
}

#[test]
fn marked_wraps_highlights() {
    let snippet = Snippet {
        text: "…la città è".into(),
        highlights: vec![Highlight { start: 4, end: 9 }],
    };
    assert_eq!(snippet.marked("[", "]"), "…la [città] è");
}
