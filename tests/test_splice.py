"""Parquet files spliced from another file's row groups and new ones (pipeline/splice.py).

Row groups are small invented tables: strings with nulls, integers, lists of strings and a
float column, so that the footer holds dictionary pages, statistics and nested paths.
"""
import pickle

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings, strategies as st

from pipeline import splice

SCHEMA = pa.schema([("doc_id", pa.string()), ("n", pa.int64()), ("words", pa.list_(pa.string())),
                    ("score", pa.float64())])


def group(tag: str, rows: int) -> pa.Table:
    return pa.table({
        "doc_id": [f"{tag}{i}" if i % 3 else None for i in range(rows)],
        "n": list(range(rows)),
        "words": [[tag, "аким"] * (i % 2) for i in range(rows)],
        "score": [i / 7 for i in range(rows)],
    }, schema=SCHEMA)


def write(path, groups: list[pa.Table], **options):
    with pq.ParquetWriter(path, SCHEMA, compression="zstd", **options) as w:
        for g in groups:
            w.write_table(g, row_group_size=1 << 30)
    return path


OLD = [group("a", 5), group("b", 0), group("c", 40)]
NEW = [group("x", 3), group("y", 17)]

# order of row groups -> the file reads as those groups, in that order
ORDERS = [
    [("old", 0), ("old", 1), ("old", 2)],
    [("new", 0), ("new", 1)],
    [("old", 0), ("new", 0), ("old", 2), ("new", 1)],
    [("new", 1), ("old", 2), ("old", 0)],  # any order
    [("old", 2), ("new", 0)],  # an old row group left out
    [("old", 1), ("new", 0), ("old", 1)],  # an empty one, twice
    [],
]


def expected(order):
    picked = [OLD[i] if source == "old" else NEW[i] for source, i in order]
    return pa.concat_tables(picked) if picked else SCHEMA.empty_table()


@pytest.mark.parametrize("order", ORDERS)
def test_a_spliced_file_reads_as_its_row_groups_in_order(tmp_path, order):
    old, new = write(tmp_path / "old.parquet", OLD), write(tmp_path / "new.parquet", NEW)
    rows = splice.splice(old, new, order, tmp_path / "out.parquet")
    f = pq.ParquetFile(tmp_path / "out.parquet")
    assert f.read().equals(expected(order)) and rows == f.metadata.num_rows
    assert f.num_row_groups == len(order)
    for k, (source, i) in enumerate(order):  # each row group whole, with its statistics
        assert f.read_row_group(k).equals(expected([(source, i)]))
        was = pq.ParquetFile(old if source == "old" else new).metadata.row_group(i)
        assert f.metadata.row_group(k).column(1).statistics == was.column(1).statistics


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["old", "new"]), st.integers(0, 19)), max_size=40),
       st.lists(st.integers(0, 30), min_size=20, max_size=20))
def test_any_choice_of_row_groups(tmp_path_factory, order, sizes):
    # 20 row groups a file: list headers of 15 items and more take another form
    tmp = tmp_path_factory.mktemp("splice")
    olds = [group(f"o{i}", n) for i, n in enumerate(sizes)]
    news = [group(f"n{i}", n) for i, n in enumerate(reversed(sizes))]
    old, new = write(tmp / "old.parquet", olds), write(tmp / "new.parquet", news)
    splice.splice(old, new, order, tmp / "out.parquet")
    picked = [olds[i] if source == "old" else news[i] for source, i in order]
    assert pq.read_table(tmp / "out.parquet").equals(pa.concat_tables(picked) if picked else SCHEMA.empty_table())


# a writer's new row groups come in parts (io.AtomicWriter.ROLL_GROUPS): split as these say
PARTS = [[2], [1, 1], [0, 2], [1, 0, 1], [0, 0, 2, 0]]


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("split", PARTS, ids=str)
@pytest.mark.parametrize("options", [{}, {"write_page_index": True}])
def test_new_row_groups_spliced_from_parts_read_as_from_one_file(tmp_path, order, split, options):
    old = write(tmp_path / "old.parquet", OLD, **options)
    parts, taken = [], 0
    for k, n in enumerate(split):
        parts.append(write(tmp_path / f"part{k}.parquet", NEW[taken:taken + n], **options))
        taken += n
    rows = splice.splice(old, parts, order, tmp_path / "out.parquet")
    f = pq.ParquetFile(tmp_path / "out.parquet")
    assert f.read().equals(expected(order)) and rows == f.metadata.num_rows
    for k, (source, i) in enumerate(order):  # each row group whole, with its statistics
        assert f.read_row_group(k).equals(expected([(source, i)]))
        was = pq.ParquetFile(old if source == "old" else write(tmp_path / "new.parquet", NEW)).metadata.row_group(i)
        assert f.metadata.row_group(k).column(1).statistics == was.column(1).statistics


