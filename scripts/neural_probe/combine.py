"""Scores, on one cross-validation fold, the shipped perceptron (its CV predictions), the probe
tagger, and their token-level combination: each token's probe probabilities plus W for the
perceptron's label, argmax, a stray I read as B.

    cargo run --release --example train_persons -- --cv 5 --stats models/word_stats.tsv \\
        --predictions /tmp/probe/cv ../shared/data/kind-wikinews/{WN,ADG,FIC}_train.tsv
    python3 scripts/neural_probe/combine.py /tmp/probe/cv /tmp/probe/nn 0

`dev` instead of a fold number scores the dev splits (report only): the perceptron's labels
from `rassegna eval persons --gold ../shared/data/kind-wikinews/WN_dev.tsv --predictions
/tmp/probe/cv/WN_dev.tsv` (and ADG, FIC), the probe's from `tagger.py --dev`.
"""
import sys

from kind import LABEL, held_sentences, read, spans

PERCEPTRON, PROBE, FOLD = sys.argv[1], sys.argv[2], sys.argv[3]
DEV = FOLD == "dev"
K = 5

WEIGHTS = ["probe", 0.3, 0.5, 0.7, 0.9, "perceptron"]
totals = {w: [0, 0, 0] for w in WEIGHTS}


def f1(tp, fp, fn):
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return f"{2 * p * r / max(1e-9, p + r):.4f}"


for split in ["WN", "ADG", "FIC"]:
    part = "dev" if DEV else "train"
    perceptron = read(f"{PERCEPTRON}/{split}_{part}.tsv", 3)
    held = range(len(perceptron)) if DEV else held_sentences(perceptron, K, int(FOLD))
    probe = read(f"{PROBE}-{split}-{'dev' if DEV else 'f' + FOLD}.tsv", 6)
    assert len(probe) == len(held)
    scores = {}
    for weight in WEIGHTS:
        tp = fp = fn = 0
        for i, tagged in zip(held, probe):
            g = spans([LABEL.get(t[1], 0) for t in perceptron[i]])
            labels = []
            for p, q in zip(perceptron[i], tagged):
                prob = [float(q[3]), float(q[4]), float(q[5])]
                if weight == "perceptron":
                    prob = [0.0, 0.0, 0.0]
                if weight != "probe":
                    prob[LABEL.get(p[2], 0)] += 1.0 if weight == "perceptron" else weight
                labels.append(max(range(3), key=lambda x: prob[x]))
            for j in range(1, len(labels)):
                if labels[j] == 2 and labels[j - 1] == 0:
                    labels[j] = 1
            s = spans(labels)
            tp, fp, fn = tp + len(g & s), fp + len(s - g), fn + len(g - s)
        scores[weight] = f1(tp, fp, fn)
        totals[weight] = [a + b for a, b in zip(totals[weight], (tp, fp, fn))]
    print(split, " ".join(f"{w}={f}" for w, f in scores.items()))
print("all", " ".join(f"{w}={f1(*t)}" for w, t in totals.items()))
