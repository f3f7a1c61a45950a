//! Viterbi decoding of one segment of eligible tokens over `O`/`B`/`I` label bigrams, with the
//! BIO constraint that `I` follows `B` or `I`. The tokens around a segment are `O`.

use super::{I, LABELS, O, START};

/// Transition scores: `[previous label or START][label]`.
pub(crate) type Transitions = [[f32; LABELS]; LABELS + 1];

/// Label bigrams that BIO forbids: `I` after `O` or at the start.
fn allowed(prev: usize, label: usize) -> bool {
    !(label == usize::from(I) && (prev == usize::from(O) || prev == START))
}

/// Viterbi over one segment whose k-th token scores `emits[k]` for each label; the tokens
/// around the segment are `O`. Writes the labels into `out` (as long as `emits`); `scratch`
/// is reused between calls.
pub(crate) fn decode(
    transitions: &Transitions,
    emits: &[[f32; LABELS]],
    out: &mut [u8],
    scratch: &mut Vec<([f32; LABELS], [u8; LABELS])>,
) {
    let n = emits.len().min(out.len());
    if n == 0 {
        return;
    }
    scratch.clear();
    scratch.resize(n, ([f32::NEG_INFINITY; LABELS], [0u8; LABELS]));
    // The token before a segment is `O` (or nothing): same row.
    let mut before: Option<[f32; LABELS]> = None;
    for (emit, (score, back)) in emits[..n].iter().zip(scratch.iter_mut()) {
        for (l, &e) in emit.iter().enumerate() {
            let Some(prev_scores) = before else {
                let prev = usize::from(O);
                if allowed(prev, l) {
                    score[l] = transitions[prev][l] + e;
                }
                continue;
            };
            for (p, (row, &prev_score)) in transitions.iter().zip(&prev_scores).enumerate() {
                if !allowed(p, l) {
                    continue;
                }
                let s = prev_score + row[l] + e;
                if s > score[l] {
                    score[l] = s;
                    back[l] = p as u8;
                }
            }
        }
        before = Some(*score);
    }
    // The token after the segment is `O`.
    let mut best = 0usize;
    let mut best_score = f32::NEG_INFINITY;
    let last = before.unwrap_or([f32::NEG_INFINITY; LABELS]);
    for (l, (&score, row)) in last.iter().zip(transitions).enumerate() {
        let s = score + row[usize::from(O)];
        if s > best_score {
            best_score = s;
            best = l;
        }
    }
    let mut l = best;
    for k in (0..n).rev() {
        out[k] = l as u8;
        l = usize::from(scratch[k].1[l]);
    }
}

/// Decodes every segment; `emits` holds the scores of the segments' tokens one after another.
pub(crate) fn decode_segments(
    transitions: &Transitions,
    segments: &[(usize, usize)],
    emits: &[[f32; LABELS]],
    labels: &mut [u8],
    scratch: &mut Vec<([f32; LABELS], [u8; LABELS])>,
) {
    let mut k = 0;
    for &(start, end) in segments {
        let n = end - start;
        if let (Some(emits), Some(out)) = (emits.get(k..k + n), labels.get_mut(start..end)) {
            decode(transitions, emits, out, scratch);
        }
        k += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const B: u8 = crate::persons::bio::Bio::B as u8;

    #[test]
    fn decoding_keeps_to_bio() {
        let flat: Transitions = [[0.0; LABELS]; LABELS + 1];
        // `I` scores best everywhere, but cannot open the segment.
        let emits = [[0.0, 1.0, 2.0], [0.0, 1.0, 2.0], [3.0, 0.0, 0.0]];
        let mut out = [9u8; 3];
        decode(&flat, &emits, &mut out, &mut Vec::new());
        assert_eq!(out, [B, I, O]);
        decode(&flat, &[], &mut [], &mut Vec::new());
    }
}
