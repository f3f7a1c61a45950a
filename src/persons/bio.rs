//! BIO labels and the one rule for reading names out of them, shared by the tagger, its
//! training and `rassegna eval persons`. It owns no decision about what is a name.
//!
//! The rule is CoNLL's: `B` opens a name, `I` continues the open one, and an `I` with no name
//! open (after `O`, or first) opens a name as `B` would.

use std::ops::Range;

/// The label of one token: outside a name, first word of a name, inside a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Bio {
    O = 0,
    B = 1,
    I = 2,
}

impl Bio {
    /// The label of an index (`O` for any index out of range).
    pub(crate) fn from_index(index: usize) -> Bio {
        match index {
            1 => Bio::B,
            2 => Bio::I,
            _ => Bio::O,
        }
    }
}

/// Token ranges of the names in a labelling (see the module doc for the rule).
pub fn spans(labels: &[Bio]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &label) in labels.iter().enumerate() {
        let continues = label == Bio::I && open.is_some();
        if continues {
            continue;
        }
        if let Some(start) = open.take() {
            out.push(start..i);
        }
        if label != Bio::O {
            open = Some(i);
        }
    }
    if let Some(start) = open {
        out.push(start..labels.len());
    }
    out
}

/// The labels of `len` tokens with names at `spans` (ranges out of bounds or empty are left
/// out; a later span overwrites an earlier one it overlaps).
pub(crate) fn labels(spans: impl IntoIterator<Item = (usize, usize)>, len: usize) -> Vec<Bio> {
    let mut labels = vec![Bio::O; len];
    for (s, e) in spans {
        if s < e && e <= len {
            labels[s] = Bio::B;
            labels[s + 1..e].fill(Bio::I);
        }
    }
    labels
}

/// The same names in canonical form: every name opens with `B` (what [`spans`] reads is
/// unchanged).
pub(crate) fn normalised(labels: &[Bio]) -> Vec<Bio> {
    self::labels(
        spans(labels).into_iter().map(|r| (r.start, r.end)),
        labels.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::Bio::{B, I, O};
    use super::*;

    #[test]
    fn a_stray_inside_opens_a_name() {
        assert_eq!(spans(&[I, I, O, B, I, B, O, I]), [0..2, 3..5, 5..6, 7..8]);
        assert_eq!(spans(&[]), Vec::<Range<usize>>::new());
        assert_eq!(spans(&[O, O]), Vec::<Range<usize>>::new());
        assert_eq!(spans(&[B]), [std::ops::Range { start: 0, end: 1 }]);
    }

    #[test]
    fn labels_and_spans_agree() {
        let labels = labels([(0, 2), (3, 4), (4, 6), (7, 9)], 8);
        assert_eq!(labels, [B, I, O, B, B, I, O, O]);
        assert_eq!(spans(&labels), [0..2, 3..4, 4..6]);
        assert_eq!(normalised(&[I, I, O, I]), [B, I, O, B]);
        for label in [O, B, I] {
            assert_eq!(Bio::from_index(label as usize), label);
        }
    }
}
