//! The model file: what training writes and the extractor reads, and why a file could not be
//! read. It owns the byte layout only.
//!
//! Layout (integers little-endian):
//! ```text
//! "RSPER004"                      magic and version
//! u32 bits                        log2 of the number of feature buckets
//! u32 features                    the optional feature groups (FeatureSet)
//! f32 o_bias                      added to the second stage's `O` scores
//! u32 words, then per word:       u8 gazetteer flags, u8 capitalisation bin, u8 role bin,
//!                                 u16 cluster path, u8 length, the word (UTF-8, lower case)
//! u32 stages (1 or 2), per stage: f32 scale, 12 f32 transitions ([previous or start][label]),
//!                                 u32 rows, per row: u32 bucket (increasing), 3 i16 weights
//! ```
//! Weights are `i16` times the stage's scale. Only buckets with a non-zero weight are written.

use thiserror::Error;

use super::decode::Transitions;
use super::features::FeatureSet;
use super::words::WordFigures;
use super::LABELS;

pub(crate) const MAGIC: &[u8; 8] = b"RSPER004";

/// Feature tables larger than this are refused (2^24 buckets would be 200 MB in memory).
const MAX_BITS: u32 = 24;

/// Why a model file could not be read. The extractor then has no tagger; the message says
/// what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ModelError {
    #[error("the person tagger model is empty; train one with `cargo run --release --example train_persons`")]
    Empty,
    #[error("the person tagger model starts with {found:?}, not {expected:?}: it was written by another version of rassegna; retrain it with `cargo run --release --example train_persons`")]
    Version { found: String, expected: String },
    #[error(
        "the person tagger model is cut short while reading {what}; it is damaged: retrain it"
    )]
    Truncated { what: &'static str },
    #[error("the person tagger model is invalid ({what}); it is damaged: retrain it")]
    Invalid { what: String },
}

/// One word of the model's word table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WordEntry {
    pub word: String,
    pub gazetteer: u8,
    pub figures: WordFigures,
}

/// One stage of weights as stored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StageFile {
    pub scale: f32,
    pub transitions: Transitions,
    /// `(bucket, weights per label)`, buckets increasing, no all-zero row.
    pub rows: Vec<(u32, [i16; LABELS])>,
}

/// A model file's contents.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ModelFile {
    pub bits: u32,
    pub features: FeatureSet,
    pub o_bias: f32,
    pub words: Vec<WordEntry>,
    pub stages: Vec<StageFile>,
}

