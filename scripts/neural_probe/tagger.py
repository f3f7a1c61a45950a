"""A probe, not the product: a char-CNN + word BiLSTM person tagger (JAX), to measure what a
model reading the whole sentence gives over the shipped perceptron on KIND.

Trains on the three training splits minus one cross-validation fold (the same folds as
`examples/train_persons.rs --cv 5`: whole articles, contiguous blocks), tags the held fold,
prints P/R/F1 per split and writes token<TAB>gold<TAB>predicted<TAB>p(O)<TAB>p(B)<TAB>p(I).
`--dev` trains on all three training splits and tags the dev splits (report only).
Results and the decision are in docs/EVALUATION.md ("A neural context model, measured").

    pip install jax optax gensim
    python3 scripts/neural_probe/word2vec.py /tmp/probe/w2v.txt
    python3 scripts/neural_probe/tagger.py --fold 0 --epochs 4 --w2v /tmp/probe/w2v.txt --out /tmp/probe/nn
"""
import sys, time, collections, random, argparse
import numpy as np
import jax, jax.numpy as jnp, optax
from kind import LABEL, read, held_sentences, spans

ap = argparse.ArgumentParser()
ap.add_argument("--fold", type=int, default=0)
ap.add_argument("--k", type=int, default=5)
ap.add_argument("--dev", action="store_true", help="train on all training splits, tag the dev splits")
ap.add_argument("--epochs", type=int, default=8)
ap.add_argument("--hidden", type=int, default=96)
ap.add_argument("--out", required=True, help="prefix of the prediction files")
ap.add_argument("--data", default="../shared/data/kind-wikinews/")
ap.add_argument("--stats", default="models/word_stats.tsv")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--w2v", default="")
args = ap.parse_args()
D = args.data.rstrip("/") + "/"
SPLITS = ["WN", "ADG", "FIC"]

stats = {}
for line in open(args.stats, encoding="utf-8"):
    if line.startswith("#"): continue
    w, cap, role, path = line.rstrip("\n").split("\t")
    stats[w] = (int(cap), int(role), path)

def shape(t):
    if t.isupper() and len(t) > 1: return "XX"
    if t[:1].isupper(): return "Xx" if any(c.islower() for c in t) else "X"
    if t.isdigit(): return "d"
    if any(c.isalpha() for c in t): return "x"
    return "p:" + t[:2]

def label(l):
    return LABEL.get(l, 0)

train_s, test_s = [], {}
for sp in SPLITS:
    tr = read(D + sp + "_train.tsv")
    if args.dev:
        train_s += tr
        test_s[sp] = read(D + sp + "_dev.tsv")
    else:
        hs = set(held_sentences(tr, args.k, args.fold))
        train_s += [s for i, s in enumerate(tr) if i not in hs]
        test_s[sp] = [s for i, s in enumerate(tr) if i in hs]

wc = collections.Counter(t.lower() for s in train_s for t, _ in s)
vocab = {w: i + 2 for i, w in enumerate(w for w, c in wc.items() if c >= 2)}
w2v = {}
if args.w2v:
    for line in open(args.w2v, encoding="utf-8").readlines()[1:]:
        p = line.rstrip().split(" ")
        w2v[p[0]] = np.array([float(x) for x in p[1:]], np.float32)
    for w in w2v:
        if w not in vocab: vocab[w] = len(vocab) + 2
# words of the unlabelled statistics get their own rows too (they carry cluster info anyway)
chars = collections.Counter(c for s in train_s for t, _ in s for c in t)
cvocab = {c: i + 2 for i, c in enumerate(c for c, n in chars.items() if n >= 3)}
feat_vocab = collections.defaultdict(lambda: len(feat_vocab) + 1)
MAXC = 16

def featurize(s):
    n = len(s)
    w = np.zeros(n, np.int32); f = np.zeros((n, 6), np.int32); c = np.zeros((n, MAXC), np.int32)
    for i, (t, _) in enumerate(s):
        lw = t.lower()
        w[i] = vocab.get(lw, 1)
        cap, role, path = stats.get(lw, (0, 0, ""))
        f[i] = [feat_vocab["cap%d" % cap], feat_vocab["role%d" % role], feat_vocab["c4" + path[:4]],
                feat_vocab["c8" + path[:8]], feat_vocab["c12" + path[:12]], feat_vocab["sh" + shape(t)]]
        for j, ch in enumerate(t[:MAXC]):
            c[i, j] = cvocab.get(ch, 1)
    y = np.array([label(l) for _, l in s], np.int32)
    return w, f, c, y

