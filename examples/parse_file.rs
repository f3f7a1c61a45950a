//! Parses one file with the article parser alone (no size limit, no
//! analysis, no persons) and prints what it found: for measuring the
//! parser's time and memory on large inputs with `/usr/bin/time -v`
//! (docs/BENCHMARKS.md).
//!
//! Run: `cargo run --release --example parse_file -- FILE`

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let Some(path) = std::env::args().nth(1).map(PathBuf::from) else {
        anyhow::bail!("usage: parse_file FILE");
    };
    let bytes = std::fs::read(&path)?;
    let id = path.to_string_lossy().to_string();
    match rassegna::article::parse_bytes(&bytes, path, id) {
        Ok((article, warnings)) => println!(
            "{} bytes: {} paragraphs, {} bytes of body, author {:?}, {} warnings",
            bytes.len(),
            article.paragraphs.len(),
            article.body().len(),
            article.author,
            warnings.len()
        ),
        Err(skip) => println!("{} bytes: skipped: {skip}", bytes.len()),
    }
    Ok(())
}
