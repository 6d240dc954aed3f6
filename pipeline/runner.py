"""Runs stages over a corpus in batches: the whole chain (`run`) or one stage on its own (DVC).

A run holds its output folder (`io.locked`), first finishes or clears what a killed run left
there (`io.recover`), writes every table to a temporary file and renames them all at the end
(`io.writers`). A run that kept no document replaces nothing. It reads the input once
(`read_twice`): the first pass profiles the corpus and keeps it in a spool (`io.Spool`), the
second cuts the spool into batches.

Engines: worker processes on this machine (`workers`), or a dask.distributed cluster
(`engine="dask"`, `scheduler` its address) running the same `run_chain` over the same batches;
either way the parent writes the results in input order, so the tables are the same.

Incremental runs (`incremental=True`, `--incremental`) re-use the previous run's rows of a
document whose key is unchanged, and run the stages on the others only, when the previous run
had the same pipeline version (`__version__`, the stage names, and a hash of every file of the
package: code and vocabularies; kept in the tables' footers). A document's key (table
`doc_keys`) hashes its raw record and which of its lines the corpus profile marks as recurring
(`clean.recurring`): adding documents that make one of its lines recurring, or stop it being
so, re-processes it. Documents with a stage reject in the previous run are processed
again. doc_keys also keeps what the first pass computes of each text (`FirstPass`: its
duplicate-check key and short-line hashes), which the next run takes for every text it has.
Batches are cut along the previous run's row groups (`AlongRowGroups`: a row group of
unchanged documents is copied as it is), the new documents of several batches run together
(`Gathering`), and rows are kept in input order: the tables hold the rows a full run would
write, in its order; only their row groups may be cut elsewhere.

An incremental run splices its tables (`io.SplicingWriter`, `splice`), doc_keys and the
rejects too: each new file is the previous file's bytes, the new row groups after them, and a
footer listing the row groups in input order, so a row group none of whose documents changed
is neither decoded nor encoded again. The previous files' footers are walked in a process of
their own while the first pass reads the corpus (`FootersWalked`). New documents read between
two row groups make batches (row groups) of their own; read inside one, they join it, and that
row group is written anew. Bytes of row groups no footer
refers to any more stay in the file until a run finds them over a quarter of a file, or the row
groups twice as many as a full run's (`Previous.splicing`): that run writes the tables whole.
"""
import gc
import hashlib
import multiprocessing as mp
import os
import threading
import time
from collections import Counter, OrderedDict, deque
from contextlib import ExitStack, contextmanager
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import __version__, clean, io, nlp, splice
from .reuse import ReuseIndex
from .stages import STAGES, concat, outputs_of, run_chain

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


# A batch makes ~10^6 short-lived objects (tokens, spans, rows) while the caches of repeated
# work keep ~10^6 alive. Under Python's default thresholds (700, 10, 10) the cyclic collector
# then runs ~4 000 times per 1 000 documents, and its ~20 full collections walk the caches each
# time: ~13% of a run's CPU. Almost all of a batch's objects die by reference counting anyway:
# collecting less often frees the same cycles, later, and costs ~1/5 of that (benchmarks/results.md).
GC_THRESHOLDS = (10_000, 20, 20)


@contextmanager
def fewer_collections():
    """GC_THRESHOLDS while a run lasts (its forked workers inherit them), then the old ones."""
    old = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def rejects_name(stage):
    return f"rejects/{stage}"


def split_rejects(rejects: pd.DataFrame, names) -> dict:
    if not len(rejects):  # most batches: no pandas filtering, an empty row group per stage
        return {rejects_name(n): NO_REJECTS for n in names}
    stage_of = rejects["stage"].replace({"read": READ_STAGE})
    return {rejects_name(n): rejects[stage_of == n] for n in names}


# one empty rejects table for every batch without rejects (Arrow tables are immutable)
NO_REJECTS = io.schema.REJECTS.schema.empty_table()


def kind(reason: str) -> str:
    """'binary: x.pdf holds binary content' -> 'binary': what the run summary counts."""
    return str(reason).split(":", 1)[0]


def describe(kinds: Counter) -> str:
    return ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))


@contextmanager
def read_twice(input_path, out_dir, max_bytes, known=None):
    """The first pass over the input: corpus-wide facts the clean stage needs (lines that recur),
    while the corpus goes into a spool that the second pass (`batches`) reads. Yields
    (context, spool). `known`: a previous run's FirstPass results (doc_keys), re-used."""
    spool = io.Spool(out_dir)
    first = FirstPass(known)
    try:
        pairs = spool.fill(io.read_pairs(input_path, max_bytes, first.text_key, first.look_ahead))
        context = clean.profile_of_line_hashes(first.line_hashes(rec["text"]) for rec, _ in pairs if rec is not None)
        yield context, spool
    finally:
        spool.close()


