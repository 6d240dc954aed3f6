"""Memory of one worker process as it goes through a corpus: does it level off?

Runs the whole chain batch by batch in this one process (as a pool worker does) and prints, every
N documents, its RSS, the RSS after returning freed heap pages to the system (malloc_trim), and
the number of objects the garbage collector tracks. The word caches are bounded
(nlp.WORD_CACHE_SIZE, PHRASE_CACHE_SIZE), so the curve should flatten once they are full.

    .venv/bin/python benchmarks/memory_curve.py --input /tmp/kz-bench/corpus-10000-seed0.parquet --docs 4000
"""
import argparse
import ctypes
import gc
import os
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from pipeline import io, runner, stages  # noqa: E402


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
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as spool_dir, runner.read_twice(a.input, spool_dir, io.MAX_BYTES) as (context, spool):
        curve(context, spool, a)


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
