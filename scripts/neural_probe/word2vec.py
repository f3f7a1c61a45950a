"""Skip-gram word vectors (gensim) from DICE and the KIND training splits' text, for
scripts/neural_probe/tagger.py --w2v. Never reads a dev split. gensim's two worker threads make the vectors differ a little
from run to run.

    python3 scripts/neural_probe/word2vec.py OUT.txt [SHARED_DATA]
"""
import sys
import os, re, glob
from gensim.models import Word2Vec
DATA = sys.argv[2] if len(sys.argv) > 2 else "../shared/data"
tok = re.compile(r"\w+['’]?|[^\w\s]")
sents = []
for fn in glob.glob(DATA + "/dice/**/*", recursive=True):
    if not os.path.isfile(fn): continue
    try: text = open(fn, encoding="utf-8", errors="replace").read()
    except Exception: continue
    for para in text.split("\n"):
        t = tok.findall(para.lower())
        if t: sents.append(t)
for sp in ["WN", "ADG", "FIC"]:
    cur = []
    for line in open(f"{DATA}/kind-wikinews/{sp}_train.tsv", encoding="utf-8"):
        p = line.rstrip("\n").split("\t")
        if len(p) < 2 or not p[0]:
            if cur: sents.append(cur); cur = []
        else: cur.append(p[0].lower())
print(len(sents), sum(map(len, sents)))
m = Word2Vec(sents, vector_size=64, window=5, min_count=3, workers=2, epochs=5, sg=1)
m.wv.save_word2vec_format(sys.argv[1])
print(len(m.wv))