train_f = [featurize(s) for s in train_s]
test_f = {sp: [featurize(s) for s in ss] for sp, ss in test_s.items()}
NF = 20000  # feature ids bound
assert len(feat_vocab) < NF, len(feat_vocab)

E, FE, CE, CF, H = 64, 16, 24, 48, args.hidden
key = jax.random.PRNGKey(args.seed)
ks = jax.random.split(key, 12)
def init(k, shape, scale=None):
    scale = scale or (1.0 / np.sqrt(shape[0]))
    return jax.random.normal(k, shape) * scale
IN = E + 6 * FE + CF
wemb0 = np.random.RandomState(args.seed).normal(0, 0.1, (len(vocab) + 2, E)).astype(np.float32)
if w2v:
    scale = np.std(np.stack(list(w2v.values())))
    for w, i in vocab.items():
        if w in w2v: wemb0[i] = w2v[w] / scale * 0.1
params = {
    "wemb": jnp.asarray(wemb0),
    "femb": init(ks[1], (NF, FE), 0.1),
    "cemb": init(ks[2], (len(cvocab) + 2, CE), 0.1),
    "conv": init(ks[3], (3 * CE, CF)), "convb": jnp.zeros(CF),
    "fw": init(ks[4], (IN + H, 4 * H)), "fb": jnp.zeros(4 * H).at[H:2 * H].set(1.0),
    "bw": init(ks[5], (IN + H, 4 * H)), "bb": jnp.zeros(4 * H).at[H:2 * H].set(1.0),
    "out": init(ks[6], (2 * H, 3)), "outb": jnp.zeros(3),
}

def lstm(W, b, xs, mask):
    # xs: [T, B, IN], mask [T, B]
    B = xs.shape[1]
    def step(carry, inp):
        h, c = carry
        x, m = inp
        z = jnp.concatenate([x, h], -1) @ W + b
        i, f, g, o = jnp.split(z, 4, -1)
        c2 = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
        h2 = jax.nn.sigmoid(o) * jnp.tanh(c2)
        m = m[:, None]
        h2 = m * h2 + (1 - m) * h; c2 = m * c2 + (1 - m) * c
        return (h2, c2), h2
    init_c = (jnp.zeros((B, H)), jnp.zeros((B, H)))
    _, hs = jax.lax.scan(step, init_c, (xs, mask))
    return hs

def forward(p, w, f, c, lens, drop_key=None):
    # w [B,T], f [B,T,6], c [B,T,MAXC]
    B, T = w.shape
    we = p["wemb"][w]
    fe = p["femb"][f].reshape(B, T, 6 * FE)
    ce = p["cemb"][c]  # B,T,MAXC,CE
    cpad = jnp.pad(ce, ((0, 0), (0, 0), (1, 1), (0, 0)))
    win = jnp.concatenate([cpad[:, :, :-2], cpad[:, :, 1:-1], cpad[:, :, 2:]], -1)
    cm = (c > 0)[..., None]
    conv = jnp.where(cm, jnp.tanh(win @ p["conv"] + p["convb"]), -1.0).max(2)
    x = jnp.concatenate([we, fe, conv], -1)
    if drop_key is not None:
        keep = jax.random.bernoulli(drop_key, 0.7, x.shape)
        x = x * keep / 0.7
        # word dropout: replace word embedding of random tokens by UNK row
    mask = (jnp.arange(T)[None, :] < lens[:, None]).astype(jnp.float32)
    xs = jnp.transpose(x, (1, 0, 2)); ms = mask.T
    hf = lstm(p["fw"], p["fb"], xs, ms)
    # backward: reverse each sequence within its length
    idx = jnp.where(jnp.arange(T)[None, :] < lens[:, None], lens[:, None] - 1 - jnp.arange(T)[None, :], jnp.arange(T)[None, :])
    xr = jnp.take_along_axis(x, idx[..., None], 1)
    hb = lstm(p["bw"], p["bb"], jnp.transpose(xr, (1, 0, 2)), ms)
    hb = jnp.transpose(hb, (1, 0, 2)); hb = jnp.take_along_axis(hb, idx[..., None], 1)
    h = jnp.concatenate([jnp.transpose(hf, (1, 0, 2)), hb], -1)
    return h @ p["out"] + p["outb"], mask

