"""Memory of one worker process as it goes through a corpus: does it level off?

Runs the whole chain batch by batch in this one process (as a pool worker does) and prints, every
N documents, its RSS, the RSS after returning freed heap pages to the system (malloc_trim), and
the number of objects the garbage collector tracks. The word caches are bounded
(nlp.WORD_CACHE_SIZE, PHRASE_CACHE_SIZE), so the curve should flatten once they are full.

With --caches it then empties the caches one by one and prints what each held: its entries, and
the memory clearing it gave back to Python's small-object heap and to malloc (glibc's mallinfo2).
Those two are the memory in use, not the RSS, which keeps freed pages the allocators hold on to.
The models' loaders (nlp.ner_tagger, nlp.morph_tagger) come last: clearing them frees the model
with its per-word-form id caches.

    .venv/bin/python benchmarks/memory_curve.py --input /tmp/kz-bench/corpus-10000-seed0.parquet --docs 4000
"""
import argparse
import ctypes
import gc
import importlib
import os
import pkgutil
import re
import sys
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pipeline  # noqa: E402
from pipeline import io, nlp, runner, stages  # noqa: E402

MODEL_LOADERS = ("nlp.ner_tagger", "nlp.morph_tagger")


def rss_mb() -> int:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return 0


def trimmed_rss_mb() -> int:
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
    return rss_mb()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", required=True)
    ap.add_argument("--docs", type=int, default=4000)
    ap.add_argument("--every", type=int, default=640, help="report every N documents")
    ap.add_argument("--batch-size", type=int, default=io.BATCH_SIZE)
    ap.add_argument("--caches", action="store_true", help="then print what each cache holds")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as spool_dir, runner.read_twice(a.input, spool_dir, io.MAX_BYTES) as (context, spool):
        curve(context, spool, a)
    if a.caches:
        cache_table()


class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]


def heap_in_use_mb() -> tuple[float, float]:
    """(Python's small-object heap, malloc) in use, MB, after a collection."""
    gc.collect()
    read, write = os.pipe()
    saved = os.dup(2)
    os.dup2(write, 2)  # _debugmallocstats writes to the C stderr
    try:
        sys._debugmallocstats()
    finally:
        os.dup2(saved, 2)
        os.close(write)
        os.close(saved)
    with os.fdopen(read) as f:
        stats = f.read()
    python = int(re.search(r"# bytes in allocated blocks\s*=\s*([\d,]+)", stats)[1].replace(",", ""))
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = MallInfo2
    m = libc.mallinfo2()
    return python / 2 ** 20, (m.uordblks + m.hblkhd) / 2 ** 20


def lru_caches() -> dict:
    """'module.function' -> every functools.lru_cache of the pipeline's modules."""
    found = {}
    for info in pkgutil.iter_modules(pipeline.__path__):
        module = importlib.import_module("pipeline." + info.name)
        for name, obj in vars(module).items():
            if hasattr(obj, "cache_clear") and getattr(obj, "__module__", "").startswith("pipeline"):
                found[f"{info.name}.{name}"] = obj
    return found


def cache_table():
    """Each cache emptied in turn, largest first in the output; the models' loaders last."""
    python, malloc = heap_in_use_mb()
    print(f"\nIn use: Python heap {python:.1f} MB, malloc {malloc:.1f} MB\n")
    print("| cache | entries | Python heap MB | malloc MB |")
    print("|---|---:|---:|---:|")
    caches = lru_caches()
    rows = []
    order = [n for n in sorted(caches) if n not in MODEL_LOADERS] + [n for n in MODEL_LOADERS if n in caches]
    for name in ["nlp._NER_CACHE"] + order:
        before = heap_in_use_mb()
        if name == "nlp._NER_CACHE":
            entries = len(nlp._NER_CACHE.data)
            nlp._NER_CACHE = nlp.LRU(nlp.NER_CACHE_SIZE)
        else:
            entries = caches[name].cache_info().currsize
            caches[name].cache_clear()
        after = heap_in_use_mb()
        rows.append((name, entries, before[0] - after[0], before[1] - after[1]))
    for name, entries, python, malloc in sorted(rows, key=lambda r: -(r[2] + r[3])):
        if python + malloc >= 0.05:
            print(f"| {name} | {entries} | {python:.1f} | {malloc:.1f} |")
    python, malloc = heap_in_use_mb()
    print(f"\nLeft in use: Python heap {python:.1f} MB, malloc {malloc:.1f} MB")


def curve(context, spool, a):
    runner._init_worker(context)
    print(f"| documents | RSS MB | RSS after malloc_trim MB | GC-tracked objects | seconds |")
    print(f"|---:|---:|---:|---:|---:|")
    print(f"| 0 | {rss_mb()} | {trimmed_rss_mb()} | {len(gc.get_objects())} | 0 |", flush=True)
    done, started, next_report = 0, time.time(), a.every
    for batch in runner.batches(spool, a.batch_size):
        runner._chain_worker((batch, list(stages.STAGES), True))
        done += len(batch["raw"])
        if done >= next_report or done >= a.docs:
            rss = rss_mb()
            print(f"| {done} | {rss} | {trimmed_rss_mb()} | {len(gc.get_objects())} | {time.time() - started:.0f} |", flush=True)
            next_report += a.every
        if done >= a.docs:
            break


if __name__ == "__main__":
    main()