impl ModelFile {
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&self.features.0.to_le_bytes());
        out.extend_from_slice(&self.o_bias.to_le_bytes());
        let words: Vec<&WordEntry> = self
            .words
            .iter()
            .filter(|w| !w.word.is_empty() && w.word.len() < 256)
            .collect();
        out.extend_from_slice(&(words.len() as u32).to_le_bytes());
        for w in words {
            out.push(w.gazetteer);
            out.push(w.figures.caps);
            out.push(w.figures.role);
            out.extend_from_slice(&w.figures.cluster.to_le_bytes());
            out.push(w.word.len() as u8);
            out.extend_from_slice(w.word.as_bytes());
        }
        out.extend_from_slice(&(self.stages.len() as u32).to_le_bytes());
        for stage in &self.stages {
            out.extend_from_slice(&stage.scale.to_le_bytes());
            for row in &stage.transitions {
                for x in row {
                    out.extend_from_slice(&x.to_le_bytes());
                }
            }
            out.extend_from_slice(&(stage.rows.len() as u32).to_le_bytes());
            for (bucket, weights) in &stage.rows {
                out.extend_from_slice(&bucket.to_le_bytes());
                for w in weights {
                    out.extend_from_slice(&w.to_le_bytes());
                }
            }
        }
        out
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<ModelFile, ModelError> {
        if bytes.is_empty() {
            return Err(ModelError::Empty);
        }
        let mut r = Reader(bytes);
        let magic = r.take(8, "the version")?;
        if magic != MAGIC {
            return Err(ModelError::Version {
                found: String::from_utf8_lossy(magic).into_owned(),
                expected: String::from_utf8_lossy(MAGIC).into_owned(),
            });
        }
        let bits = r.u32("the table size")?;
        if !(8..=MAX_BITS).contains(&bits) {
            return Err(invalid(format!("{bits} bits of feature buckets")));
        }
        let features = FeatureSet(r.u32("the feature groups")?);
        if features.0 & !FeatureSet::KNOWN != 0 {
            return Err(invalid(format!(
                "feature groups {:#x} this version does not know",
                features.0
            )));
        }
        let o_bias = r.f32("the bias")?;
        if !o_bias.is_finite() {
            return Err(invalid("a bias that is not a number".into()));
        }
        let n_words = r.u32("the word count")? as usize;
        let mut words = Vec::with_capacity(n_words.min(bytes.len() / 6));
        for _ in 0..n_words {
            let head = r.take(6, "a word")?;
            let len = usize::from(head[5]);
            let word = std::str::from_utf8(r.take(len, "a word")?)
                .map_err(|_| invalid("a word that is not UTF-8".into()))?;
            words.push(WordEntry {
                word: word.to_string(),
                gazetteer: head[0],
                figures: WordFigures {
                    caps: head[1],
                    role: head[2],
                    cluster: u16::from_le_bytes([head[3], head[4]]),
                },
            });
        }
        let n_stages = r.u32("the stage count")?;
        if !(1..=2).contains(&n_stages) {
            return Err(invalid(format!("{n_stages} stages")));
        }
        let mut stages = Vec::new();
        for _ in 0..n_stages {
            let scale = r.f32("a scale")?;
            let mut transitions = [[0f32; LABELS]; LABELS + 1];
            for row in transitions.iter_mut() {
                for w in row.iter_mut() {
                    *w = r.f32("the transitions")?;
                }
            }
            if !scale.is_finite() || transitions.iter().flatten().any(|x| !x.is_finite()) {
                return Err(invalid("a weight that is not a number".into()));
            }
            let n_rows = r.u32("the row count")? as usize;
            if n_rows > 1 << bits {
                return Err(invalid(format!("{n_rows} rows for 2^{bits} buckets")));
            }
            let mut rows = Vec::with_capacity(n_rows.min(bytes.len() / 10));
            let mut last: Option<u32> = None;
            for _ in 0..n_rows {
                let bucket = r.u32("a row")?;
                if bucket >= 1 << bits || last.is_some_and(|l| bucket <= l) {
                    return Err(invalid(format!(
                        "row bucket {bucket} out of order or range"
                    )));
                }
                last = Some(bucket);
                let raw = r.take(2 * LABELS, "a row")?;
                let mut weights = [0i16; LABELS];
                for (w, c) in weights.iter_mut().zip(raw.chunks_exact(2)) {
                    *w = i16::from_le_bytes([c[0], c[1]]);
                }
                rows.push((bucket, weights));
            }
            stages.push(StageFile {
                scale,
                transitions,
                rows,
            });
        }
        if !r.0.is_empty() {
            return Err(invalid(format!("{} bytes after the end", r.0.len())));
        }
        Ok(ModelFile {
            bits,
            features,
            o_bias,
            words,
            stages,
        })
    }
}

fn invalid(what: String) -> ModelError {
    ModelError::Invalid { what }
}

/// The id of a model: its version and a 64-bit FNV-1a hash of its bytes, e.g.
/// `RSPER004-5f0c…`. Two models with one id are the same bytes (to the hash's odds).
pub(crate) fn model_id(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let version = bytes
        .get(..8)
        .map_or_else(String::new, |m| String::from_utf8_lossy(m).into_owned());
    format!("{version}-{hash:016x}")
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], ModelError> {
        if self.0.len() < n {
            return Err(ModelError::Truncated { what });
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, ModelError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32(&mut self, what: &'static str) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32(what)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ModelFile {
        ModelFile {
            bits: 10,
            features: FeatureSet(FeatureSet::WIDE),
            o_bias: -1.5,
            words: vec![WordEntry {
                word: "rossi".into(),
                gazetteer: 2,
                figures: WordFigures {
                    caps: 3,
                    role: 2,
                    cluster: 0b101,
                },
            }],
            stages: vec![StageFile {
                scale: 0.5,
                transitions: [[1.0, -1.0, 0.0]; LABELS + 1],
                rows: vec![(3, [1, -2, 3]), (700, [0, 0, 9])],
            }],
        }
    }

    #[test]
    fn a_model_file_reads_back() {
        let file = sample();
        let bytes = file.to_bytes();
        assert_eq!(ModelFile::from_bytes(&bytes), Ok(file));
        assert!(model_id(&bytes).starts_with("RSPER004-"));
        assert_ne!(model_id(&bytes), model_id(&bytes[..bytes.len() - 1]));
    }

    #[test]
    fn damaged_files_say_why() {
        let bytes = sample().to_bytes();
        assert_eq!(ModelFile::from_bytes(&[]), Err(ModelError::Empty));
        let mut old = bytes.clone();
        old[..8].copy_from_slice(b"RSPER003");
        assert!(matches!(
            ModelFile::from_bytes(&old),
            Err(ModelError::Version { .. })
        ));
        // Every cut is reported, never a panic.
        for n in 1..bytes.len() {
            assert!(ModelFile::from_bytes(&bytes[..n]).is_err(), "{n}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(
            ModelFile::from_bytes(&longer),
            Err(ModelError::Invalid { .. })
        ));
        // Any single damaged byte is read without a panic.
        for i in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0xA5;
            let _ = ModelFile::from_bytes(&damaged);
        }
    }
}
