//! Trains the person tagger on a CoNLL-style training split and writes the model file that
//! `rassegna` embeds. Deterministic: the same data always gives the same bytes.
//!
//! ```text
//! cargo run --release --example train_persons -- \
//!     ../shared/data/kind-wikinews/WN_train.tsv models/persons.model
//! ```
//!
//! Then rebuild (`cargo build --release`) so that the binary embeds the new model, and measure
//! it with `rassegna eval persons --gold ../shared/data/kind-wikinews/WN_dev.tsv`. Never train on
//! the dev split: it is what the figures are measured on.

use anyhow::{bail, Context, Result};
use rassegna::eval::persons::{labelled_articles, read_conll};
use rassegna::persons::train_tagger;

/// Passes over the training data; more overfits the dev figures' reference split.
const EPOCHS: usize = 12;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train, model] = &args[..] else {
        bail!("usage: train_persons TRAIN.tsv MODEL_OUT");
    };
    let sentences = read_conll(train.as_ref())?;
    let articles = labelled_articles(&sentences);
    eprintln!(
        "training on {} sentences in {} articles, {EPOCHS} epochs",
        sentences.len(),
        articles.len()
    );
    let bytes = train_tagger(&articles, EPOCHS);
    std::fs::write(model, &bytes).with_context(|| format!("cannot write {model}"))?;
    eprintln!("wrote {model} ({} bytes)", bytes.len());
    Ok(())
}
