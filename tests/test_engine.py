"""Engines and incremental runs give the tables a plain local run gives (issue 9).

The corpus is invented: short news items with names, posts, bodies and figures, a line of
site chrome shared by some of them (the corpus profile's recurring lines), small batches so
that a run has several row groups.
"""
import gc
import json
import os
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import clean, io, nlp, runner, splice

NAMES = ["Серик Жанабаев", "Асель Муканова", "Ержан Садыков", "Гульнара Ахметова", "Нурлан Есенов",
         "Айгерим Касымова", "Болат Тулеев", "Динара Омарова", "Канат Исаев", "Жанар Бекова",
         "Марат Оспанов", "Сауле Ергалиева"]
PLACES = ["Павлодарской", "Карагандинской", "Актюбинской", "Жамбылской", "Костанайской", "Атырауской",
          "Туркестанской", "Акмолинской", "Мангистауской", "Кызылординской", "Алматинской", "Абайской"]
BODY = [
    "Аким района {name} провел совещание по вопросам противодействия коррупции в {place} области.",
    "Руководитель департамента Агентства по противодействию коррупции по {place} области {name} "
    "рассказал о проекте «Адал жол».",
    "По итогам проверки в {place} области выявлено 12 нарушений на сумму 3,5 млн тенге, сообщил {name}.",
]
CHROME = "Подписывайтесь на наш канал в Telegram"


def article(i: int, chrome: bool) -> str:
    """No two articles share a line (digits do not tell lines apart), but the chrome line."""
    name, place = NAMES[i % len(NAMES)], PLACES[(i * 5) % len(PLACES)]
    lines = [f"{name} и {place.lower()} новости недели"] + [b.format(name=name, place=place) for b in BODY]
    return "\n".join(lines + ([CHROME] if chrome else []))


def corpus(path, n, chrome_in=()):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"doc_id": f"d{i:02d}", "text": article(i, i in chrome_in)}, ensure_ascii=False) + "\n")
    return path


def tables(out_dir) -> dict:
    return {str(p.relative_to(out_dir)): pq.read_table(p).to_pandas() for p in sorted(out_dir.rglob("*.parquet"))}


def assert_same_tables(a, b):
    ta, tb = tables(a), tables(b)
    assert sorted(ta) == sorted(tb)
    for name in ta:
        pd.testing.assert_frame_equal(ta[name], tb[name], obj=name)


@pytest.fixture(scope="module", autouse=True)
def models():
    nlp.load_all()


@pytest.fixture(autouse=True)
def fixed_version(monkeypatch, request):
    """Others may edit the package while the tests run: its hash must not change between two runs."""
    if "version" not in request.node.name:
        monkeypatch.setattr(runner, "pipeline_version", lambda names: "test version " + ",".join(names))


# ---------------------------------------------------------------- incremental runs

def run_incremental(path, out, capsys):
    runner.run(path, out, batch_size=4, incremental=True, log=print)
    return capsys.readouterr().out.strip()


def test_incremental_run_reuses_unchanged_documents_and_equals_a_full_run(tmp_path, capsys):
    old, new = corpus(tmp_path / "old.jsonl", 9), corpus(tmp_path / "new.jsonl", 10)
    assert run_incremental(old, tmp_path / "inc", capsys) == "9 documents: 0 reused, 9 processed"
    assert run_incremental(new, tmp_path / "inc", capsys) == "10 documents: 9 reused, 1 processed"
    runner.run(new, tmp_path / "full", batch_size=4)
    assert_same_tables(tmp_path / "full", tmp_path / "inc")


def test_doc_keys_keep_what_the_first_pass_computes(tmp_path):
    runner.run(corpus(tmp_path / "c.jsonl", 5, chrome_in={1, 2}), tmp_path / "out", batch_size=2)
    keys = pq.read_table(tmp_path / "out" / "doc_keys.parquet").to_pylist()
    texts = [article(i, i in {1, 2}) for i in range(5)]
    assert [k["text_hash"] for k in keys] == [runner.FirstPass.text_hash(t) for t in texts]
    assert [k["text_key"] for k in keys] == [io.text_key(t) for t in texts]
    assert [k["line_hashes"] for k in keys] == [sorted(clean.doc_line_hashes(t)) for t in texts]


