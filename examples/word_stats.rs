//! Computes what unlabelled Italian text says of words — capitalisation inside sentences and
//! word clusters (`rassegna::persons::word_stats`) — and writes the table the tagger's
//! training reads (`models/word_stats.tsv`). The text is DICE (Gazzetta di Modena crime news,
//! CC BY-NC-SA 4.0) and the text of the KIND training splits (Wikinews CC BY 2.5, De Gasperi
//! and fiction public domain); the dev splits are never read. The table is a word list: no
//! sentence of either data set survives in it.
//!
//! ```text
//! cargo run --release --example word_stats -- ../shared/data models/word_stats.tsv
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rassegna::article;
use rassegna::eval::persons::{read_conll, sentence_text};
use rassegna::persons::word_stats;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data, out] = &args[..] else {
        bail!("usage: word_stats SHARED_DATA_DIR OUT.tsv");
    };
    let data = Path::new(data);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(data.join("dice"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    for path in &files {
        if let Ok((a, _)) = article::read_file(path, String::new()) {
            paragraphs.extend(a.paragraphs);
        }
    }
    let dice = paragraphs.len();
    for split in ["WN_train", "ADG_train", "FIC_train"] {
        let path = data.join(format!("kind-wikinews/{split}.tsv"));
        for s in read_conll(&path)? {
            paragraphs.push(sentence_text(&s.tokens).0);
        }
    }
    eprintln!(
        "{} DICE files ({dice} paragraphs), {} KIND training sentences",
        files.len(),
        paragraphs.len() - dice
    );
    let stats = word_stats(&paragraphs);
    let file = std::fs::File::create(out).with_context(|| format!("cannot create {out}"))?;
    let mut w = std::io::BufWriter::new(file);
    writeln!(w, "# word<TAB>capitalisation bin (1 never … 5 always capitalised inside a sentence, 0 unknown)<TAB>role bin (1 place's contexts, 2 both, 3 person's, 0 unknown)<TAB>cluster path")?;
    writeln!(w, "# made by `cargo run --release --example word_stats -- ../shared/data models/word_stats.tsv`")?;
    writeln!(w, "# from DICE (CC BY-NC-SA 4.0) and the KIND training splits' text (CC BY 2.5 / public domain); a word list, no sentences")?;
    for (word, figures) in &stats.words {
        let cluster = figures.cluster;
        let path: String = if cluster == 0 {
            String::new()
        } else {
            let len = 15 - cluster.leading_zeros();
            (0..len)
                .rev()
                .map(|b| if cluster >> b & 1 == 1 { '1' } else { '0' })
                .collect()
        };
        writeln!(w, "{word}\t{}\t{}\t{path}", figures.caps, figures.role)?;
    }
    w.flush()?;
    eprintln!("wrote {out} ({} words)", stats.words.len());
    Ok(())
}