@pytest.mark.parametrize("options", [{}, {"write_page_index": True}, {"write_statistics": False},
                                     {"use_dictionary": False}])
def test_offsets_of_every_kind_move_with_the_data(tmp_path, options):
    # page indexes hold offsets of their own
    old = write(tmp_path / "old.parquet", OLD, **options)
    new = write(tmp_path / "new.parquet", NEW, **options)
    splice.splice(old, new, [("new", 1), ("old", 2), ("new", 0)], tmp_path / "out.parquet")
    assert pq.read_table(tmp_path / "out.parquet").equals(expected([("new", 1), ("old", 2), ("new", 0)]))


def test_the_footer_is_the_new_files_but_for_row_groups_and_rows(tmp_path):
    old = write(tmp_path / "old.parquet", OLD)
    meta = SCHEMA.with_metadata({"run": "second"})
    with pq.ParquetWriter(tmp_path / "new.parquet", meta) as w:
        w.write_table(NEW[0].replace_schema_metadata(meta.metadata))
    splice.splice(old, tmp_path / "new.parquet", [("old", 0), ("new", 0)], tmp_path / "out.parquet")
    assert pq.ParquetFile(tmp_path / "out.parquet").schema_arrow.metadata[b"run"] == b"second"


def test_walking_a_footer_changes_nothing(tmp_path):
    path = write(tmp_path / "old.parquet", OLD + NEW * 8)
    f = splice.Footer.read(path)
    assert [g.num_rows for g in f.row_groups] == [g.num_rows for g in OLD + NEW * 8]
    groups = [f.group_bytes(i) for i in range(len(f.row_groups))]
    assert f.with_row_groups(groups, sum(g.num_rows for g in OLD + NEW * 8)) == f.buf


def test_row_groups_left_out_are_dead_bytes(tmp_path):
    old, new = write(tmp_path / "old.parquet", OLD), write(tmp_path / "new.parquet", NEW)
    assert splice.Footer.read(old).dead_bytes() == 0
    splice.splice(old, new, [("old", 0), ("new", 0)], tmp_path / "out.parquet")
    left_out = [pq.ParquetFile(old).metadata.row_group(i) for i in (1, 2)] + [pq.ParquetFile(new).metadata.row_group(1)]
    compressed = sum(g.column(c).total_compressed_size for g in left_out for c in range(g.num_columns))
    assert splice.Footer.read(tmp_path / "out.parquet").dead_bytes() == compressed


def test_files_of_other_schemas_are_not_spliced(tmp_path):
    old = write(tmp_path / "old.parquet", OLD)
    pq.write_table(pa.table({"doc_id": ["a"]}), tmp_path / "new.parquet")
    with pytest.raises(splice.FooterError, match="different schemas"):
        splice.splice(old, tmp_path / "new.parquet", [("new", 0)], tmp_path / "out.parquet")


@pytest.mark.parametrize("content, message", [
    (b"", "too short"),
    (b"PAR1" + b"\0" * 20, "no Parquet footer"),
    (b"PAR1" + b"\x15" * 20 + (10).to_bytes(4, "little") + b"PAR1", "ends inside"),
], ids=["empty", "no footer", "cut footer"])
def test_what_is_not_a_parquet_file_says_so(tmp_path, content, message):
    (tmp_path / "bad.parquet").write_bytes(content)
    with pytest.raises(splice.FooterError, match=message):
        splice.Footer.read(tmp_path / "bad.parquet")


# ---------------------------------------------------------------- join: files one after another

# row groups of each file -> the joined file reads as all of them, file after file
JOINS = [
    [OLD],
    [OLD, NEW],
    [NEW, OLD, NEW],
    [[], NEW],  # a file without row groups
    [[group("e", 0)], [group("f", 0)]],  # empty row groups only
    [[group(f"g{i}", i)] for i in range(17)],  # 17 files of one row group each
]


@pytest.mark.parametrize("files", JOINS, ids=range(len(JOINS)))
@pytest.mark.parametrize("options", [{}, {"write_page_index": True}, {"use_dictionary": False}])
def test_joined_files_read_as_their_row_groups_in_order(tmp_path, files, options):
    paths = [write(tmp_path / f"part{i}.parquet", groups, **options) for i, groups in enumerate(files)]
    rows = splice.join(paths, tmp_path / "out.parquet")
    flat = [g for groups in files for g in groups]
    f = pq.ParquetFile(tmp_path / "out.parquet")
    assert f.read().equals(pa.concat_tables(flat) if flat else SCHEMA.empty_table())
    assert rows == f.metadata.num_rows == sum(g.num_rows for g in flat)
    assert f.num_row_groups == len(flat)
    for k, g in enumerate(flat):  # each row group whole, with its statistics
        assert f.read_row_group(k).equals(g)
    # joining leaves no bytes unreferenced (a page index is not row group data, in parts and whole)
    parts_dead = sum(splice.Footer.read(p).dead_bytes() for p in paths)
    assert splice.Footer.read(tmp_path / "out.parquet").dead_bytes() == parts_dead