def test_an_incremental_run_hashes_only_texts_it_has_not_seen(tmp_path, capsys, monkeypatch):
    old, new = corpus(tmp_path / "old.jsonl", 8), corpus(tmp_path / "new.jsonl", 10, chrome_in={3})
    run_incremental(old, tmp_path / "inc", capsys)
    seen, text_key, line_hashes = [], io.text_key, clean.doc_line_hashes

    def counting(fn):
        return lambda text: seen.append(text) or fn(text)

    monkeypatch.setattr(io, "text_key", counting(text_key))
    monkeypatch.setattr(clean, "doc_line_hashes", counting(line_hashes))
    assert run_incremental(new, tmp_path / "inc", capsys) == "10 documents: 7 reused, 3 processed"
    assert set(seen) == {article(3, True), article(8, False), article(9, False)}  # the changed and the new
    runner.run(new, tmp_path / "full", batch_size=4)
    assert_same_tables(tmp_path / "full", tmp_path / "inc")


def test_incremental_run_again_processes_nothing(tmp_path, capsys):
    path = corpus(tmp_path / "c.jsonl", 6)
    run_incremental(path, tmp_path / "inc", capsys)
    assert run_incremental(path, tmp_path / "inc", capsys) == "6 documents: 6 reused, 0 processed"


def test_a_changed_text_is_processed_again(tmp_path, capsys):
    path = corpus(tmp_path / "c.jsonl", 6)
    run_incremental(path, tmp_path / "inc", capsys)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[2]["text"] += "\nПрокуратура возбудила 3 уголовных дела."
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert run_incremental(path, tmp_path / "inc", capsys) == "6 documents: 5 reused, 1 processed"
    runner.run(path, tmp_path / "full", batch_size=4)
    assert_same_tables(tmp_path / "full", tmp_path / "inc")


def test_a_line_that_becomes_recurring_reprocesses_the_documents_holding_it(tmp_path, capsys):
    # twice in 8 documents the chrome line is text; a third copy makes it site chrome in all three
    old = corpus(tmp_path / "old.jsonl", 8, chrome_in={1, 5})
    new = corpus(tmp_path / "new.jsonl", 9, chrome_in={1, 5, 8})
    run_incremental(old, tmp_path / "inc", capsys)
    assert run_incremental(new, tmp_path / "inc", capsys) == "9 documents: 6 reused, 3 processed"
    runner.run(new, tmp_path / "full", batch_size=4)
    assert_same_tables(tmp_path / "full", tmp_path / "inc")


def test_another_pipeline_version_reuses_nothing(tmp_path, capsys, monkeypatch):
    path = corpus(tmp_path / "c.jsonl", 5)
    run_incremental(path, tmp_path / "inc", capsys)
    monkeypatch.setattr(runner, "pipeline_version", lambda names: "another version")
    assert run_incremental(path, tmp_path / "inc", capsys) == "5 documents: 0 reused, 5 processed"


def dies(*args):
    os._exit(1)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "missing", "another run", "walker killed"])
def test_a_damaged_previous_run_reuses_nothing(tmp_path, capsys, monkeypatch, damage):
    path = corpus(tmp_path / "c.jsonl", 6)
    run_incremental(path, tmp_path / "inc", capsys)
    table = tmp_path / "inc" / "people.parquet"
    if damage == "walker killed":  # the process walking the footers dies (out of memory, killed)
        monkeypatch.setattr(splice, "walked_footers", dies)
    elif damage == "garbage":
        table.write_bytes(b"no Parquet here " * 40)
    elif damage == "truncated":  # its footer cut short
        table.write_bytes(table.read_bytes()[:-20])
    elif damage == "missing":
        table.unlink()
    else:  # the table of a run over another text, with as many row groups
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        rows[0]["text"] += "\nАкимат сообщил о проверке."
        rewrite(tmp_path / "other.jsonl", rows)
        runner.run(tmp_path / "other.jsonl", tmp_path / "other", batch_size=4)
        table.write_bytes((tmp_path / "other" / "people.parquet").read_bytes())
    assert run_incremental(path, tmp_path / "inc", capsys) == "6 documents: 0 reused, 6 processed"
    runner.run(path, tmp_path / "full", batch_size=4)
    assert_same_tables(tmp_path / "full", tmp_path / "inc")


