"""KIND files as the probe scripts read them: sentences, articles and CV folds exactly as
`src/eval/persons.rs` and `examples/train_persons.rs` cut them, and BIO spans."""

# A sentence that does not end with one of these is a title: it starts a new article.
ENDS = set(". ! ? … ... : ; » \" ) ”".split())
LABEL = {"O": 0, "B-PER": 1, "I-PER": 2}


def read(path, cols=2):
    """Sentences of a token-per-line file, each token the list of its first `cols` columns."""
    sentences, current = [], []
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 2 or parts[0] == "":
            if current:
                sentences.append(current)
                current = []
        else:
            current.append(parts[:cols])
    if current:
        sentences.append(current)
    return sentences


def held_sentences(sentences, k, fold):
    """Indices of the sentences in fold `fold` of `k`: whole articles, in contiguous blocks."""
    articles, start = [], 0
    for i, s in enumerate(sentences):
        if i > start and s[-1][0] not in ENDS:
            articles.append((start, i))
            start = i
    articles.append((start, len(sentences)))
    n = len(articles)
    return [i for j, (a, b) in enumerate(articles) if j * k // n == fold for i in range(a, b)]


def spans(labels):
    """Person spans of 0/1/2 (O/B/I) labels; a stray I opens a span (CoNLL's rule)."""
    out, start = [], None
    for i, label in enumerate(list(labels) + [0]):
        if label == 1 or label == 0 or (label == 2 and start is None):
            if start is not None:
                out.append((start, i))
                start = None
            if label in (1, 2):
                start = i
    return set(out)