def test_a_joined_footer_is_the_last_files_but_for_row_groups_and_rows(tmp_path):
    first = write(tmp_path / "first.parquet", OLD)
    meta = SCHEMA.with_metadata({"run": "last"})
    with pq.ParquetWriter(tmp_path / "last.parquet", meta) as w:
        w.write_table(NEW[0].replace_schema_metadata(meta.metadata))
    splice.join([first, tmp_path / "last.parquet"], tmp_path / "out.parquet")
    assert pq.ParquetFile(tmp_path / "out.parquet").schema_arrow.metadata[b"run"] == b"last"


def test_files_of_other_schemas_are_not_joined(tmp_path):
    first = write(tmp_path / "first.parquet", OLD)
    pq.write_table(pa.table({"doc_id": ["a"]}), tmp_path / "other.parquet")
    with pytest.raises(splice.FooterError, match="different schemas"):
        splice.join([first, tmp_path / "other.parquet"], tmp_path / "out.parquet")


# ---------------------------------------------------------------- reading a row group at a time

# columns asked for -> each row group reads as pyarrow reads it from the whole file
READ_COLUMNS = [None, ["doc_id"], ["words", "n"], ["score"]]


@pytest.mark.parametrize("columns", READ_COLUMNS)
@pytest.mark.parametrize("spliced", [False, True])
@pytest.mark.parametrize("walked_elsewhere", [False, True])
def test_a_row_group_reader_reads_as_pyarrow(tmp_path, columns, spliced, walked_elsewhere):
    path = write(tmp_path / "old.parquet", OLD)
    if spliced:  # row groups out of the file's order, one of them from the new file's data
        write(tmp_path / "new.parquet", NEW)
        splice.splice(path, tmp_path / "new.parquet", [("new", 1), ("old", 2), ("old", 0), ("new", 0)],
                      tmp_path / "out.parquet")
        path = tmp_path / "out.parquet"
    # walked elsewhere: in another process, which hands the footer over pickled
    footer = pickle.loads(pickle.dumps(splice.walked_footers({"t": path})["t"])) if walked_elsewhere else None
    whole, reader = pq.ParquetFile(path), splice.RowGroupReader(path, footer)
    assert reader.num_row_groups == whole.num_row_groups
    for g in range(whole.num_row_groups):
        assert reader.read_row_group(g, columns).equals(whole.read_row_group(g, columns=columns))
        assert reader.num_rows(g) == whole.metadata.row_group(g).num_rows
    reader.close()


def test_a_row_group_reader_reads_a_file_replaced_meanwhile(tmp_path):
    path = write(tmp_path / "t.parquet", OLD)
    reader = splice.RowGroupReader(path)
    write(tmp_path / "other.parquet", NEW).replace(path)  # as a run commits its tables
    assert reader.read_row_group(2).equals(OLD[2]) and reader.read_row_group(0).equals(OLD[0])
    reader.close()


def test_the_footers_key_value_metadata(tmp_path):
    path = write(tmp_path / "t.parquet", OLD)
    table = pq.read_table(path)
    pq.write_table(table.replace_schema_metadata({"pipeline_code": "abc", "документы": "да"}), path)
    assert splice.Footer.read(path).key_value_metadata() == {"pipeline_code": "abc", "документы": "да"}
    pq.write_table(table.replace_schema_metadata(None), path)
    assert splice.Footer.read(path).key_value_metadata() == {}


@pytest.mark.parametrize("order", ORDERS)
def test_a_released_footer_splices_as_a_whole_one(tmp_path, order):
    old, new = write(tmp_path / "old.parquet", OLD), write(tmp_path / "new.parquet", NEW)
    whole = splice.Footer.read(old)
    released = splice.Footer.read(old)
    released.release()
    assert released.buf is None and released.bytes() == whole.buf
    assert [released.group_bytes(i) for i in range(3)] == [whole.group_bytes(i) for i in range(3)]
    splice.splice(old, new, order, tmp_path / "a.parquet", old_footer=whole)
    splice.splice(old, new, order, tmp_path / "b.parquet", old_footer=released)
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
