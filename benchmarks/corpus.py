"""real news texts -> benchmark corpus: N unique documents (doc_id, text) recombined from their paragraphs.

The ~960 distinct texts of ../shared/eval/*.jsonl and ../shared/corpus/*.jsonl are split into
paragraphs; each benchmark document is a real headline followed by body paragraphs drawn from
other articles until it reaches a length drawn from the real articles' lengths. No two documents
(and no document and source article) share a text, checked by hash, so a per-document cache
cannot flatter the figures. The stream is deterministic for a seed and N=1000 is a prefix of
N=10000, so the two sizes measure the same kind of text.

`python benchmarks/corpus.py --docs 10000 --output /tmp/bench/corpus-10000.parquet`
"""
import argparse
import hashlib
import json
import os
import random
import statistics
import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

# the shared folder sits beside the checkout (../shared); KZ_SHARED points elsewhere
SHARED = Path(os.environ.get("KZ_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SOURCES = ["eval/factru-dev.jsonl", "eval/nerel-dev.jsonl", "corpus/nerel-train-texts.jsonl"]
MIN_LENGTH, MAX_LENGTH = 400, 4000  # a few source texts are 13 k characters: not a news item
ROW_GROUP = 64


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def source_texts(shared=SHARED) -> list[str]:
    """The distinct `text` fields of the source files, in a fixed order (sorted by hash)."""
    texts = {}
    for name in SOURCES:
        path = Path(shared) / name
        if not path.exists():
            print(f"corpus: {path} missing, skipped", file=sys.stderr)
            continue
        for line in path.open(encoding="utf-8"):
            text = json.loads(line).get("text") if line.strip() else None
            if isinstance(text, str) and text.strip():
                texts[digest(text)] = text
    if not texts:
        raise FileNotFoundError(f"no source texts under {shared}/ ({', '.join(SOURCES)}): set KZ_SHARED")
    return [texts[h] for h in sorted(texts)]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


class Pool:
    """Headlines (first paragraphs), body paragraphs and real lengths of the source articles."""

    def __init__(self, texts):
        split = [paragraphs(t) for t in texts]
        self.heads = [ps[0] for ps in split if len(ps) > 1]
        self.bodies = [p for ps in split for p in ps[1:]]
        self.lengths = [min(max(len(t), MIN_LENGTH), MAX_LENGTH) for t in texts]


def document(pool: Pool, rng: random.Random) -> str:
    target = rng.choice(pool.lengths)
    parts = [rng.choice(pool.heads)]
    size = len(parts[0])
    while size < target:
        part = rng.choice(pool.bodies)
        if len(parts) > 1 and size + len(part) > target * 1.2:
            break  # an overlong last paragraph would push every length past the real ones
        parts.append(part)
        size += len(part) + 2
    return "\n\n".join(parts)


def documents(n: int, seed: int = 0, texts=None):
    """Yields (doc_id, text) for n unique documents; the first k of n are those of k."""
    texts = source_texts() if texts is None else texts
    pool, rng = Pool(texts), random.Random(seed)
    seen = {digest(t) for t in texts}
    made = 0
    while made < n:
        text = document(pool, rng)
        key = digest(text)
        if key in seen:  # the same draw twice: draw again rather than repeat a document
            continue
        seen.add(key)
        made += 1
        yield f"bench-{made:06d}", text


def stats(texts, pool_bodies=None) -> dict:
    lengths = [len(t) for t in texts]
    reuse = Counter(p for t in texts for p in paragraphs(t)[1:])
    return {"documents": len(texts), "unique": len({digest(t) for t in texts}),
            "mean_chars": round(statistics.mean(lengths)), "median_chars": round(statistics.median(lengths)),
            "paragraph_max_reuse": max(reuse.values(), default=0),
            "paragraph_mean_reuse": round(sum(reuse.values()) / max(len(reuse), 1), 1)}


def write(n: int, out: Path, seed: int = 0) -> dict:
    """Writes the corpus of n documents to out (Parquet: doc_id, text) and returns its stats."""
    ids, texts = zip(*documents(n, seed)) if n else ((), ())
    info = stats(texts)
    if info["unique"] != n:
        raise AssertionError(f"corpus has {n - info['unique']} repeated documents")
    out.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table({"doc_id": pa.array(ids, pa.string()), "text": pa.array(texts, pa.string())})
    tmp = out.with_suffix(".tmp")
    pq.write_table(table, tmp, row_group_size=ROW_GROUP)
    tmp.rename(out)
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--output", type=Path, default=None)
    a = ap.parse_args(argv)
    out = a.output or Path(f"/tmp/kz-bench/corpus-{a.docs}.parquet")
    info = write(a.docs, out, a.seed)
    print(f"{out}: " + ", ".join(f"{k} {v}" for k, v in info.items()))


if __name__ == "__main__":
    main()