class FirstPass:
    """What the first pass computes of each text: its key for the duplicate check (io.text_key)
    and the hashes of its short lines for the corpus profile (clean.doc_line_hashes). Both are
    kept in doc_keys, by a hash of the text, and an incremental run takes them from there for
    every text it has seen before: at 10 000 documents they were ~0.7 s of the first pass, on
    one core, before any worker starts."""

    LOOK_AHEAD = 256  # texts looked up in `known` at once

    def __init__(self, known=None):
        self.known = known  # reuse.KnownTexts: text hash -> (text key, line hashes), or None
        self.ahead = {}  # id(text) -> (text, what known has of it), for the texts of one chunk

    text_hash = staticmethod(nlp.text_hash)  # the key of the NER cache too

    def look_ahead(self, pairs):
        """The (record, rejects) pairs as read, what `known` has of each chunk of their texts
        looked up at once: one text at a time, the lookups were ~40 ms of the first pass at
        10 000 documents, on the one core the first pass has."""
        return looking_ahead(pairs, self.LOOK_AHEAD, self.look_up)

    def look_up(self, chunk):
        if self.known:
            texts = [rec["text"] for rec, _ in chunk if rec is not None]
            # the dict holds each text, so that no other object takes its id meanwhile
            self.ahead = {id(t): (t, f) for t, f in zip(texts, self.known.get_many(list(map(self.text_hash, texts))))}

    def found(self, text: str):
        """(text key, line hashes) of the text if a previous run had it, else None."""
        if not self.known:
            return None
        ahead = self.ahead.get(id(text))
        if ahead is None or ahead[0] is not text:
            ahead = (text, self.known.get(self.text_hash(text)))
        return ahead[1]

    def text_key(self, text: str) -> bytes:
        found = self.found(text)
        return found[0] if found else io.text_key(text)

    def line_hashes(self, text: str):
        found = self.found(text)
        return found[1] if found else clean.doc_line_hashes(text)

    def rows(self, texts: list[str]) -> tuple[list, list, list]:
        """doc_keys' text_hash, text_key and line_hashes values of a batch's texts."""
        hashes = [self.text_hash(t) for t in texts]
        found = self.known.get_many(hashes) if self.known else [None] * len(hashes)
        return (hashes, [f[0] if f else io.text_key(t) for t, f in zip(texts, found)],
                [f[1] if f else sorted(clean.doc_line_hashes(t)) for t, f in zip(texts, found)])


def looking_ahead(pairs, size, prepare):
    """The pairs as they come, prepare(chunk) called on each chunk of `size` of them before the
    chunk passes on: lookups made a chunk at a time, not a document at a time."""
    chunk = []
    for pair in pairs:
        chunk.append(pair)
        if len(chunk) == size:
            prepare(chunk)
            yield from chunk
            chunk = []
    prepare(chunk)
    yield from chunk


def batches(spool, batch_size, cut=None):
    pairs = cut.look_ahead(spool.pairs()) if isinstance(cut, AlongRowGroups) else spool.pairs()
    return ({"raw": raw, "rejects": rej} for raw, rej in io.batches_of(pairs, batch_size, cut))


# ---------------------------------------------------------------- workers

_CONTEXT = None
_REUSE = None  # an incremental run's ReuseIndex: which documents the previous run already has