def test_footers_are_walked_here_where_no_process_can_be_forked(tmp_path, capsys, monkeypatch):
    def no_fork(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    old, new = corpus(tmp_path / "old.jsonl", 8), corpus(tmp_path / "new.jsonl", 9)
    run_incremental(old, tmp_path / "inc", capsys)
    monkeypatch.setattr(runner, "ProcessPoolExecutor", no_fork)
    assert run_incremental(new, tmp_path / "inc", capsys) == "9 documents: 8 reused, 1 processed"
    runner.run(new, tmp_path / "full", batch_size=4)
    assert_same_tables(tmp_path / "full", tmp_path / "inc")


def rewrite(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.mark.parametrize("workers, lookahead", [(1, 32), (2, 32), (2, 2), (1, 1), (2, 3)])
def test_new_changed_and_removed_documents_at_once(tmp_path, capsys, monkeypatch, workers, lookahead):
    # new documents gathered from several batches (planned `lookahead` batches ahead), a
    # changed one and removed ones: the tables are still those of a full run
    monkeypatch.setattr(runner, "GATHER_LOOKAHEAD", lookahead)
    old = corpus(tmp_path / "old.jsonl", 12)
    rows = [json.loads(line) for line in old.read_text(encoding="utf-8").splitlines()]
    rewrite(old, [r for i, r in enumerate(rows) if i % 4 != 1])  # 1, 5 and 9 are new to the next run
    runner.run(old, tmp_path / "inc", batch_size=2, workers=workers, incremental=True)
    rows[6]["text"] += "\nПрокуратура возбудила 3 уголовных дела."
    new = tmp_path / "new.jsonl"
    rewrite(new, [r for i, r in enumerate(rows) if i not in (3, 10)])
    capsys.readouterr()
    runner.run(new, tmp_path / "inc", batch_size=2, workers=workers, incremental=True, log=print)
    assert capsys.readouterr().out.strip() == "10 documents: 6 reused, 4 processed"
    runner.run(new, tmp_path / "full", batch_size=2)
    assert_same_tables(tmp_path / "full", tmp_path / "inc")


def data_region(path) -> bytes:
    f = splice.Footer.read(path)
    return path.read_bytes()[:f.data_end]


def test_unchanged_row_groups_are_copied_not_encoded_again(tmp_path, capsys, monkeypatch):
    old, new = corpus(tmp_path / "old.jsonl", 8), corpus(tmp_path / "new.jsonl", 11)
    run_incremental(old, tmp_path / "inc", capsys)
    before = {t: data_region(tmp_path / "inc" / f"{t}.parquet") for t in ("documents", "tokens", "people")}
    encoded = Counter()  # table -> row groups encoded
    write_group = io.AtomicWriter.write_group
    monkeypatch.setattr(io.AtomicWriter, "write_group", lambda w, t: encoded.update([str(w.path)]) or write_group(w, t))
    assert run_incremental(new, tmp_path / "inc", capsys) == "11 documents: 8 reused, 3 processed"
    # in every table, the new documents' row group alone
    assert len(encoded) == len(list((tmp_path / "inc").rglob("*.parquet"))) and set(encoded.values()) == {1}
    for t, data in before.items():  # the new file begins with the previous one's bytes
        assert (tmp_path / "inc" / f"{t}.parquet").read_bytes().startswith(data), t
    runner.run(new, tmp_path / "full", batch_size=4)
    assert_same_tables(tmp_path / "full", tmp_path / "inc")


def test_a_reject_of_reading_gone_from_the_input_goes_from_the_spliced_rejects(tmp_path, capsys):
    # d02 repeats d01's text: a reject of reading, filed with the clean stage in the first row
    # group; the next edition drops it, and that row group's documents are all unchanged
    rows = [json.loads(line) for line in corpus(tmp_path / "c.jsonl", 9).read_text(encoding="utf-8").splitlines()]
    rows[2]["text"] = rows[1]["text"]
    rewrite(tmp_path / "c.jsonl", rows)
    run_incremental(tmp_path / "c.jsonl", tmp_path / "inc", capsys)
    assert len(io.read_table(tmp_path / "inc", "rejects/clean")) == 1
    rewrite(tmp_path / "c.jsonl", rows[:2] + rows[3:])
    assert run_incremental(tmp_path / "c.jsonl", tmp_path / "inc", capsys) == "8 documents: 8 reused, 0 processed"
    runner.run(tmp_path / "c.jsonl", tmp_path / "full", batch_size=4)
    assert len(io.read_table(tmp_path / "inc", "rejects/clean")) == 0
    assert_same_tables(tmp_path / "full", tmp_path / "inc")


@pytest.mark.parametrize("roll", [io.AtomicWriter.ROLL_GROUPS, 2])
def test_runs_spliced_on_spliced_files_still_equal_full_runs(tmp_path, capsys, monkeypatch, roll):
    # a corpus edited between five runs: each run splices the files the one before spliced
    # (row groups out of file order, unreferenced bytes), until they are loose enough to rewrite.
    # roll 2: every writer also writes its row groups in parts of two, joined when it closes
    monkeypatch.setattr(io.AtomicWriter, "ROLL_GROUPS", roll)
    rows = [json.loads(line) for line in corpus(tmp_path / "all.jsonl", 24).read_text(encoding="utf-8").splitlines()]
    for i, r in enumerate(rows[12:], 12):  # the corpus repeats itself after 12 articles: another name
        r["text"] = r["text"].replace(NAMES[i % 12], NAMES[(i + 1) % 12])
    changed = dict(rows[5], text=rows[5]["text"] + "\nПрокуратура возбудила 3 уголовных дела.")
    editions = [
        rows[:12],  # the first run
        rows[:16],  # appended
        rows[:4] + rows[16:18] + rows[4:16],  # inserted between row groups
        rows[:4] + rows[16:18] + rows[4:5] + [changed] + rows[6:16] + rows[18:20],  # changed, appended
        rows[:4] + rows[16:18] + [changed] + rows[6:16] + rows[18:24],  # removed, appended
    ]
    said, spliced = [], []
    for i, edition in enumerate(editions):
        rewrite(tmp_path / "c.jsonl", edition)
        before = data_region(tmp_path / "inc" / "tokens.parquet") if i else b"-"
        said.append(run_incremental(tmp_path / "c.jsonl", tmp_path / "inc", capsys))
        spliced.append((tmp_path / "inc" / "tokens.parquet").read_bytes().startswith(before))
        runner.run(tmp_path / "c.jsonl", tmp_path / f"full{i}", batch_size=4)
        assert_same_tables(tmp_path / f"full{i}", tmp_path / "inc")
    assert said == ["12 documents: 0 reused, 12 processed", "16 documents: 12 reused, 4 processed",
                    "18 documents: 16 reused, 2 processed", "20 documents: 17 reused, 3 processed",
                    "23 documents: 19 reused, 4 processed"]
    assert spliced == [False, True, True, True, True]
    # a stage run on its own (DVC) reads the spliced tables row group by row group
    runner.run_stage("events", tmp_path / "inc", batch_size=4)
    assert_same_tables(tmp_path / "full4", tmp_path / "inc")


def test_tables_grown_loose_are_written_whole_again(tmp_path, capsys):
    # removing most documents leaves most of each file unreferenced; the next run rewrites it
    rows = [json.loads(line) for line in corpus(tmp_path / "c.jsonl", 12).read_text(encoding="utf-8").splitlines()]
    run_incremental(tmp_path / "c.jsonl", tmp_path / "inc", capsys)
    rewrite(tmp_path / "c.jsonl", rows[8:])
    run_incremental(tmp_path / "c.jsonl", tmp_path / "inc", capsys)
    assert splice.Footer.read(tmp_path / "inc" / "tokens.parquet").dead_bytes() > 0
    assert run_incremental(tmp_path / "c.jsonl", tmp_path / "inc", capsys) == "4 documents: 4 reused, 0 processed"
    assert splice.Footer.read(tmp_path / "inc" / "tokens.parquet").dead_bytes() == 0
    runner.run(tmp_path / "c.jsonl", tmp_path / "full", batch_size=4)
    assert_same_tables(tmp_path / "full", tmp_path / "inc")


# previous row groups of documents -> batches an incremental run cuts (batch size 2)
ALONG = [
    # unchanged layout: the same batches
    ([["a", "b"], ["c", "d"]], "a b c d", ["a b", "c d"]),
    # a new document joins the row group it is read in, or the one before it
    ([["a", "b"], ["c", "d"]], "a x b c d y", ["a x b", "c d y"]),
    ([["a", "b"], ["c", "d"]], "a b x c d", ["a b x", "c d"]),
    # a removed document leaves a smaller batch
    ([["a", "b"], ["c", "d"]], "a c d", ["a", "c d"]),
    # new documents alone fill batches of the batch size; never more than twice it
    ([["a"]], "x y z w", ["x y", "z w"]),
    ([["a", "b"]], "a x y z w v", ["a x y z", "w v"]),
    # documents read in another order follow their row groups
    ([["a", "b"], ["c", "d"]], "c d a b", ["c d", "a b"]),
]

# the same, when the run splices its tables: new documents read between two row groups make
# batches of their own (the row groups stay whole, to be copied); inside one, they join it
ALONG_SPLICED = [
    ([["a", "b"], ["c", "d"]], "a b c d", ["a b", "c d"]),
    ([["a", "b"], ["c", "d"]], "a x b c d y", ["a x b", "c d", "y"]),
    ([["a", "b"], ["c", "d"]], "a b x c d", ["a b", "x", "c d"]),
    ([["a", "b"], ["c", "d"]], "a b x y z c d", ["a b", "x y", "z", "c d"]),
    ([["a", "b"], ["c", "d"]], "x a b", ["x", "a b"]),
    ([["a", "b"], ["c", "d"]], "a c d", ["a", "c d"]),
    ([["a", "b"]], "a b x y z w v", ["a b", "x y", "z w", "v"]),
    ([["a", "b"], ["c", "d"]], "c d a b", ["c d", "a b"]),
]


def batches_cut(groups, read, spliced, look_ahead=None) -> list[str]:
    index = runner.ReuseIndex.of(groups, [["key"] * len(docs) for docs in groups])
    cut = runner.AlongRowGroups(index, batch_size=2, sizes=[len(docs) for docs in groups] if spliced else None)
    pairs = [({"doc_id": d, "text": d}, []) for d in read.split()]
    if look_ahead:  # row groups looked up a few documents at a time, as a run does
        cut.LOOK_AHEAD = look_ahead
        pairs = cut.look_ahead(iter(pairs))
    return [" ".join(raw["doc_id"]) for raw, _ in io.batches_of(pairs, 2, cut)]


@pytest.mark.parametrize("look_ahead", [None, 1, 3])
@pytest.mark.parametrize("groups, read, expected", ALONG)
def test_incremental_batches_follow_the_previous_row_groups(groups, read, expected, look_ahead):
    assert batches_cut(groups, read, spliced=False, look_ahead=look_ahead) == expected


@pytest.mark.parametrize("look_ahead", [None, 1, 3])
@pytest.mark.parametrize("groups, read, expected", ALONG_SPLICED)
def test_spliced_incremental_batches_keep_row_groups_whole(groups, read, expected, look_ahead):
    assert batches_cut(groups, read, spliced=True, look_ahead=look_ahead) == expected


# parts (rows "document:row") -> rows in input order ("a b x ..."), a document's rows in theirs
IN_ORDER = [
    (["a:0 a:1 b:0", "x:0 x:1"], "a x b", "a:0 a:1 x:0 x:1 b:0"),
    (["a:0 b:0 c:0", "x:0"], "a b c x", "a:0 b:0 c:0 x:0"),  # in order already: one slice each
    (["x:0"], "a x b", "x:0"),
    (["c:0 c:1", "a:0", "b:0 b:1 b:2"], "a b c", "a:0 b:0 b:1 b:2 c:0 c:1"),
    (["a:0 b:0", ""], "b a", "b:0 a:0"),  # another input order than the part's
    (["a:0 q:0 b:0"], "a b", "a:0 b:0 q:0"),  # a document the input no longer has goes last
    (["", ""], "a", ""),
]


@pytest.mark.parametrize("parts, order, expected", IN_ORDER)
def test_merged_rows_follow_the_input_order(parts, order, expected):
    table = SimpleNamespace(schema=pa.schema([("doc_id", pa.string()), ("row", pa.int64())]))
    def part(rows):
        cells = [r.split(":") for r in rows.split()]
        return pa.table([[d for d, _ in cells], [int(n) for _, n in cells]], schema=table.schema)
    position = {d: i for i, d in enumerate(order.split())}
    merged = runner.in_order([part(p) for p in parts], position, table).to_pydict()
    assert " ".join(f"{d}:{n}" for d, n in zip(merged["doc_id"], merged["row"])) == expected


def test_pipeline_version_hashes_code_and_vocabularies():  # noqa: the real hash
    assert runner.pipeline_version(("clean",)) != runner.pipeline_version(("clean", "segment"))
    assert len(runner.pipeline_version(tuple(runner.STAGES))) == 32


def test_a_plain_run_writes_document_keys(tmp_path):
    runner.run(corpus(tmp_path / "c.jsonl", 5), tmp_path / "out", batch_size=4, workers=2)
    keys = io.read_table(tmp_path / "out", "doc_keys")
    assert list(keys["doc_id"]) == [f"d{i:02d}" for i in range(5)] and keys["key"].str.len().eq(32).all()


# ---------------------------------------------------------------- batches of a run on several workers

@pytest.mark.parametrize("total, batch_size, workers, sizes", [
    (1000, 64, 2, [63] * 8 + [62] * 8),   # 16 batches, not 15 of 64 and one of 40
    (130, 64, 2, [33, 33, 32, 32]),       # 3 batches would be; 4 keep both workers busy to the end
    (128, 64, 2, [64, 64]),
    (129, 64, 4, [33, 32, 32, 32]),
    (5, 64, 2, [3, 2]),
    (1, 64, 2, [1, 0]),
    (12, 4, 3, [4, 4, 4]),
])
def test_even_batches(total, batch_size, workers, sizes):
    assert runner.EvenBatches(total, batch_size, workers).sizes == sizes


def test_even_batches_cut_the_corpus_at_their_sizes():
    cut, records, batches = runner.EvenBatches(10, 4, 2), [], []
    for i in range(10):
        if records and cut(records, f"d{i}"):
            batches.append(len(records))
            records = []
        records.append({"doc_id": f"d{i}"})
    assert batches + [len(records)] == [3, 3, 2, 2]


def test_a_run_on_two_workers_writes_even_row_groups_and_the_same_rows(tmp_path):
    path = corpus(tmp_path / "c.jsonl", 9, chrome_in={1, 4})
    runner.run(path, tmp_path / "one", batch_size=4)
    runner.run(path, tmp_path / "two", batch_size=4, workers=2)
    groups = pq.ParquetFile(tmp_path / "two" / "documents.parquet").metadata
    assert [groups.row_group(i).num_rows for i in range(groups.num_row_groups)] == [3, 2, 2, 2]
    assert_same_tables(tmp_path / "one", tmp_path / "two")


# ---------------------------------------------------------------- dask

def test_dask_engine_writes_the_tables_of_a_local_run(tmp_path):
    distributed = pytest.importorskip("distributed")
    path = corpus(tmp_path / "c.jsonl", 10, chrome_in={0, 3, 6, 9})
    runner.run(path, tmp_path / "local", batch_size=3)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        runner.run(path, tmp_path / "dask", batch_size=3, engine="dask", scheduler=cluster.scheduler_address)
    assert_same_tables(tmp_path / "local", tmp_path / "dask")


def test_dask_engine_runs_incrementally(tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    old, new = corpus(tmp_path / "old.jsonl", 9), corpus(tmp_path / "new.jsonl", 11, chrome_in={2})
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        for path in (old, new):
            runner.run(path, tmp_path / "dask", batch_size=3, engine="dask", scheduler=cluster.scheduler_address,
                       incremental=True, log=print)
    assert capsys.readouterr().out.strip().splitlines()[-1] == "11 documents: 8 reused, 3 processed"
    runner.run(new, tmp_path / "local", batch_size=3)
    assert_same_tables(tmp_path / "local", tmp_path / "dask")


def test_pymorphy3_runs_on_the_dawg2_c_extension():
    # pymorphy3[fast] installs DAWG2; without it pymorphy3 silently falls back on pure-Python
    # dawg-python, 3.4x slower with the same analyses
    import pymorphy3.dawg

    assert pymorphy3.dawg.EXTENSION_AVAILABLE


def test_same_tables_tells_identical_folders_from_different_ones(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("same_tables", Path(__file__).parent.parent / "benchmarks" / "same_tables.py")
    same_tables = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(same_tables)
    for name, rows in [("a", ["x", "y"]), ("b", ["x", "y"]), ("c", ["y", "x"])]:
        (tmp_path / name).mkdir()
        pd.DataFrame({"doc_id": rows, "start": [0, 1]}).to_parquet(tmp_path / name / "people.parquet")
    assert same_tables.differences(tmp_path / "a", tmp_path / "b") == []
    assert [p.split(":")[0] for p in same_tables.differences(tmp_path / "a", tmp_path / "c")] == ["people.parquet"]


def test_models_loading_on_a_thread_report_their_failure():
    def fails():
        raise nlp.ModelMissing("no model here")
    with pytest.raises(nlp.ModelMissing, match="no model here"):
        runner.OnThread(fails).result()
    done = []
    runner.OnThread(lambda: done.append(1)).result()
    assert done == [1]


# ---------------------------------------------------------------- the cyclic collector

def test_a_run_collects_less_often_while_it_lasts(tmp_path, monkeypatch):
    seen, chain = [], runner.run_chain

    def recording(*args, **kwargs):
        seen.append(gc.get_threshold())
        return chain(*args, **kwargs)

    monkeypatch.setattr(runner, "run_chain", recording)
    before = gc.get_threshold()
    runner.run(corpus(tmp_path / "c.jsonl", 6), tmp_path / "out", batch_size=4)
    assert seen and set(seen) == {runner.GC_THRESHOLDS}
    assert gc.get_threshold() == before != runner.GC_THRESHOLDS


def test_thresholds_come_back_when_a_run_fails():
    before = gc.get_threshold()
    with pytest.raises(ZeroDivisionError), runner.fewer_collections():
        assert gc.get_threshold() == runner.GC_THRESHOLDS
        1 / 0
    assert gc.get_threshold() == before


# ---------------------------------------------------------------- document keys

CHROMES = ["Подписывайтесь на наш канал", "Смотрите также:\xa0видео", "Реклама на сайте", "Фото:\tпресс-служба"]


@pytest.mark.parametrize("text", [
    "Аким провел совещание.\nПодписывайтесь на наш канал",          # a recurring line
    "Аким провел совещание.\nСмотрите также:\xa0видео",             # recurring once normalised
    "Аким провел совещание.\nРеклама\u00ad на сайте",                # recurring once its soft hyphen goes
    "Аким провел совещание.\nФото:\tпресс-служба",                   # a tab kept
    "Аким провел совещание.\nНовая строка, которой нет нигде",       # nothing recurs
    "",
    "\n\n",
])
@pytest.mark.parametrize("chrome_docs", [0, 3, 4, 5, 9])  # each chrome line in as many of 40 documents, or 400: 1% is 4 and a bit
@pytest.mark.parametrize("n_docs", [40, 400])
def test_doc_key_from_line_hashes_is_doc_key(text, chrome_docs, n_docs):
    texts = [f"Статья номер {i}.\n" + (CHROMES[i % 4] if i < 4 * chrome_docs else f"Строка {i}") for i in range(n_docs)]
    context = clean.profile_of_texts(texts + [text])
    row = {"doc_id": "x", "text": text}
    assert runner.doc_key(row, context, clean.doc_line_hashes(text)) == runner.doc_key(row, context)
    assert runner.doc_key(row, None, clean.doc_line_hashes(text)) == runner.doc_key(row, None)


def verdicts(text, context):
    return [bool(line) and clean.recurring(line, context) for line in clean.line_texts(text)]


@pytest.mark.parametrize("text", [
    "Аким провел совещание.\nПодписывайтесь на наш канал",                       # a short line
    "Аким провел совещание.\nПодписывайтесь на наш канал, чтобы читать новости первыми.",  # a sentence
    "Аким провел совещание.\nСмотрите также:\xa0видео",                          # normalised first
    "Подписывайтесь на наш канал\nАким провел совещание.\nПодписывайтесь на наш канал",  # twice
    "Аким провел совещание.\r\nПодписывайтесь\xa0на наш канал",                   # CRLF, a no-break space
    "Аким провел\u00ad совещание.\nПодписывайтесь на наш канал",                  # a soft hyphen elsewhere
])
def test_doc_keys_differ_where_a_line_verdict_differs(text):
    # the chrome line in k of n documents: below, between and above both bars
    contexts = []
    for n in (4, 6, 40, 120, 400):
        for k in (0, 2, 3, 4, 5, 8, 12, 30, 60):
            if k < n:
                lines = [text.split("\n")[-1] if i < k else f"Строка {i}" for i in range(n)]
                contexts.append(clean.profile_of_texts([f"Статья номер {i}.\n{line}" for i, line in enumerate(lines)]))
    row = {"doc_id": "x", "text": text}
    seen = {}  # key -> the verdicts it stands for
    for context in contexts:
        assert seen.setdefault(runner.doc_key(row, context), verdicts(text, context)) == verdicts(text, context)
    assert len({tuple(v) for v in seen.values()}) == 2  # the cases make the line recur and not


@pytest.mark.parametrize("text", [
    "Аким провел совещание.\nПодписывайтесь на наш канал",
    "Аким провел совещание.\nСмотрите также:\xa0видео",
    "Аким провел совещание.",
])
def test_a_doc_key_stays_when_the_corpus_grows_around_it(text):
    chrome = text.split("\n")[-1]
    texts = [f"Статья номер {i}.\n" + (chrome if i % 4 == 0 else f"Строка {i}") for i in range(40)]
    more = [f"Новая статья {i}.\nДругая строка {i}" for i in range(5)]  # 45 documents: no bar moves past 10
    row = {"doc_id": "x", "text": text}
    assert runner.doc_key(row, clean.profile_of_texts(texts + [text])) \
        == runner.doc_key(row, clean.profile_of_texts(texts + more + [text]))


@given(st.lists(st.sampled_from([
    "Подписывайтесь на наш канал", "Подписывайтесь\xa0на наш канал", "Реклама\u00ad на сайте", "Фото:\tпресс-служба",
    "Депутаты обсудили бюджет города на следующий год.", "  Просмотров: 12 ", "", " ", "а\x1cб",
    "Подписывайтесь на наш канал, чтобы первыми узнавать новости региона.",
]), max_size=8), st.integers(0, 40), st.integers(0, 3))
@settings(max_examples=200, deadline=None)
def test_recurring_lines_are_the_lines_clean_finds_recurring(lines, n_other, chrome_every):
    text = "\n".join(lines)
    others = [f"Статья {i}.\n" + (CHROMES[i % 4] if chrome_every and i % chrome_every == 0 else f"Строка {i}")
              + ("\n" + lines[i % len(lines)] if lines and i % 2 else "") for i in range(n_other)]
    context = clean.profile_of_texts(others + [text])
    expected = [i for i, line in enumerate(clean.line_texts(text)) if line and clean.recurring(line, context)]
    assert runner.recurring_lines(text, context) == expected
