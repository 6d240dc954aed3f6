"""`python -m pipeline run --input PATH --output DIR`: the whole chain on a corpus;
`python -m pipeline STAGE --output DIR [--input PATH]`: one stage (what dvc.yaml calls);
`python -m pipeline summary --output DIR`: row counts of the tables."""
import argparse
import sys
import time

from . import io, nlp
from .runner import run, run_stage, summary
from .stages import STAGES


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["run", "summary", *STAGES])
    ap.add_argument("--input", help="folder of .txt files, or a .jsonl, .csv or .parquet file with doc_id and text")
    ap.add_argument("--output", default="outputs", help="folder of the Parquet tables (default: outputs)")
    ap.add_argument("--batch-size", type=int, default=io.BATCH_SIZE, help="documents per batch and row group")
    ap.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    a = ap.parse_args(argv)
    if a.batch_size < 1 or a.workers < 1:
        ap.error("--batch-size and --workers must be at least 1")
    if a.command == "run" and not a.input:
        ap.error("run needs --input")
    return a


def print_summary(out_dir, seconds):
    counts = summary(out_dir)
    print(f"tables in {out_dir}/ ({seconds:.1f} s)")
    for name, n in counts.items():
        print(f"  {name:14s} {'-' if n is None else n:>7}")


def main(argv=None):
    a = parse_args(argv if argv is not None else sys.argv[1:])
    started = time.time()
    try:
        if a.command == "summary":
            print_summary(a.output, 0)
            return 0
        if a.command == "run":
            counts = run(a.input, a.output, a.batch_size, a.workers)
            print_summary(a.output, time.time() - started)
            if counts["documents"] == 0:
                print("error: no document could be processed; see rejects/ for why", file=sys.stderr)
                return 1
            return 0
        counts = run_stage(a.command, a.output, a.input, a.batch_size, a.workers)
        print(f"{a.command}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
        return 0
    except (io.InputError, nlp.ModelMissing) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
