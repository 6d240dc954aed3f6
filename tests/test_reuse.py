"""The previous run's index (pipeline/reuse.py) answers as the dicts it replaces would, also
when hashes collide, one document at a time or a batch at once."""
import hashlib

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import io, reuse, runner

# a previous run: its row groups' doc ids, each document's key
GROUPS = [["a-1", "a-2", "a-3"], ["b-1"], ["c-1", "c-2"]]
KEYS = [["k1", "k2", "k3"], ["k4"], ["k5", "k6"]]

# (doc id, key) -> the row group holding its rows if its key is unchanged
GROUP_OF = [
    (("a-1", "k1"), 0),
    (("a-3", "k3"), 0),
    (("b-1", "k4"), 1),
    (("c-2", "k6"), 2),
    (("a-2", "k9"), None),  # its key changed
    (("c-1", "k1"), None),  # another document's key
    (("d-1", "k1"), None),  # new
    (("", "k1"), None),
    (("A-1", "k1"), None),  # ids are compared exactly
    (("a-1 ", "k1"), None),
    (("ф-1", "k1"), None),
]

# doc id -> the row group where the previous run put it, changed or not
ROW_GROUP = [
    ("a-2", 0),
    ("b-1", 1),
    ("c-1", 2),
    ("z", None),
    ("b-1\x00", None),
]


def index(**kw):
    return reuse.ReuseIndex.of(GROUPS, KEYS, **kw)


def colliding(monkeypatch):
    """Every doc id hashes alike: only the ids themselves tell documents apart."""
    monkeypatch.setattr(reuse, "id_hash", lambda doc_id: 7)


@pytest.mark.parametrize("collide", [False, True])
@pytest.mark.parametrize("query, expected", GROUP_OF)
def test_group_of(query, expected, collide, monkeypatch):
    if collide:
        colliding(monkeypatch)
    assert index().group_of(*query) == expected


@pytest.mark.parametrize("collide", [False, True])
@pytest.mark.parametrize("doc_id, expected", ROW_GROUP)
def test_row_group(doc_id, expected, collide, monkeypatch):
    if collide:
        colliding(monkeypatch)
    assert index().row_group(doc_id) == expected


@pytest.mark.parametrize("collide", [False, True])
def test_a_batch_at_once_answers_as_one_at_a_time(collide, monkeypatch):
    if collide:
        colliding(monkeypatch)
    ids, keys = zip(*[q for q, _ in GROUP_OF])
    assert index().groups_of(list(ids), list(keys)) == [e for _, e in GROUP_OF]
    assert index().row_groups([d for d, _ in ROW_GROUP]) == [e for _, e in ROW_GROUP]
    assert index().groups_of([], []) == [] and index().row_groups([]) == []


def test_a_rejected_document_is_not_reused():
    assert index(rejected={"a-2"}).group_of("a-2", "k2") is None
    assert index(rejected={"a-2"}).row_group("a-2") == 0  # but its row group is known


def test_row_groups_ids_and_sizes():
    ix = index()
    assert len(ix) == 6 and ix.group_sizes == [3, 1, 2]
    assert [ix.ids_of(g) for g in range(3)] == GROUPS


def test_an_empty_previous_run():
    ix = reuse.ReuseIndex.of([], [])
    assert len(ix) == 0 and ix.row_group("a") is None and ix.groups_of(["a"], ["k"]) == [None]


# ---------------------------------------------------------------- the first pass's results

def digest(s: str) -> bytes:
    return hashlib.blake2b(s.encode(), digest_size=16).digest()


def same_lead(h: bytes, tail: bytes = b"\x01" * 8) -> bytes:
    """A digest sharing h's leading 8 bytes (the ones the rows are sorted by), not its trailing ones."""
    return h[:8] + tail


TEXTS = {digest("one"): (digest("key one"), [3, 1, 2]),
         digest("two"): (digest("key two"), []),
         same_lead(digest("one")): (digest("key three"), [2**64 - 1])}

