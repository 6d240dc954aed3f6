"""`python -m pipeline run --input PATH --output DIR`: the whole chain on a corpus;
`python -m pipeline STAGE --output DIR [--input PATH]`: one stage (what dvc.yaml calls);
`python -m pipeline summary --output DIR`: row counts of the tables.

`run --incremental` re-uses the rows of the previous run in DIR for every document whose content,
recurring-line profile and pipeline version (code and vocabularies) are unchanged, processes
the others only, and says how many of each; the tables are those a full run would write.
`run --engine dask --scheduler ADDR` runs the batches on a dask.distributed cluster (same tables).

Exit codes: 0 when documents were processed (inputs that could not be are counted in the
summary and listed in DIR/rejects/); 1 when no input could be processed (the previous tables
are left as they were); 2 for an invalid option, an input that cannot be read, an output
folder that cannot be written, or a missing model package."""
import argparse
import sys
import time

MISSING = "{} is not installed: run `make install` or `pip install -e .`"


def parse_args(argv):
    from . import io
    from .stages import STAGES
    ap = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["run", "summary", *STAGES])
    ap.add_argument("--input", help="folder of .txt files, or a .jsonl, .csv or .parquet file with doc_id and text")
    ap.add_argument("--output", default="outputs", help="folder of the Parquet tables (default: outputs)")
    ap.add_argument("--batch-size", type=int, default=io.BATCH_SIZE, help="documents per batch and row group")
    ap.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--max-bytes", type=int, default=io.MAX_BYTES,
                    help=f"inputs (files, rows) larger than this are rejected (default {io.MAX_BYTES})")
    ap.add_argument("--incremental", action="store_true",
                    help="run: re-use the previous run's rows of unchanged documents in --output")
    ap.add_argument("--engine", choices=["local", "dask"], default="local",
                    help="run: worker processes here (local, default) or a dask.distributed cluster")
    ap.add_argument("--scheduler", help="dask scheduler address (tcp://host:8786), for --engine dask")
    a = ap.parse_args(argv)
    if a.batch_size < 1 or a.workers < 1 or a.max_bytes < 1:
        ap.error("--batch-size, --workers and --max-bytes must be at least 1")
    if a.command == "run" and not a.input:
        ap.error("run needs --input")
    if a.engine == "dask" and not a.scheduler:
        ap.error("--engine dask needs --scheduler ADDR")
    if (a.incremental or a.engine != "local") and a.command != "run":
        ap.error("--incremental and --engine are options of run")
    return a


def print_summary(out_dir, seconds):
    from .io import InputError, lineage, pending_commit
    from .runner import describe, reject_kinds, summary
    counts = summary(out_dir)
    print(f"tables in {out_dir}/ ({seconds:.1f} s)")
    for name, n in counts.items():
        print(f"  {name:14s} {'-' if n is None else n:>7}")
    kinds = reject_kinds(out_dir)
    if kinds:
        print(f"  rejects by kind: {describe(kinds)} (see {out_dir}/rejects/)")
    if pending_commit(out_dir):
        print("warning: a killed run left its commit unfinished; the next run finishes it", file=sys.stderr)
    try:
        lineage(out_dir, [name for name, n in counts.items() if n is not None and name != "rejects"])
    except InputError as e:
        print(f"warning: {e}", file=sys.stderr)


def execute(a):
    from .runner import fewer_collections
    # the summary too: after a run, one full collection over the caches would cost ~0.3 s
    with fewer_collections():
        return execute_command(a)


def execute_command(a):
    from .runner import run, run_stage
    started = time.time()
    if a.command == "summary":
        print_summary(a.output, 0)
    elif a.command == "run":
        run(a.input, a.output, a.batch_size, a.workers, max_bytes=a.max_bytes, incremental=a.incremental,
            engine=a.engine, scheduler=a.scheduler, log=print)
        print_summary(a.output, time.time() - started)
    else:
        counts = run_stage(a.command, a.output, a.input, a.batch_size, a.workers, max_bytes=a.max_bytes)
        print(f"{a.command}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    return 0


def main(argv=None):
    try:
        # imported here so that a missing package is a one-line error, not a traceback
        from . import io, nlp
        from .runner import NothingProcessed, WorkerDied
        a = parse_args(argv if argv is not None else sys.argv[1:])
    except ImportError as e:
        return fail(MISSING.format(e.name or e))
    try:
        return execute(a)
    except NothingProcessed as e:
        return fail(f"{e}; the tables in {a.output} were left as they were", code=1)
    except ImportError as e:
        return fail(MISSING.format(e.name or e))
    except (io.InputError, io.OutputError, nlp.ModelMissing, WorkerDied) as e:
        return fail(str(e))
    except OSError as e:  # disk full, output folder removed under the run
        return fail(f"{e.strerror or e}: {e.filename or a.output}")


def fail(message, code=2):
    print(f"error: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