def _init_worker(context, parent=None, reuse=None):
    global _CONTEXT, _REUSE
    _CONTEXT, _REUSE = context, reuse
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent):
    """A worker of a run killed with -9 would wait for work forever, holding its models."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _chain_worker(args):
    batch, names, *whole = args
    if not (whole and whole[0]):  # one stage (DVC), or new documents gathered from several batches
        return run_chain(batch, _CONTEXT, names, arrow=True)
    # the whole chain: each document's key (for this run's doc_keys, and to find what an
    # incremental run re-uses), computed here because the parent is the run's bottleneck
    plan = Plan.of(batch["raw"], _CONTEXT, _REUSE)
    todo = plan.todo(batch)
    if _REUSE is None:
        plan.result = run_chain(todo, _CONTEXT, names, arrow=True)
    else:
        plan.pending = todo  # run with other batches' new documents (Gathering)
    return plan


def _dask_task(fn, item, context, reuse=None):
    """One batch on a dask worker; its models stay loaded in the worker process (nlp's caches)."""
    _init_worker(context, reuse=reuse)
    return fn(item)


class WorkerDied(Exception):
    pass


class Done:
    """A result computed on the spot: the future of a run without worker processes."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value

    def done(self):
        return True

    def cancel(self):
        pass


class InProcess:
    """The engine of `workers=1`: every batch runs in this process, when submitted."""

    slots = 1

    def __init__(self, context, reuse=None):
        _init_worker(context, reuse=reuse)

    def submit(self, fn, item):
        return Done(fn(item))

    def result(self, future):
        return future.result()


WORKER_DIED = "a worker process died (out of memory? try a smaller --batch-size)"


class LocalPool:
    """Worker processes on this machine, forked (they share the models' pages loaded before).
    A worker killed from outside (out of memory) fails the run with WorkerDied instead of
    leaving it waiting forever."""

    def __init__(self, workers, context, reuse=None):
        self.slots = 2 * workers
        self.pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"), initializer=_init_worker,
                                        initargs=(context, os.getpid(), reuse))

    def submit(self, fn, item):
        try:
            return self.pool.submit(fn, item)
        except BrokenProcessPool as e:
            raise WorkerDied(WORKER_DIED) from e

    def result(self, future):
        try:
            return future.result()
        except BrokenProcessPool as e:
            raise WorkerDied(WORKER_DIED) from e

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """A dask.distributed cluster running the same functions; the context and the reuse index
    are sent to every worker once."""

    def __init__(self, scheduler, context, reuse=None):
        try:
            from distributed import Client
        except ImportError as e:
            raise nlp.ModelMissing("dask.distributed is not installed: pip install -e '.[dask]'") from e
        self.client = Client(scheduler, set_as_default=False)
        self.context = self.client.scatter(context, broadcast=True) if context is not None else None
        self.reuse = self.client.scatter(reuse, broadcast=True) if reuse is not None else None
        self.slots = 2 * max(1, len(self.client.scheduler_info()["workers"]))

    def submit(self, fn, item):
        return self.client.submit(_dask_task, fn, item, self.context, self.reuse, pure=False)

    def result(self, future):
        try:
            return future.result()
        except nlp.ModelMissing:
            raise
        except Exception as e:
            if type(e).__name__ in ("KilledWorker", "CommClosedError", "CancelledError"):
                raise WorkerDied(f"a dask worker died ({e})") from e
            raise

    def close(self):
        self.client.close()


@contextmanager
def start_engine(workers, context, kind="local", scheduler=None, reuse=None):
    """Where batches run: this process, worker processes, or a dask cluster (`kind="dask"`)."""
    if kind == "dask":
        eng = DaskCluster(scheduler, context, reuse)
    elif workers <= 1:
        eng = InProcess(context, reuse)
    else:
        eng = LocalPool(workers, context, reuse)
    try:
        yield eng
    finally:
        if hasattr(eng, "close"):
            eng.close()


def in_input_order(eng, fn, items):
    """map() on an engine, in order, with at most `eng.slots` batches in flight, so a large
    corpus is never read ahead into memory."""
    pending = deque()
    try:
        for item in items:
            pending.append(eng.submit(fn, item))
            if len(pending) >= eng.slots:
                yield eng.result(pending.popleft())
        while pending:
            yield eng.result(pending.popleft())
    finally:
        for f in pending:
            f.cancel()


def ordered_map(fn, items, workers, context, reuse=None):
    """map() over worker processes (or this one, for workers=1), in order."""
    with start_engine(workers, context, reuse=reuse) as eng:
        yield from in_input_order(eng, fn, items)


GATHER_LOOKAHEAD = 32  # batches planned ahead of the one written (memory bound)


class Gathering:
    """An incremental run's new documents, gathered from several batches into one chain run.

    With 1% new documents a batch holds one or none, and the chain costs about 0.1 s a call
    whatever the batch size: run batch by batch, the new documents would cost 5x their share.
    Batches are planned `lookahead` ahead of the one written; new documents gather until they
    fill a batch or until the first of them is half-way to being written, so that their run
    overlaps the writing of the batches before them. Batches come out in input order.
    """

    def __init__(self, eng, names, batch_size, lookahead=None):
        self.eng, self.names, self.batch_size = eng, names, batch_size
        self.lookahead = max(1, lookahead or GATHER_LOOKAHEAD)

    def over(self, plans):
        waiting, gathered = deque(), []  # (position in the input, plan)
        for i, plan in enumerate(plans):
            waiting.append((i, plan))
            if plan.has_new_documents():
                gathered.append((i, plan))
            if gathered and (sum(len(p.pending["raw"]) for _, p in gathered) >= self.batch_size
                             or gathered[0][0] - waiting[0][0] <= self.lookahead // 2):
                self.run([p for _, p in gathered])
                gathered = []
            while len(waiting) > self.lookahead:
                yield self.finished(waiting.popleft()[1])  # waits for its new documents' run
        self.run([p for _, p in gathered])
        while waiting:
            yield self.finished(waiting.popleft()[1])

    def run(self, plans):
        if not plans:
            return
        raw = pd.concat([p.pending["raw"] for p in plans], ignore_index=True)
        job = self.eng.submit(_chain_worker, ({"raw": raw}, self.names))
        for p in plans:
            p.job = job

    def finished(self, plan):
        if plan.job is not None:
            plan.take_result(self.eng.result(plan.job))
            plan.job = None
        return plan


class OnThread:
    """A function run on a thread of its own; `result()` waits for it and raises what it raised."""

    def __init__(self, fn):
        self.error = None
        self.thread = threading.Thread(target=self._run, args=(fn,), daemon=True)
        self.thread.start()

    def _run(self, fn):
        try:
            fn()
        except BaseException as e:  # handed to the caller by result()
            self.error = e

    def result(self):
        self.thread.join()
        if self.error is not None:
            raise self.error


class Written:
    """Row counts per table and reject kinds of one run, and the digest of its documents."""

    def __init__(self, tables):
        self.counts = dict.fromkeys(tables, 0)
        self.kinds = Counter()
        self.reused = self.processed = 0
        self.digest = io.Digest()

    def add_plan(self, writers, plan, result: dict, names):
        """A batch of the whole chain: its tables, rejects by stage, and its documents' keys."""
        self.kinds.update(map(kind, result["rejects"]["reason"]))
        # what the result holds (a copied row group of doc_keys or of a rejects table) comes first
        self.add(writers, {**split_rejects(result["rejects"], names), DOC_KEYS.name: plan.keys, **result})
        self.reused += plan.n_reused
        self.processed += len(plan.order) - plan.n_reused

    def add(self, writers, tables: dict):
        for name, df in tables.items():
            if name in writers:
                writers[name].write(df)
                self.counts[name] += len(df)
        if "documents" in tables:
            documents = tables["documents"]
            if isinstance(documents, io.Copied):
                documents = documents.read(["doc_id", "text"])
            self.digest.update(documents)


def _check_kept_some(written: Written, input_path, metadata):
    """Called before commit: a run with no document raises, so nothing is replaced."""
    if written.counts.get("documents", 1) == 0:
        raise NothingProcessed(input_path, written.kinds)
    metadata[io.DIGEST_KEY] = written.digest.hexdigest()


# ---------------------------------------------------------------- whole chain

def run(input_path, out_dir, batch_size=io.BATCH_SIZE, workers=1, names=tuple(STAGES), max_bytes=io.MAX_BYTES,
        incremental=False, engine="local", scheduler=None, log=None):
    """The chain over a corpus, writing every table under out_dir. Returns row counts per table.

    Raises NothingProcessed (replacing no table) when no input became a document.
    `incremental`: re-use the previous run's rows of unchanged documents (module docstring);
    `log` (e.g. print) hears how many were re-used.
    """
    with io.locked(out_dir), fewer_collections(), ExitStack() as stack:
        io.recover(out_dir)
        version = pipeline_version(names)
        tables = outputs_of(names) + [rejects_name(n) for n in names]
        previous = Previous.open(out_dir, version, tables) if incremental else None
        if previous is not None:
            stack.callback(previous.close)
        written = Written(tables + [DOC_KEYS.name])
        metadata = {"pipeline_version": __version__, VERSION_KEY: version}
        # models load before the fork, so that workers share their pages: on a thread, while
        # the first pass reads the corpus (file reading and numpy release the GIL)
        loading = OnThread(nlp.load_all) if engine == "local" and workers > 1 else None
        known = previous.index.known if previous is not None else None
        with read_twice(input_path, out_dir, max_bytes, known) as (context, spool):
            if loading is not None:
                loading.result()
            if previous is not None:
                previous = previous.checked()
            splicing = previous.splicing(batch_size) if previous is not None else {}
            sizes = previous.index.group_sizes if splicing else None
            if previous is not None:
                cut = AlongRowGroups(previous.index, batch_size, sizes)
            else:
                cut = EvenBatches(context["n_docs"], batch_size, workers) if engine == "local" and workers > 1 else None
            items = ((b, names, True) for b in batches(spool, batch_size, cut))
            reuse = previous.index if previous is not None else None
            with io.writers(out_dir, written.counts, metadata, splicing) as w, \
                    start_engine(workers, context, engine, scheduler, reuse) as eng:
                plans = in_input_order(eng, _chain_worker, items)
                if previous is not None:
                    plans = Gathering(eng, names, batch_size).over(plans)
                for plan in plans:
                    written.add_plan(w, plan, plan.merge(names, previous, copy=bool(splicing)), names)
                _check_kept_some(written, input_path, metadata)
    if incremental and log:
        log(f"{written.reused + written.processed} documents: {written.reused} reused, {written.processed} processed")
    return {t: n for t, n in written.counts.items() if t != DOC_KEYS.name}


# ---------------------------------------------------------------- incremental runs

DOC_KEYS = io.DOC_KEYS
VERSION_KEY = "pipeline_code"
PACKAGE = Path(__file__).resolve().parent


def pipeline_version(names) -> str:
    """__version__, the stages run, and a hash of every file of the package (code, vocabularies)."""
    h = hashlib.blake2b(f"{__version__}\x00{','.join(names)}".encode(), digest_size=16)
    for p in sorted(PACKAGE.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(PACKAGE)).encode() + b"\x00" + p.read_bytes() + b"\x00")
    return h.hexdigest()


def keys_table(raw: pd.DataFrame, context, known=None) -> pa.Table:
    """The batch's rows of doc_keys, as the Arrow table written (no pandas round trip).
    `known`: FirstPass.read of the previous run, re-used for texts it has."""
    ids = list(raw["doc_id"])
    records = raw.to_dict("records")
    text_hashes, text_keys, line_hashes = FirstPass(known).rows([r.get("text") or "" for r in records])
    keys = [doc_key(r, context, h) for r, h in zip(records, line_hashes)]
    return pa.table([pa.array(ids, pa.string()), pa.array(keys, pa.string()), pa.array(text_hashes, pa.binary()),
                     pa.array(text_keys, pa.binary()), pa.array(line_hashes, pa.list_(pa.uint64()))],
                    schema=DOC_KEYS.schema)


def doc_key(row: dict, context, line_hashes=None) -> str:
    """Hash of what a document's rows depend on besides the pipeline (whose version the tables'
    footers hold): its raw record and which of its lines recur in the corpus. `line_hashes`:
    clean.doc_line_hashes of its text, when known."""
    h = hashlib.blake2b(digest_size=16)
    for c in io.RAW_COLUMNS:
        v = row.get(c)
        h.update(b"\x01" if v is None else b"\x02" + str(v).encode("utf-8", errors="surrogatepass"))
    text = row.get("text") or ""
    recurring = [] if line_hashes is not None and none_recur(text, line_hashes, context) else recurring_lines(text, context)
    h.update(repr(recurring).encode())
    return h.hexdigest()


def recurring_lines(text: str, context) -> list[int]:
    """Indices of the lines of text (clean.line_texts) that recur in the corpus (clean.recurring).

    A line recurs when its hash was seen in as many documents as the lower of the two bars
    (clean.recurrence_bars) at least: most lines were not, and are told so by their hash alone,
    neither normalised (when the line hashes name the lines, clean.hashes_name_lines) nor read
    further. Most texts of a scraped corpus have a line of site chrome, so most keys are made
    here: reading every line in full was ~0.1 ms a document, most of planning an incremental run."""
    n = context.get("n_docs", 0) if context else 0
    if n < clean.MIN_CORPUS:
        return []
    seen, plain, least = context.get("line_docs", {}), clean.hashes_name_lines(text), clean.recurrence_bars(n)[0]
    out = []
    for i, part in enumerate(clean.split_lines(text)):
        # hashed as it is when that is the normalised line's hash; normalised only to be weighed
        line = part.strip() if plain else clean.line_text(part).strip()
        if not line or len(line) > clean.PROFILE_MAX_CHARS:
            continue
        count = seen.get(clean.line_hash(line), 0)
        if count >= least and clean.recurs(clean.line_text(part).strip() if plain else line, count, n):
            out.append(i)
    return out


def none_recur(text: str, line_hashes, context) -> bool:
    """Can be told without reading the lines that none of a text's lines recurs (most texts)?
    A recurring line was seen in as many documents as the lower bar of clean.recurrence_bars,
    and its hash is one of the text's line hashes when these name its lines
    (clean.hashes_name_lines: nothing of it is dropped in normalising; a no-break space, in
    most news texts, is not)."""
    seen = context.get("line_docs", {}) if context else {}
    least = clean.recurrence_bars(context.get("n_docs", 0) if context else 0)[0]
    return not any(seen.get(h, 0) >= least for h in line_hashes) and clean.hashes_name_lines(text)


class AlongRowGroups:
    """Where an incremental run cuts its batches: along the previous run's row groups, so that
    a batch is one row group's documents and the new ones read among them. Its re-used rows
    are then that row group's, whole or filtered, rather than pieces of two; a row group whose
    documents are all unchanged is copied as it is. New documents read between two row groups
    join the one before, or, when the tables are spliced (`sizes` given: the number of
    documents of each previous row group), make batches of their own, so that the row group
    before stays whole and is copied without being re-encoded. Batches never exceed
    2 x batch_size."""

    LOOK_AHEAD = 256  # documents whose row groups are looked up at once

    def __init__(self, index: ReuseIndex, batch_size, sizes=None):
        self.index, self.batch_size, self.sizes = index, batch_size, sizes
        self.known = self.newest = {}  # doc id -> row group: the last two chunks looked up

    def look_ahead(self, pairs):
        """The pairs as read, the row groups of each chunk of them looked up at once (one
        document at a time, the lookups took ~5 us each in the run's busiest process)."""
        return looking_ahead(pairs, self.LOOK_AHEAD, self.look_up)

    def look_up(self, chunk):
        ids = [rec["doc_id"] for rec, _ in chunk if rec is not None]
        found = dict(zip(ids, self.index.row_groups(ids)))
        # a batch being cut may have begun in the chunk before
        self.known, self.newest = {**self.newest, **found}, found

    def row_group(self, doc_id):
        found = self.known.get(doc_id, self)
        return self.index.row_group(doc_id) if found is self else found

    def __call__(self, records, doc_id) -> bool:
        """Does doc_id start a new batch after `records`?"""
        n = len(records)
        if n >= 2 * self.batch_size:
            return True
        row_group = self.row_group
        here = next((g for g in map(row_group, (r["doc_id"] for r in records)) if g is not None), None)
        there = row_group(doc_id)
        if here is None:  # new documents alone fill a batch as in a full run
            return n >= self.batch_size or (self.sizes is not None and there is not None)
        if there is None and self.sizes is not None:  # a new document: after its row group's last?
            return sum(row_group(r["doc_id"]) == here for r in records) >= self.sizes[here]
        return there is not None and there != here


class EvenBatches:
    """Where a full run on several worker processes cuts its batches: as many as `batch_size`
    makes, rounded up to a multiple of the workers, all of one size give or take a document.
    Cut every `batch_size` documents, a corpus ends with a short batch, and one worker may still
    be on its last full batch while the other has nothing left: at 1 000 documents on 2
    workers that wait was ~4% of the run. Only the row groups' sizes change, not the rows."""

    def __init__(self, total: int, batch_size, workers):
        n = -(-max(1, -(-total // batch_size)) // workers) * workers
        self.sizes = [total // n + (i < total % n) for i in range(n)]
        self.batch = 0

    def __call__(self, records, doc_id) -> bool:
        """Does doc_id start a new batch after `records`?"""
        if len(records) < self.sizes[min(self.batch, len(self.sizes) - 1)]:
            return False
        self.batch += 1
        return True


class Previous:
    """The previous run of an output folder: its document keys and row groups, read on demand."""

    # a run splices the tables (io.SplicingWriter) unless they would grow too loose: then it
    # writes them whole again, which also drops the bytes no row group refers to any more
    MAX_DEAD_SHARE = 0.25  # of a file's bytes
    MAX_GROUPS_PER_FULL = 2  # row groups, against a full run's

    def __init__(self, out_dir, tables, index: ReuseIndex, readers: dict, walking: "FootersWalked"):
        self.out_dir, self.index, self.readers = out_dir, index, readers  # table -> splice.RowGroupReader
        self.walking = walking  # the other tables' footers, for their readers (`checked`)
        # not the rejects: a document with one is processed again
        self.tables = [t for t in tables if not t.startswith("rejects/")]
        self.groups = OrderedDict()  # row group -> {table: pa.Table}; the last two read

    def splicing(self, batch_size) -> dict:
        """table -> its footer (splice.Footer), for the tables this run splices: all of them
        (doc_keys and the rejects too) or none."""
        footers = {t: r.footer for t, r in self.readers.items()}
        full_run_groups = -(-len(self.index) // batch_size)
        for f in footers.values():
            if f.dead_bytes() > self.MAX_DEAD_SHARE * f.size or any(g.ordinal is not None for g in f.row_groups) \
                    or len(f.row_groups) > self.MAX_GROUPS_PER_FULL * full_run_groups + 1:
                return {}
        return footers

    def copied(self, g, table) -> io.Copied:
        """Row group g of a table, to be copied as it is."""
        reader = self.readers[table]
        return io.Copied(g, reader.num_rows(g), lambda columns: reader.read_row_group(g, columns))

    def copied_keys_and_rejects(self, g) -> dict:
        """doc_keys' row group g and the rejects tables' where they are empty, to be copied: what
        a batch that is row group g writes there (its keys are the ones its documents had; a
        rejects row group that is not empty held rejects of reading the input, gone since).
        Written anew, they were most of the encoding and joining (io.AtomicWriter's parts) left
        in an incremental run."""
        rejects = (t for t in self.readers if t.startswith("rejects/") and self.readers[t].num_rows(g) == 0)
        return {t: self.copied(g, t) for t in [DOC_KEYS.name, *rejects]}

    @classmethod
    def open(cls, out_dir, version, tables):
        """None when there is nothing to re-use: no run there, or another pipeline version.
        Whether the tables are all from one run is known once `checked`: their footers are
        walked (splice.Footer; pyarrow would keep ~0.9 kB a column chunk decoded) meanwhile, in
        a process of their own, on the core the first pass leaves free: 0.3 s at 10 000
        documents and 3 s at 10^5, on the run's one busy core before."""
        path = io.table_path(out_dir, DOC_KEYS.name)
        if not path.exists():
            return None
        try:
            keys = splice.RowGroupReader(path)  # its footer says the version
        except (OSError, splice.FooterError, pa.ArrowException):
            return None
        walking = None
        try:
            if keys.footer.key_value_metadata().get(VERSION_KEY) == version:
                walking = FootersWalked({t: io.table_path(out_dir, t) for t in tables})
                rejected = set()
                for t in tables:
                    if t.startswith("rejects/"):
                        r = pq.read_table(io.table_path(out_dir, t), columns=["doc_id", "stage"])
                        rejected.update(r.filter(pc.not_equal(r.column("stage"), "read")).column("doc_id").to_pylist())
                index = ReuseIndex.read(pq.ParquetFile(path, pre_buffer=False), rejected)
                return cls(out_dir, tables, index, {DOC_KEYS.name: keys}, walking)
        except (OSError, KeyError, pa.ArrowException):
            pass
        if walking is not None:
            walking.close()
        keys.close()
        return None

    def checked(self):
        """This previous run once its tables' footers are walked, or None (its files closed)
        when they are not all from one run."""
        same_run = False
        try:
            footers = self.walking.result()
            for t, footer in footers.items():
                self.readers[t] = splice.RowGroupReader(io.table_path(self.out_dir, t), footer)
            io.shared_digest(self.out_dir, {t: r.footer.key_value_metadata().get(io.DIGEST_KEY)
                                            for t, r in self.readers.items()})
            same_run = len({r.num_row_groups for r in self.readers.values()}) == 1
        except (OSError, splice.FooterError, pa.ArrowException, io.InputError, BrokenProcessPool):
            pass
        if not same_run:
            self.close()
            return None
        return self

    def group(self, g) -> dict:
        if g not in self.groups:
            self.groups[g] = {t: self.readers[t].read_row_group(g) for t in self.tables}
            while len(self.groups) > 2:
                self.groups.popitem(last=False)
        return self.groups[g]

    def close(self):
        self.walking.close()
        for r in self.readers.values():
            r.close()


class FootersWalked:
    """splice.walked_footers of some files, walked in a forked process while this one goes on;
    where no process can be forked, walked here when asked for (the run is as before, slower)."""

    def __init__(self, paths: dict):
        self.paths, self.pool, self.future = paths, None, None
        try:
            self.pool = ProcessPoolExecutor(1, mp_context=mp.get_context("fork"))
            self.future = self.pool.submit(splice.walked_footers, paths)
        except (OSError, ValueError, BrokenProcessPool):  # no fork on this system, or no process left
            self.close()

    def result(self) -> dict:
        try:
            return self.future.result() if self.future is not None else splice.walked_footers(self.paths)
        finally:
            self.close()

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


class Plan:
    """One input batch of a whole run, as a worker planned it: each document's key, the
    documents re-used from the previous run (and from which row group), and the tables of the
    others (`result`): run at once in a full run, or later, gathered with other batches' new
    documents (`pending`, then `job`), in an incremental one."""

    def __init__(self, order: list, keys: pa.Table, reuse: dict):
        self.order, self.keys, self.reuse = order, keys, reuse
        self.n_reused = len(reuse)
        self.result = self.pending = self.job = None

    @classmethod
    def of(cls, raw: pd.DataFrame, context, index: ReuseIndex | None):
        keys = keys_table(raw, context, index.known if index is not None else None)
        reuse = {}
        if index is not None:
            ids = keys.column("doc_id").to_pylist()
            reuse = {d: g for d, g in zip(ids, index.groups_of(ids, keys.column("key").to_pylist())) if g is not None}
        return cls(list(raw["doc_id"]), keys, reuse)

    def todo(self, batch):
        """The batch of documents to process, or None when all are re-used."""
        if not self.reuse:
            return batch
        if len(self.reuse) < len(self.order) or len(batch["rejects"]):
            raw = batch["raw"]
            return {"raw": raw[[d not in self.reuse for d in self.order]].reset_index(drop=True),
                    "rejects": batch["rejects"]}
        return None

    def has_new_documents(self) -> bool:
        """Documents still to run (an incremental run's `pending`, until `take_result`)."""
        return self.pending is not None and len(self.pending["raw"]) > 0

    def take_result(self, gathered: dict):
        """This batch's rows of a run over new documents gathered from several batches; its
        input rejects first, as run_chain puts them."""
        pending, self.pending = self.pending, None
        ids = pa.array(list(pending["raw"]["doc_id"]), pa.string())
        result = {t: v.filter(pc.is_in(v.column("doc_id"), value_set=ids)) for t, v in gathered.items()
                  if isinstance(v, pa.Table)}
        stage_rejects = gathered["rejects"][gathered["rejects"]["doc_id"].isin(set(ids.to_pylist()))]
        result["rejects"] = concat([pending["rejects"], stage_rejects], io.schema.REJECTS)
        self.result = result

    def merge(self, names, previous, copy=False) -> dict:
        """The batch's tables: new rows and re-used ones, documents in input order. Re-used rows
        stay Arrow tables from the previous run's files to the new ones (no pandas round trip);
        with `copy`, a batch that is a previous row group, whole, is that row group (io.Copied)."""
        if self.pending is not None:  # nothing of it was gathered: its input rejects at most
            self.result, self.pending = {"rejects": self.pending["rejects"]}, None
        result = self.result or {}
        if not self.reuse:
            missing = {t: io.table_of(t).schema.empty_table() for t in outputs_of(names) if t not in result}
            return {**result, **missing}
        rejects = result["rejects"] if "rejects" in result else io.frame([], io.schema.REJECTS)
        groups = sorted(set(self.reuse.values()))
        new_rows = any(isinstance(v, pa.Table) and v.num_rows for v in result.values())
        if not new_rows and not len(rejects) and len(groups) == 1 and previous.index.ids_of(groups[0]) == self.order:
            # the batch is the previous run's row group: its tables as they are
            g = groups[0]
            out = {t: previous.copied(g, t) if copy else previous.group(g)[t] for t in previous.tables}
            if copy:
                out.update(previous.copied_keys_and_rejects(g))
            out["rejects"] = rejects
            return out
        old = {t: [previous.group(g)[t] for g in groups] for t in previous.tables}
        position = {d: i for i, d in enumerate(self.order)}
        ids = pa.array(list(self.reuse), pa.string())
        # every document of the row group re-used here: no filter
        whole = [all(d in self.reuse for d in previous.index.ids_of(g)) for g in groups]
        out = {}
        for t in outputs_of(names):
            table = io.table_of(t)
            parts = [p if w else p.filter(pc.is_in(p.column("doc_id"), value_set=ids)) for p, w in zip(old[t], whole)]
            if t in result and len(result[t]):
                parts.append(result[t])
            out[t] = in_order(parts, position, table)
        out["rejects"] = rejects
        return out


def in_order(parts: list[pa.Table], position: dict, table) -> pa.Table:
    """Rows of several tables, documents in input order, a document's own rows in their order
    (a stable sort by input position). Each part holds its documents' rows in runs; the runs
    are sorted, not the rows, and the result is slices of the parts (no copy): a row group with
    one new document is three slices, where a sort would copy its ~20 000 token rows."""
    parts = [p.select(table.schema.names) for p in parts if p.num_rows]
    if not parts:
        return table.schema.empty_table()
    runs = []  # (input position, part, first row, end row)
    for k, part in enumerate(parts):
        ree = pc.run_end_encode(part.column("doc_id").combine_chunks())
        start = 0
        for doc_id, end in zip(ree.values.to_pylist(), ree.run_ends.to_pylist()):
            runs.append((position.get(doc_id, len(position)), k, start, end))
            start = end
    runs.sort()
    slices = []  # runs that follow each other in one part become one slice
    for _, k, start, end in runs:
        if slices and slices[-1][0] == k and slices[-1][2] == start:
            slices[-1][2] = end
        else:
            slices.append([k, start, end])
    if len(slices) == 1 and slices[0][1:] == [0, parts[slices[0][0]].num_rows]:
        return parts[slices[0][0]]
    return pa.concat_tables([parts[k].slice(start, end - start) for k, start, end in slices])


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
    with io.locked(out_dir), fewer_collections(), ExitStack() as stack:
        io.recover(out_dir)
        if name == READ_STAGE:
            context, spool = stack.enter_context(read_twice(input_path, out_dir, max_bytes))
            inputs = batches(spool, batch_size)
        else:
            context = None
            # documents too, whatever the stage reads: offsets are checked against its text
            inputs = io.aligned_batches(out_dir, dict.fromkeys([*stage.INPUTS, "documents"]))
            metadata[io.DIGEST_KEY] = io.lineage(out_dir, stage.INPUTS) or ""
        tables = list(stage.OUTPUTS) + [rejects_name(name)]
        written = Written(tables)
        with io.writers(out_dir, tables, metadata) as w:
            for result in ordered_map(_chain_worker, ((b, (name,)) for b in inputs), workers, context):
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
