"""Runs stages over a corpus in batches: the whole chain (`run`) or one stage on its own (DVC)."""
import multiprocessing as mp
from collections import deque

import pandas as pd

from . import __version__, clean, io, schema
from .stages import STAGES, outputs_of, run_chain

READ_STAGE = "clean"  # rejects of reading the input are filed with the first stage


def rejects_name(stage):
    return f"rejects/{stage}"


def split_rejects(rejects: pd.DataFrame, names) -> dict:
    stage_of = rejects["stage"].replace({"read": READ_STAGE}) if len(rejects) else rejects["stage"]
    return {rejects_name(n): rejects[stage_of == n] for n in names}


def profile_corpus(input_path, batch_size):
    """First pass over the input: corpus-wide facts the clean stage needs (lines that recur)."""
    return clean.profile(raw for raw, _ in io.corpus_batches(input_path, batch_size))


# ---------------------------------------------------------------- workers

_CONTEXT = None


def _init_worker(context):
    global _CONTEXT
    _CONTEXT = context


def _chain_worker(args):
    batch, names = args
    return run_chain(batch, _CONTEXT, names)


def ordered_map(fn, items, workers, context):
    """map() over worker processes, in order, with at most 2 x workers batches in flight,
    so a large corpus is never read ahead into memory."""
    if workers <= 1:
        _init_worker(context)
        yield from map(fn, items)
        return
    with mp.get_context("fork").Pool(workers, initializer=_init_worker, initargs=(context,)) as pool:
        pending = deque()
        for item in items:
            pending.append(pool.apply_async(fn, (item,)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


# ---------------------------------------------------------------- whole chain

def run(input_path, out_dir, batch_size=io.BATCH_SIZE, workers=1, names=tuple(STAGES)):
    """The chain over a corpus, writing every table under out_dir. Returns row counts per table."""
    context = profile_corpus(input_path, batch_size)
    tables = outputs_of(names) + [rejects_name(n) for n in names]
    counts = dict.fromkeys(tables, 0)
    batches = ({"raw": raw, "rejects": rej} for raw, rej in io.corpus_batches(input_path, batch_size))
    with io.writers(out_dir, tables, metadata={"pipeline_version": __version__}) as w:
        for result in ordered_map(_chain_worker, ((b, names) for b in batches), workers, context):
            for name, df in {**result, **split_rejects(result["rejects"], names)}.items():
                if name in w:
                    w[name].write(df)
                    counts[name] += len(df)
    return counts


# ---------------------------------------------------------------- one stage (DVC)

def run_stage(name, out_dir, input_path=None, batch_size=io.BATCH_SIZE, workers=1):
    """One stage: reads its input tables from out_dir row group by row group (or the corpus, for
    clean) and writes its outputs there. Returns row counts per table written."""
    stage = STAGES[name]
    if name == READ_STAGE:
        if input_path is None:
            raise io.InputError("the clean stage needs --input")
        context = profile_corpus(input_path, batch_size)
        batches = ({"raw": raw, "rejects": rej} for raw, rej in io.corpus_batches(input_path, batch_size))
    else:
        context = None
        batches = io.aligned_batches(out_dir, stage.INPUTS)
    tables = list(stage.OUTPUTS) + [rejects_name(name)]
    counts = dict.fromkeys(tables, 0)
    with io.writers(out_dir, tables, metadata={"pipeline_version": __version__}) as w:
        for result in ordered_map(_chain_worker, ((b, (name,)) for b in batches), workers, context):
            result[rejects_name(name)] = result.pop("rejects")
            for t in tables:
                w[t].write(result[t])
                counts[t] += len(result[t])
    return counts


def summary(out_dir) -> dict:
    """Row counts of the main tables of out_dir (from Parquet metadata, without reading data)."""
    import pyarrow.parquet as pq
    out = {}
    for name in ["documents", "people", "officials", "organisations", "programmes", "figures", "events"]:
        path = io.table_path(out_dir, name)
        out[name] = pq.ParquetFile(path).metadata.num_rows if path.exists() else None
    rejects = io.table_path(out_dir, "rejects").with_suffix("")
    out["rejects"] = sum(pq.ParquetFile(p).metadata.num_rows for p in rejects.glob("*.parquet")) if rejects.exists() else 0
    return out
