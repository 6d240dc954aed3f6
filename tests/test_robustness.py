"""Bad input never stops a corpus, never loses a document, never leaves a half-written table.

A corpus of 1 000 dirty inputs end to end, random text, bytes and rows through every stage
(hypothesis), exit codes of the command line, determinism, and kill -9 at random moments.
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import MAX_BYTES, bad_corpus, good_corpus
from pipeline import io, runner, schema
from pipeline.stages import STAGES, run_chain

ROOT = Path(__file__).resolve().parents[1]
OFFSET_TABLES = [n for n, t in schema.TABLES.items() if {"start", "stop"} <= set(t.schema.names)]


def kind(reason):
    return reason.split(":", 1)[0]


def tables_of(out) -> dict:
    """Every table written under out, by name ('documents', 'rejects/clean', ...)."""
    return {p.relative_to(out).with_suffix("").as_posix(): pq.read_table(p).to_pandas()
            for p in sorted(Path(out).rglob("*.parquet"))}


def offsets_index_the_text(tables: dict, raw_texts=None):
    texts = dict(zip(tables["documents"]["doc_id"], tables["documents"]["text"]))
    for name in OFFSET_TABLES:
        source = raw_texts if name == "boilerplate" else texts
        if name not in tables or source is None:
            continue
        for row in tables[name].itertuples():
            assert 0 <= row.start <= row.stop <= len(source[row.doc_id]), (name, row)


def failures(rejects: pd.DataFrame) -> list:
    return [(d, s, r) for d, s, r in rejects[["doc_id", "stage", "reason"]].values if kind(r) == "failed"]


# ---------------------------------------------------------------- 1 000 bad inputs

@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    return folder, bad_corpus(folder, 1000)


def outcomes(documents, rejects) -> dict:
    """doc_id -> 'document', 'degraded' or the reject kinds it got, joined by '+'."""
    got = {d: "document" for d in documents}
    for d, r in zip(rejects["doc_id"], rejects["reason"]):
        if kind(r) == "degraded" and got.get(d) == "document":
            got[d] = "degraded"
        else:
            got[d] = "+".join(filter(None, [got.get(d), kind(r)]))
    return got


def test_every_bad_input_is_read_or_rejected_as_expected(bad):
    folder, expected = bad
    docs, rejects = [], []
    for raw, rej in io.corpus_batches(folder, max_bytes=MAX_BYTES):
        docs += list(raw["doc_id"])
        rejects.append(rej)
    got = outcomes(docs, pd.concat(rejects))
    wrong = {d: (e, got.get(d)) for d, e in expected.items() if got.get(d) not in (e if isinstance(e, tuple) else (e,))}
    assert not wrong
    assert set(got) == set(expected)


@pytest.mark.slow
def test_a_corpus_of_1000_bad_inputs_goes_through(bad, tmp_path):
    folder, expected = bad
    counts = runner.run(folder, tmp_path, max_bytes=MAX_BYTES)
    tables = tables_of(tmp_path)
    rejects = pd.concat([t for n, t in tables.items() if n.startswith("rejects/")])
    assert not failures(rejects)
    # every input is a document or a reject, and nothing else is either
    accounted = set(tables["documents"]["doc_id"]) | set(rejects["doc_id"])
    assert accounted == set(expected)
    readable = {d for d, e in expected.items() if e in ("document", "degraded")}
    dropped = set(rejects.loc[rejects["reason"].map(kind) == "dropped", "doc_id"])
    assert readable - dropped <= set(tables["documents"]["doc_id"])
    assert counts["documents"] == len(tables["documents"]) > 0.3 * len(expected)
    offsets_index_the_text(tables)


# ---------------------------------------------------------------- random input through every stage

def chain(records) -> dict:
    """(record, reject) pairs as the reader makes them -> every table of the chain."""
    rows = [r for r, _ in records if r is not None]
    raw = io.raw_frame(rows).drop_duplicates("doc_id")
    rejects = io.frame([j for _, j in records if j is not None], schema.REJECTS)
    context = STAGES["clean"].profile([raw])
    out = run_chain({"raw": raw, "rejects": rejects}, context)
    assert not failures(out["rejects"])
    offsets_index_the_text(out, dict(zip(raw["doc_id"], raw["text"])))
    assert set(out["documents"]["doc_id"]) | set(out["rejects"]["doc_id"]) >= set(raw["doc_id"])
    return out


WORDS = st.sampled_from(["Аким", "района", "Ерлан", "Сапаров", "провёл", "встречу", "в", "Астане", "АО",
                         "«Самрук-Казына»", "ТОО", "1,5", "млрд", "тенге", "5%", "2023", "года", ".", ",",
                         "—", "\n", "\n\n", " ", "Қазақстан", "әкімі", "The", "governor", "Copyright ©"])
RUSSIANISH = st.lists(WORDS, max_size=40).map(" ".join)
ANY_TEXT = st.one_of(st.text(max_size=300), RUSSIANISH, st.text(st.characters(codec="utf-8"), max_size=50))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(ANY_TEXT, min_size=1, max_size=4))
def test_random_text_through_every_stage(texts):
    chain([io.record(f"d{i}", t) for i, t in enumerate(texts)])


@SETTINGS
@given(st.lists(st.binary(max_size=300), min_size=1, max_size=4))
def test_random_bytes_through_every_stage(blobs):
    records = []
    for i, data in enumerate(blobs):
        text, encoding = io.decode(data)
        records.append(io.record(f"d{i}", text, encoding) if not io.looks_binary(data) else (None, None))
    chain(records)


@pytest.mark.parametrize("url", [
    "https://example.kz/news/1",
    "example.kz",
    "not a url",
    "http://[broken",  # urlparse raises on '[' (an IPv6 literal)
    "[]",
])
def test_any_url_goes_through(url):
    chain([io.record_from_row({"doc_id": "a", "text": "Аким района провёл встречу.", "url": url}, "rows:0")])


VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.binary(max_size=20), ANY_TEXT,
                   st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
ROWS = st.dictionaries(st.sampled_from(["doc_id", "text", "title", "published", "url", "other"]), VALUES)


@SETTINGS
@given(st.lists(ROWS, min_size=1, max_size=5))
def test_random_rows_through_every_stage(rows):
    chain([io.record_from_row(row, f"rows:{i}") for i, row in enumerate(rows)])


# ---------------------------------------------------------------- command line

def cli(*args, code=None, timeout=120):
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    args = [str(a) for a in args]
    cmd = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "pipeline", *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    bad_corpus(folder, 40, seed=3)
    return folder


def test_exit_0_with_rejects_counted(small, tmp_path):
    done = cli("run", "--input", small, "--output", tmp_path, "--max-bytes", MAX_BYTES)
    assert done.returncode == 0, done.stderr
    assert "rejects by kind:" in done.stdout and "binary" in done.stdout


@pytest.mark.parametrize("args, message", [
    (["run", "--input", "{tmp}/corpus"], "error: input {tmp}/corpus does not exist"),
    (["run", "--input", "seeds", "--max-bytes", "0"], "must be at least 1"),
    (["run", "--input", "seeds", "--workers", "0"], "must be at least 1"),
    (["run"], "run needs --input"),
    (["clean"], "error: the clean stage needs --input"),
    (["people", "--output", "{tmp}/outputs"], "documents.parquet is missing: run the clean stage first"),
])
def test_exit_2_with_one_line(args, message, tmp_path):
    done = cli(*[a.format(tmp=tmp_path) for a in args])
    assert done.returncode == 2
    assert message.format(tmp=tmp_path) in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "outputs").exists()


def test_exit_1_when_nothing_is_a_document_and_previous_tables_stay(small, tmp_path):
    out = tmp_path / "out"
    assert cli("run", "--input", small, "--output", out, "--max-bytes", MAX_BYTES).returncode == 0
    before = tables_of(out)
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "a.pdf").write_bytes(b"%PDF-1.4")
    (junk / "b.txt").write_bytes(b"")
    done = cli("run", "--input", junk, "--output", out)
    assert done.returncode == 1
    assert "all 2 inputs rejected (1 empty, 1 not text)" in done.stderr
    after = tables_of(out)
    assert before.keys() == after.keys()
    assert all(before[n].equals(after[n]) for n in before)


def test_exit_2_when_a_model_package_is_missing(small, tmp_path):
    block = "import sys; sys.modules['natasha'] = None; from pipeline.__main__ import main; sys.exit(main(sys.argv[1:]))"
    done = cli("run", "--input", small, "--output", tmp_path, code=block)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: natasha is not installed") and len(done.stderr.splitlines()) == 1
    assert not list(tmp_path.glob("*.parquet"))


def test_exit_2_when_a_package_is_missing_at_import(tmp_path):
    block = "import sys; sys.modules['razdel'] = None; from pipeline.__main__ import main; sys.exit(main(sys.argv[1:]))"
    done = cli("run", "--input", "seeds", "--output", tmp_path, code=block)
    assert done.returncode == 2 and done.stderr.startswith("error: razdel is not installed")


# ---------------------------------------------------------------- determinism

def test_two_runs_make_the_same_tables(small, tmp_path):
    runner.run(small, tmp_path / "a", batch_size=8, max_bytes=MAX_BYTES)
    runner.run(small, tmp_path / "b", batch_size=8, max_bytes=MAX_BYTES, workers=2)
    a, b = tables_of(tmp_path / "a"), tables_of(tmp_path / "b")
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
    assert io.metadata(tmp_path / "a", "people")[io.DIGEST_KEY] == io.metadata(tmp_path / "b", "people")[io.DIGEST_KEY]


# ---------------------------------------------------------------- workers

def square_or_die(x):
    if x == 7:
        os._exit(9)  # as the kernel's out-of-memory killer would
    return x * x


def test_workers_keep_the_order():
    assert list(runner.ordered_map(square_or_die, range(7), 2, None)) == [x * x for x in range(7)]


def test_a_dead_worker_fails_the_run_instead_of_hanging():
    with pytest.raises(runner.WorkerDied):
        list(runner.ordered_map(square_or_die, range(20), 2, None))


# ---------------------------------------------------------------- kill -9

def kill_at_random(corpus, out, kills, seed=0, batch_size=2, workers=1):
    """Runs the chain on corpus into out and kills it kills times at random moments; after each
    kill every table on disk must be the previous or the new complete version, and a restart
    must never find a mix of the two."""
    rnd = random.Random(seed)
    reference = out.parent / f"{out.name}-new"
    started = time.time()
    options = ["--input", corpus, "--batch-size", batch_size, "--workers", workers]
    done = cli("run", *options, "--output", reference)
    assert done.returncode == 0, done.stderr
    duration = time.time() - started
    versions = {"new": tables_of(reference), "old": tables_of(out)}
    seen = []
    for _ in range(kills):
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", *map(str, options), "--output", str(out)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "OMP_NUM_THREADS": "1"})
        moment = rnd.uniform(0.1, duration * 1.1)
        time.sleep(moment)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        on_disk = tables_of(out)  # reads every table whole: a half-written one fails here
        assert on_disk.keys() == versions["old"].keys()
        which = {n: [v for v in versions if versions[v][n].equals(df)] for n, df in on_disk.items()}
        assert all(which.values()), which
        # what the next run starts from, once it has finished a commit the kill interrupted
        restart = out.parent / f"{out.name}-restart"
        shutil.rmtree(restart, ignore_errors=True)
        shutil.copytree(out, restart)
        io.recover(restart)
        after = {n: [v for v in versions if versions[v][n].equals(df)] for n, df in tables_of(restart).items()}
        assert any(all(v in vs for vs in after.values()) for v in versions), after
        seen.append((round(moment / duration, 2), "new" if all("new" in vs for vs in after.values()) else "old"))
    done = cli("run", *options, "--output", out)
    assert done.returncode == 0, done.stderr
    final = tables_of(out)
    assert all(versions["new"][n].equals(df) for n, df in final.items())
    assert not [p for p in out.rglob(".*") if p.name != io.LOCK]
    return seen


@pytest.mark.slow
def test_kill_9_at_random_moments(tmp_path):
    old, new, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    good_corpus(old, 5, seed=1)
    good_corpus(new, 16, seed=2, sentences=3)
    assert runner.run(old, out)["documents"] == 5
    kill_at_random(new, out, kills=int(os.environ.get("KILLS", 5)))


# ---------------------------------------------------------------- the offsets guarantee

@pytest.mark.parametrize("doc_id, start, stop, bad", [
    ("a", 0, 5, False),       # the whole text
    ("a", 2, 2, False),       # empty, inside
    ("a", 5, 5, False),       # empty, at the end
    ("a", 3, 6, True),        # past the end
    ("a", -1, 2, True),       # before the start
    ("a", 4, 3, True),        # reversed
    ("b", 0, 0, False),       # an empty text, an empty span
    ("b", 0, 1, True),
    ("zz", 0, 0, True),       # a document without a text
    ("a", None, 3, True),     # a missing offset
    ("a", 0.0, 4.5, False),   # offsets that came as floats
    ("a", "1", "x", True),    # offsets that are no numbers
    (None, 0, 0, True),       # a row without a document
    (7, 0, 0, True),          # an id that is no string
    (["a"], 0, 0, True),      # nor hashable
])
def test_bad_offsets(doc_id, start, stop, bad):
    from pipeline.stages import bad_offsets
    df = pd.DataFrame({"doc_id": ["a", doc_id, "a"], "start": [0, start, 1], "stop": [1, stop, 2]})
    assert bad_offsets(df, {"a": "Аким.", "b": ""}).tolist() == [False, bad, False]
    assert bad_offsets(df.iloc[[1]], {"a": "Аким.", "b": ""}).tolist() == [bad]  # the row alone, its own index


@pytest.mark.parametrize("table, start, stop, kept", [
    ("boilerplate", 0, 12, True),   # boilerplate indexes the raw text (12 characters)
    ("boilerplate", 0, 13, False),
    ("people", 0, 5, True),         # every other table the cleaned text (5 characters)
    ("people", 0, 12, False),       # inside the raw text, outside the cleaned one
    ("mentions", 6, 6, False),
])
def test_rows_outside_their_text_are_dropped_and_rejected(table, start, stop, kept):
    from pipeline.stages import keep_good_offsets
    batch = {"raw": pd.DataFrame({"doc_id": ["a"], "text": ["Меню\nАким.\n\n"]}),
             "documents": pd.DataFrame({"doc_id": ["a"], "text": ["Аким."]})}
    rows = pd.DataFrame({"doc_id": ["a", "a"], "start": [0, start], "stop": [1, stop]})
    # a boilerplate table and another in one stage's outputs, the other first: each against its own text
    other = "people" if table == "boilerplate" else "boilerplate"
    outputs = {other: pd.DataFrame({"doc_id": ["a"], "start": [0], "stop": [1]}), table: rows}
    rejects = keep_good_offsets("stage", outputs, batch)
    assert len(outputs[table]) == (2 if kept else 1) and len(outputs[other]) == 1
    assert [r["reason"] for r in rejects] == ([] if kept else [f"failed: 1 {table} rows with offsets outside the text (dropped)"])