def loss_fn(p, w, f, c, y, lens, k):
    logits, mask = forward(p, w, f, c, lens, k)
    ll = optax.softmax_cross_entropy_with_integer_labels(logits, y)
    return (ll * mask).sum() / mask.sum()

opt = optax.adam(2e-3)
opt_state = opt.init(params)

@jax.jit
def train_step(p, s, w, f, c, y, lens, k):
    l, g = jax.value_and_grad(loss_fn)(p, w, f, c, y, lens, k)
    g = jax.tree_util.tree_map(lambda x: jnp.clip(x, -5, 5), g)
    upd, s = opt.update(g, s, p)
    return optax.apply_updates(p, upd), s, l

@jax.jit
def predict(p, w, f, c, lens):
    logits, _ = forward(p, w, f, c, lens)
    return logits

BUCKETS = [8, 16, 32, 64, 128, 256, 512]
def batches(data, bs, shuffle, rng=None):
    order = list(range(len(data)))
    by = collections.defaultdict(list)
    for i in order:
        n = len(data[i][0]); b = next(x for x in BUCKETS if x >= min(n, 512))
        by[b].append(i)
    out = []
    for b, ids in by.items():
        if shuffle: rng.shuffle(ids)
        for j in range(0, len(ids), bs):
            out.append((b, ids[j:j + bs]))
    if shuffle: rng.shuffle(out)
    return out

def pack(data, T, ids, bs):
    B = bs
    w = np.zeros((B, T), np.int32); f = np.zeros((B, T, 6), np.int32); c = np.zeros((B, T, MAXC), np.int32)
    y = np.zeros((B, T), np.int32); lens = np.zeros(B, np.int32)
    for r, i in enumerate(ids):
        dw, df, dc, dy = data[i]; n = min(len(dw), T)
        w[r, :n] = dw[:n]; f[r, :n] = df[:n]; c[r, :n] = dc[:n]; y[r, :n] = dy[:n]; lens[r] = n
    return w, f, c, y, lens

rng = random.Random(args.seed)
BS = 32
for ep in range(args.epochs):
    t0 = time.time(); tot = 0; nb = 0
    for T, ids in batches(train_f, BS, True, rng):
        w, f, c, y, lens = pack(train_f, T, ids, BS)
        # word dropout
        drop = np.random.rand(*w.shape) < 0.1
        w = np.where(drop & (w > 1), 1, w)
        key, sk = jax.random.split(key)
        params, opt_state, l = train_step(params, opt_state, w, f, c, y, lens, sk)
        tot += float(l); nb += 1
    print(f"epoch {ep} loss {tot/nb:.4f} {time.time()-t0:.0f}s", file=sys.stderr, flush=True)

NAMES = ["O", "B-PER", "I-PER"]
for sp, data in test_f.items():
    tp = fp = fn = 0
    probs_out = open(f"{args.out}-{sp}{'-dev' if args.dev else '-f%d' % args.fold}.tsv", "w", encoding="utf-8")
    preds = {}
    for T, ids in batches(data, 64, False):
        w, f, c, y, lens = pack(data, T, ids, 64)
        lg = np.asarray(predict(params, w, f, c, lens))
        for r, i in enumerate(ids):
            preds[i] = lg[r, :len(data[i][0])]
    for i, s in enumerate(test_s[sp]):
        lg = preds[i]
        pr = jax.nn.softmax(jnp.asarray(lg), -1)
        lab = list(np.argmax(lg, -1))
        g = spans([label(l) for _, l in s]); p = spans(lab)
        tp += len(g & p); fp += len(p - g); fn += len(g - p)
        for (t, gl), l, q in zip(s, lab, np.asarray(pr)):
            probs_out.write(f"{t}\t{gl}\t{NAMES[l]}\t{q[0]:.4f}\t{q[1]:.4f}\t{q[2]:.4f}\n")
        probs_out.write("\n")
    P = tp / max(1, tp + fp); R = tp / max(1, tp + fn); F = 2 * P * R / max(1e-9, P + R)
    print(f"{sp} P {P:.4f} R {R:.4f} F1 {F:.4f} (tp {tp} fp {fp} fn {fn})", flush=True)
