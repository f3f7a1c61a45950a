//! Trains the person tagger on CoNLL-style training splits and writes the model file that
//! `rassegna` embeds. Deterministic: the same data always gives the same bytes.
//!
//! ```text
//! cargo run --release --example train_persons -- --out models/persons.model \
//!     ../shared/data/kind-wikinews/{WN,ADG,FIC}_train.tsv
//! ```
//!
//! `--cv K` instead runs K-fold cross-validation on the training files (each file cut into K
//! blocks of whole articles; each block tagged by a model trained on the rest) and prints the
//! score per file and overall: features and rules are chosen on these figures, never on the
//! dev splits.
//!
//! Then rebuild (`cargo build --release`) so that the binary embeds the new model, and measure
//! it with `rassegna eval persons --gold ../shared/data/kind-wikinews/WN_dev.tsv`. Never train on
//! the dev splits: they are what progress is reported on.

use std::ops::Range;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use rassegna::eval::persons::{
    articles, evaluate, labelled_articles, read_conll, write_predictions, Score, Sentence,
};
use rassegna::persons::{
    train_tagger, FeatureSet, PersonExtractor, TrainingOptions, WordFigures, WordStats,
};

struct Args {
    out: Option<PathBuf>,
    cv: Option<usize>,
    predictions: Option<PathBuf>,
    options: TrainingOptions,
    /// Score an existing model file instead of training one.
    model: Option<PathBuf>,
    /// Files to score the model on (dev splits: to report, never to choose).
    eval: Vec<PathBuf>,
    train: Vec<PathBuf>,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        out: None,
        cv: None,
        predictions: None,
        options: TrainingOptions::default(),
        model: None,
        eval: Vec::new(),
        train: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => args.out = Some(it.next().context("--out needs a file")?.into()),
            "--cv" => {
                let k = it.next().context("--cv needs a number of folds")?;
                args.cv = Some(k.parse().with_context(|| format!("--cv {k}"))?);
            }
            "--predictions" => {
                args.predictions = Some(it.next().context("--predictions needs a folder")?.into())
            }
            "--features" => {
                let f = it.next().context("--features needs a number")?;
                let f = f.trim_start_matches("0x");
                args.options.features = FeatureSet(
                    u32::from_str_radix(f, 16).with_context(|| format!("--features {f}"))?,
                );
            }
            "--model" => args.model = Some(it.next().context("--model needs a file")?.into()),
            "--eval" => args
                .eval
                .push(it.next().context("--eval needs a file")?.into()),
            "--runs" => args.options.runs = it.next().context("--runs")?.parse()?,
            "--bias" => args.options.o_bias = it.next().context("--bias")?.parse()?,
            "--bits" => args.options.bits = it.next().context("--bits")?.parse()?,
            "--epochs" => args.options.epochs = it.next().context("--epochs")?.parse()?,
            "--stats" => {
                let path = it.next().context("--stats needs a file")?;
                args.options.word_stats = Some(read_stats(path.as_ref())?);
            }
            _ => args.train.push(a.into()),
        }
    }
    let trains = args.train.is_empty() == args.model.is_some();
    if !trains || (args.out.is_none() && args.cv.is_none() && args.eval.is_empty()) {
        bail!("usage: train_persons [options] (--out MODEL | --cv K | --eval DEV.tsv) TRAIN.tsv...\n       train_persons --model MODEL --eval DEV.tsv...");
    }
    Ok(args)
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let splits: Vec<Vec<Sentence>> = args
        .train
        .iter()
        .map(|p| read_conll(p))
        .collect::<rassegna::error::Result<_>>()?;
    if let Some(k) = args.cv {
        return cross_validate(&args, &splits, k.max(2));
    }
    let bytes = match &args.model {
        Some(model) => {
            std::fs::read(model).with_context(|| format!("cannot read {}", model.display()))?
        }
        None => {
            let all: Vec<Sentence> = splits.concat();
            let labelled = labelled_articles(&all);
            eprintln!(
                "training on {} sentences in {} articles, features {:#x}, {} bits, {} epochs, {} words of statistics",
                all.len(),
                labelled.len(),
                args.options.features.0,
                args.options.bits,
                args.options.epochs,
                args.options.word_stats.as_ref().map_or(0, |s| s.words.len())
            );
            train_tagger(&labelled, &args.options)
        }
    };
    if let Some(out) = &args.out {
        std::fs::write(out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
        eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    }
    let extractor = PersonExtractor::with_model(&bytes)?;
    for dev in &args.eval {
        let sentences = read_conll(dev)?;
        let (score, predicted) = evaluate(&extractor, &sentences);
        print_score(&dev.display().to_string(), score);
        if let Some(dir) = &args.predictions {
            std::fs::create_dir_all(dir)?;
            let file = dir.join(dev.file_name().context("a file name")?);
            let mut out = std::io::BufWriter::new(std::fs::File::create(&file)?);
            write_predictions(&mut out, &sentences, &predicted)?;
        }
    }
    Ok(())
}