# text hash -> what the previous run computed of the text, or None
KNOWN = [
    (digest("one"), TEXTS[digest("one")]),
    (digest("two"), TEXTS[digest("two")]),
    (same_lead(digest("one")), TEXTS[same_lead(digest("one"))]),
    (same_lead(digest("one"), b"\x02" * 8), None),  # the leading bytes of two texts, neither
    (digest("three"), None),
    (b"", None),
    (b"short", None),
    (digest("one") + b"x", None),
]


def doc_keys_file(tmp_path, texts: dict, hash_type=pa.binary()):
    rows = [{"doc_id": f"d{i}", "key": f"k{i}", "text_hash": h, "text_key": k, "line_hashes": lines}
            for i, (h, (k, lines)) in enumerate(texts.items())]
    schema = io.DOC_KEYS.schema if hash_type == pa.binary() else io.DOC_KEYS.schema.set(
        io.DOC_KEYS.schema.get_field_index("text_hash"), pa.field("text_hash", hash_type))
    table = pa.Table.from_pylist(rows, schema)
    pq.write_table(table, tmp_path / "doc_keys.parquet", row_group_size=2)
    return pq.ParquetFile(tmp_path / "doc_keys.parquet", pre_buffer=False)


@pytest.fixture
def known(tmp_path):
    return reuse.ReuseIndex.read(doc_keys_file(tmp_path, TEXTS), set()).known


@pytest.mark.parametrize("text_hash, expected", KNOWN, ids=[h.hex()[:20] or "empty" for h, _ in KNOWN])
def test_known_texts(known, text_hash, expected):
    assert known.get(text_hash) == expected


def test_known_texts_a_batch_at_once(known):
    assert known.get_many([h for h, _ in KNOWN]) == [e for _, e in KNOWN]
    assert known.get_many([h for h, _ in KNOWN if len(h) == 16]) == [e for h, e in KNOWN if len(h) == 16]
    assert known.get_many([]) == []


def test_read_keeps_the_keys_and_row_groups(tmp_path):
    ix = reuse.ReuseIndex.read(doc_keys_file(tmp_path, TEXTS), set())
    assert ix.group_sizes == [2, 1] and [ix.group_of(f"d{i}", f"k{i}") for i in range(3)] == [0, 0, 1]


def test_digests_of_another_length_are_not_known(tmp_path):
    texts = {b"12345678": (digest("k"), [1])}
    ix = reuse.ReuseIndex.read(doc_keys_file(tmp_path, texts), set())
    assert ix.known is None and ix.group_of("d0", "k0") == 0


def test_the_first_pass_looking_ahead_answers_as_without(known):
    texts = ["one", "two", "three", "one"]  # known is keyed by digest(text) here
    first = runner.FirstPass(known)
    first.text_hash = digest
    pairs = [({"doc_id": str(i), "text": t}, []) for i, t in enumerate(texts)]
    first.LOOK_AHEAD = 3
    seen = []
    for rec, _ in first.look_ahead(iter(pairs)):
        seen.append((first.found(rec["text"]), first.ahead.get(id(rec["text"]), (None, "none"))[1]))
    alone = runner.FirstPass(known)
    alone.text_hash = digest
    assert [s for s, _ in seen] == [alone.found(t) for t in texts] == [TEXTS.get(digest(t)) for t in texts]
    assert [a for _, a in seen] == [TEXTS.get(digest(t)) for t in texts]  # each from the look-ahead


def test_hash_rows_finds_every_row_of_a_hash():
    rows = reuse.HashRows(np.array([5, -3, 5, 9, 5], np.int64))
    assert sorted(rows.rows(5)) == [0, 2, 4] and list(rows.rows(4)) == [] and list(rows.rows(-3)) == [1]
    assert rows.first_rows(np.array([9, 4, -3, 100, -100], np.int64)).tolist() == [3, -1, 1, -1, -1]
