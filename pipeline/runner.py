"""Runs stages over a corpus in batches: the whole chain (`run`) or one stage on its own (DVC).

A run holds its output folder (`io.locked`), first finishes or clears what a killed run left
there (`io.recover`), writes every table to a temporary file and renames them all at the end
(`io.writers`). A run that kept no document replaces nothing.
"""
import multiprocessing as mp
import os
import threading
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pandas as pd
import pyarrow.parquet as pq

from . import __version__, clean, io
from .stages import STAGES, outputs_of, run_chain

READ_STAGE = "clean"  # rejects of reading the input are filed with the first stage
MAIN_TABLES = ["documents", "people", "officials", "organisations", "programmes", "figures", "events"]


class NothingProcessed(Exception):
    """No input became a document: the previous tables are left as they were."""

    def __init__(self, input_path, kinds: Counter):
        self.kinds = kinds
        if kinds:
            detail = f"all {sum(kinds.values())} inputs rejected ({describe(kinds)})"
        else:
            detail = "the input holds no documents"
        super().__init__(f"no document could be processed from {input_path}: {detail}")


def rejects_name(stage):
    return f"rejects/{stage}"


def split_rejects(rejects: pd.DataFrame, names) -> dict:
    stage_of = rejects["stage"].replace({"read": READ_STAGE}) if len(rejects) else rejects["stage"]
    return {rejects_name(n): rejects[stage_of == n] for n in names}


def kind(reason: str) -> str:
    """'binary: x.pdf holds binary content' -> 'binary': what the run summary counts."""
    return str(reason).split(":", 1)[0]


def describe(kinds: Counter) -> str:
    return ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))


def corpus(input_path, batch_size, max_bytes):
    return ({"raw": raw, "rejects": rej} for raw, rej in io.corpus_batches(input_path, batch_size, max_bytes))


def profile_corpus(input_path, batch_size, max_bytes=io.MAX_BYTES):
    """First pass over the input: corpus-wide facts the clean stage needs (lines that recur)."""
    return clean.profile(b["raw"] for b in corpus(input_path, batch_size, max_bytes))


# ---------------------------------------------------------------- workers

_CONTEXT = None


def _init_worker(context, parent=None):
    global _CONTEXT
    _CONTEXT = context
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent):
    """A worker of a run killed with -9 would wait for work forever, holding its models."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _chain_worker(args):
    batch, names = args
    return run_chain(batch, _CONTEXT, names)


class WorkerDied(Exception):
    pass


def ordered_map(fn, items, workers, context):
    """map() over worker processes, in order, with at most 2 x workers batches in flight,
    so a large corpus is never read ahead into memory. A worker killed from outside (out of
    memory) fails the run with WorkerDied instead of leaving it waiting forever."""
    if workers <= 1:
        _init_worker(context)
        yield from map(fn, items)
        return
    pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"), initializer=_init_worker,
                               initargs=(context, os.getpid()))
    with pool:
        pending = deque()
        try:
            for item in items:
                pending.append(pool.submit(fn, item))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool as e:
            raise WorkerDied("a worker process died (out of memory? try a smaller --batch-size)") from e
        finally:
            for f in pending:
                f.cancel()


class Written:
    """Row counts per table and reject kinds of one run, and the digest of its documents."""

    def __init__(self, tables):
        self.counts = dict.fromkeys(tables, 0)
        self.kinds = Counter()
        self.digest = io.Digest()

    def add(self, writers, tables: dict):
        for name, df in tables.items():
            if name in writers:
                writers[name].write(df)
                self.counts[name] += len(df)
        if "documents" in tables:
            self.digest.update(tables["documents"])


def _check_kept_some(written: Written, input_path, metadata):
    """Called before commit: a run with no document raises, so nothing is replaced."""
    if written.counts.get("documents", 1) == 0:
        raise NothingProcessed(input_path, written.kinds)
    metadata[io.DIGEST_KEY] = written.digest.hexdigest()


# ---------------------------------------------------------------- whole chain

def run(input_path, out_dir, batch_size=io.BATCH_SIZE, workers=1, names=tuple(STAGES), max_bytes=io.MAX_BYTES):
    """The chain over a corpus, writing every table under out_dir. Returns row counts per table.

    Raises NothingProcessed (replacing no table) when no input became a document.
    """
    with io.locked(out_dir):
        io.recover(out_dir)
        context = profile_corpus(input_path, batch_size, max_bytes)
        tables = outputs_of(names) + [rejects_name(n) for n in names]
        written = Written(tables)
        metadata = {"pipeline_version": __version__}
        with io.writers(out_dir, tables, metadata) as w:
            items = ((b, names) for b in corpus(input_path, batch_size, max_bytes))
            for result in ordered_map(_chain_worker, items, workers, context):
                written.kinds.update(map(kind, result["rejects"]["reason"]))
                written.add(w, {**result, **split_rejects(result["rejects"], names)})
            _check_kept_some(written, input_path, metadata)
    return written.counts


# ---------------------------------------------------------------- one stage (DVC)

def run_stage(name, out_dir, input_path=None, batch_size=io.BATCH_SIZE, workers=1, max_bytes=io.MAX_BYTES):
    """One stage: reads its input tables from out_dir row group by row group (or the corpus, for
    clean) and writes its outputs there. Returns row counts per table written."""
    stage = STAGES[name]
    metadata = {"pipeline_version": __version__}
    if name == READ_STAGE and input_path is None:
        raise io.InputError("the clean stage needs --input")
    if name != READ_STAGE and not io.table_path(out_dir, "documents").exists():
        raise io.InputError(f"{io.table_path(out_dir, 'documents')} is missing: run the clean stage first")
    with io.locked(out_dir):
        io.recover(out_dir)
        if name == READ_STAGE:
            context = profile_corpus(input_path, batch_size, max_bytes)
            batches = corpus(input_path, batch_size, max_bytes)
        else:
            context = None
            # documents too, whatever the stage reads: offsets are checked against its text
            batches = io.aligned_batches(out_dir, dict.fromkeys([*stage.INPUTS, "documents"]))
            metadata[io.DIGEST_KEY] = io.lineage(out_dir, stage.INPUTS) or ""
        tables = list(stage.OUTPUTS) + [rejects_name(name)]
        written = Written(tables)
        with io.writers(out_dir, tables, metadata) as w:
            for result in ordered_map(_chain_worker, ((b, (name,)) for b in batches), workers, context):
                result[rejects_name(name)] = result.pop("rejects")
                written.kinds.update(map(kind, result[rejects_name(name)]["reason"]))
                written.add(w, {t: result[t] for t in tables})
            if name == READ_STAGE:
                _check_kept_some(written, input_path, metadata)
    return written.counts


# ---------------------------------------------------------------- summary

def summary(out_dir) -> dict:
    """Row counts of the main tables of out_dir (from Parquet metadata, without reading data)."""
    out = {}
    for name in MAIN_TABLES:
        path = io.table_path(out_dir, name)
        out[name] = pq.ParquetFile(path).metadata.num_rows if path.exists() else None
    out["rejects"] = sum(reject_kinds(out_dir).values())
    return out


def reject_kinds(out_dir) -> Counter:
    """Reject rows of every stage by kind ('binary', 'empty', 'duplicate', 'degraded', ...)."""
    folder = io.table_path(out_dir, "rejects").with_suffix("")
    kinds = Counter()
    for path in sorted(folder.glob("*.parquet")) if folder.is_dir() else ():
        kinds.update(map(kind, pq.read_table(path, columns=["reason"]).column("reason").to_pylist()))
    return kinds