/// The sentence ranges of fold `f` of `k` of one split: whole articles, in blocks.
fn fold_ranges(sentences: &[Sentence], k: usize, f: usize) -> Vec<Range<usize>> {
    let arts = articles(sentences);
    let n = arts.len();
    arts.into_iter()
        .enumerate()
        .filter(|(i, _)| i * k / n.max(1) == f)
        .map(|(_, r)| r)
        .collect()
}

fn cross_validate(args: &Args, splits: &[Vec<Sentence>], k: usize) -> Result<()> {
    let names = &args.train;
    let mut per_split = vec![(0usize, 0usize, 0usize); splits.len()];
    let mut predicted: Vec<Vec<Vec<&'static str>>> =
        splits.iter().map(|s| vec![Vec::new(); s.len()]).collect();
    for f in 0..k {
        let mut train: Vec<Sentence> = Vec::new();
        let mut held: Vec<Vec<Sentence>> = Vec::new();
        let mut held_at: Vec<Vec<usize>> = Vec::new();
        for split in splits {
            let held_ranges = fold_ranges(split, k, f);
            let mut mine = Vec::new();
            let mut at = Vec::new();
            let mut next = 0;
            for r in &held_ranges {
                train.extend_from_slice(&split[next..r.start]);
                mine.extend_from_slice(&split[r.clone()]);
                at.extend(r.clone());
                next = r.end;
            }
            train.extend_from_slice(&split[next..]);
            held.push(mine);
            held_at.push(at);
        }
        let model = train_tagger(&labelled_articles(&train), &args.options);
        let extractor = PersonExtractor::with_model(&model)?;
        for (s, sentences) in held.iter().enumerate() {
            let (score, labels) = evaluate(&extractor, sentences);
            for (&i, l) in held_at[s].iter().zip(labels) {
                predicted[s][i] = l;
            }
            per_split[s].0 += score.tp;
            per_split[s].1 += score.fp;
            per_split[s].2 += score.fn_;
        }
        eprintln!("fold {f} done");
    }
    let mut total = (0, 0, 0);
    for (name, &(tp, fp, fn_)) in names.iter().zip(&per_split) {
        print_score(&name.display().to_string(), Score::from_counts(tp, fp, fn_));
        total = (total.0 + tp, total.1 + fp, total.2 + fn_);
    }
    print_score("all", Score::from_counts(total.0, total.1, total.2));
    if let Some(dir) = &args.predictions {
        std::fs::create_dir_all(dir)?;
        for ((name, split), labels) in names.iter().zip(splits).zip(&predicted) {
            let file = dir.join(name.file_name().context("a training file name")?);
            let mut out = std::io::BufWriter::new(std::fs::File::create(&file)?);
            write_predictions(&mut out, split, labels)?;
        }
    }
    Ok(())
}

fn print_score(name: &str, s: Score) {
    println!(
        "{name:<50} P {:.4}  R {:.4}  F1 {:.4}  (tp {} fp {} fn {})",
        s.precision, s.recall, s.f1, s.tp, s.fp, s.fn_
    );
}

/// Reads `word<TAB>caps<TAB>role<TAB>cluster` lines (cluster as a string of 0s and 1s).
fn read_stats(path: &std::path::Path) -> Result<WordStats> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut stats = WordStats::default();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut f = line.split('\t');
        let (Some(word), Some(caps), Some(role), Some(path)) =
            (f.next(), f.next(), f.next(), f.next())
        else {
            bail!("{}: bad line {line:?}", path.display());
        };
        let cluster = match path {
            "" => 0,
            path => path
                .bytes()
                .take(15)
                .fold(1u16, |c, b| (c << 1) | u16::from(b == b'1')),
        };
        let figures = WordFigures {
            caps: caps.parse()?,
            role: role.parse()?,
            cluster,
        };
        stats.words.push((word.to_string(), figures));
    }
    Ok(stats)
}
