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
use rassegna::eval::persons::{evaluate, labelled_articles, read_conll};
use rassegna::persons::{train_tagger, PersonExtractor};

/// Passes over the training data (the `EPOCHS` environment variable overrides it, for tuning).
const EPOCHS: usize = 16;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (train, model, dev) = match &args[..] {
        [train, model] => (train, model, None),
        [train, model, dev] => (train, model, Some(dev)),
        _ => bail!("usage: train_persons TRAIN.tsv MODEL_OUT [DEV.tsv to report the score on]"),
    };
    let epochs = std::env::var("EPOCHS")
        .ok()
        .and_then(|e| e.parse().ok())
        .unwrap_or(EPOCHS);
    let sentences = read_conll(train.as_ref())?;
    let articles = labelled_articles(&sentences);
    eprintln!(
        "training on {} sentences in {} articles, {epochs} epochs",
        sentences.len(),
        articles.len()
    );
    let bytes = train_tagger(&articles, epochs);
    std::fs::write(model, &bytes).with_context(|| format!("cannot write {model}"))?;
    eprintln!("wrote {model} ({} bytes)", bytes.len());
    if let Some(dev) = dev {
        let extractor = PersonExtractor::with_model(&bytes).context("the model just trained")?;
        let (score, _) = evaluate(&extractor, &read_conll(dev.as_ref())?);
        println!("{}", serde_json::to_string(&score)?);
    }
    Ok(())
}
