"""corpus .parquet -> throughput of bare natasha NER: W processes, each NewsNERTagger over 1/W of the texts.

The yardstick of issue 9: what the NER model alone does on the same corpus and cores, so the
pipeline's own cost shows as the ratio of the two. Prints one JSON line.

`OMP_NUM_THREADS=1 python benchmarks/bare_ner.py --input corpus.parquet --workers 2`
"""
import argparse
import json
import multiprocessing as mp
import os
import time

# natasha's models are numpy: more than one BLAS thread per process oversubscribes the cores
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import pyarrow.parquet as pq  # noqa: E402


def tag_shard(texts):
    started = time.perf_counter()
    from natasha import NewsEmbedding, NewsNERTagger
    tagger = NewsNERTagger(NewsEmbedding())
    loaded = time.perf_counter()
    spans = sum(len(tagger(t).spans) for t in texts)
    return {"docs": len(texts), "spans": spans, "load_s": loaded - started, "tag_s": time.perf_counter() - loaded}


def shards(texts, workers):
    size = -(-len(texts) // workers)
    return [texts[i:i + size] for i in range(0, len(texts), size)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", required=True)
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    a = ap.parse_args(argv)
    started = time.perf_counter()
    texts = pq.read_table(a.input, columns=["text"]).column("text").to_pylist()
    with mp.get_context("fork").Pool(a.workers) as pool:
        parts = pool.map(tag_shard, shards(texts, a.workers), chunksize=1)
    wall = time.perf_counter() - started
    tag_s = max(p["tag_s"] for p in parts)
    print(json.dumps({"docs": len(texts), "workers": a.workers, "spans": sum(p["spans"] for p in parts),
                      "wall_s": round(wall, 2), "tag_s": round(tag_s, 2),
                      "load_s": round(max(p["load_s"] for p in parts), 2),
                      "tag_docs_per_s": round(len(texts) / tag_s, 1) if tag_s else None}))


if __name__ == "__main__":
    main()
