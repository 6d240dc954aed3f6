"""The only code that touches disk: read corpora in batches, read and write Parquet atomically.

Tables written by one run are aligned by row group: row group i of every table holds the
documents of input batch i. A stage run on its own reads row group i of each input table,
so memory depends on the batch size, never on the corpus.
"""
import csv
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import schema

BATCH_SIZE = 64
MAX_BYTES = 5_000_000  # a news article is ~10 kB; anything past this is not one
TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}
RAW_COLUMNS = [f.name for f in schema.RAW.schema]


class InputError(Exception):
    """The input as a whole cannot be read: wrong path, unknown format, no text column."""


# ---------------------------------------------------------------- decoding

BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]


def looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04")):
        return True
    # UTF-16 without BOM is full of NULs too, but then every other byte is one
    return head.count(b"\x00") > len(head) // 4 and not _utf16_shape(head)


def _utf16_shape(head: bytes) -> bool:
    return head[1::2].count(b"\x00") > len(head) // 3 or head[0::2].count(b"\x00") > len(head) // 3


def cyrillic_score(text: str) -> float:
    """Share of lowercase Cyrillic among letters: right decodings of Russian score high."""
    letters = [c for c in text[:5000] if c.isalpha()]
    if not letters:
        return 0.0
    return sum("а" <= c <= "я" or c == "ё" for c in letters) / len(letters)


def decode(data: bytes) -> tuple[str, str]:
    """bytes -> (text, encoding name). Never raises: undecodable bytes become U+FFFD."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace").lstrip("\ufeff"), name
    if _utf16_shape(data[:4096]) and len(data) > 1:
        le = data[0::2].count(b"\x00") < data[1::2].count(b"\x00")
        name = "utf-16-le" if le else "utf-16-be"
        return data.decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # cp1251 and KOI8-R both decode any byte: keep the one that reads as Russian
    candidates = [(cyrillic_score(data.decode(n, errors="replace")), n) for n in ("cp1251", "koi8-r")]
    _, name = max(candidates)
    return data.decode(name, errors="replace"), name


# ---------------------------------------------------------------- corpus readers

def reject(doc_id, stage, reason):
    return {"doc_id": str(doc_id), "stage": stage, "reason": reason}


def iter_folder(path: Path):
    """Yields (record or None, reject or None) for every file of a folder, sorted by name."""
    files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    for p in files:
        doc_id = p.relative_to(path).with_suffix("").as_posix()
        if p.suffix.lower() not in TEXT_SUFFIXES:
            yield None, reject(doc_id, "read", f"not a text file ({p.suffix or 'no suffix'}): {p}")
            continue
        yield read_text_file(p, doc_id)


def read_text_file(p: Path, doc_id: str):
    size = p.stat().st_size
    if size > MAX_BYTES:
        return None, reject(doc_id, "read", f"file of {size} bytes is over the {MAX_BYTES}-byte limit")
    data = p.read_bytes()
    if looks_binary(data):
        return None, reject(doc_id, "read", "binary content, not text")
    text, encoding = decode(data)
    return raw_record(doc_id, text, encoding=encoding, source_path=str(p)), None


def raw_record(doc_id, text, encoding="utf-8", source_path=None, **meta):
    rec = {c: None for c in RAW_COLUMNS}
    rec.update(doc_id=str(doc_id), text=text, encoding=encoding, source_path=source_path)
    for key in ("title", "published", "url"):
        value = meta.get(key)
        rec[key] = None if value is None or (isinstance(value, float) and value != value) else str(value)
    return rec


def record_from_row(row: dict, where: str):
    doc_id = row.get("doc_id")
    text = row.get("text")
    if doc_id is None or doc_id == "" or (isinstance(doc_id, float) and doc_id != doc_id):
        return None, reject(where, "read", "row without doc_id")
    if not isinstance(text, str):
        return None, reject(doc_id, "read", "row without a text string")
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        return None, reject(doc_id, "read", f"text over the {MAX_BYTES}-byte limit")
    return raw_record(doc_id, text, **{k: row.get(k) for k in ("title", "published", "url")}), None


def iter_jsonl(path: Path):
    with open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(decode(line)[0])
            except json.JSONDecodeError as e:
                yield None, reject(f"{path.name}:{n}", "read", f"malformed JSON line: {e.msg}")
                continue
            if not isinstance(row, dict):
                yield None, reject(f"{path.name}:{n}", "read", "JSON line is not an object")
                continue
            yield record_from_row(row, f"{path.name}:{n}")


def iter_csv(path: Path):
    text, _ = decode(path.read_bytes()) if path.stat().st_size <= 50 * MAX_BYTES else (None, None)
    if text is None:
        raise InputError(f"{path}: CSV too large to sniff; convert it to .jsonl or .parquet")
    csv.field_size_limit(MAX_BYTES * 2)
    reader = csv.DictReader(text.splitlines(keepends=True))
    require_columns(path, reader.fieldnames or [])
    for n, row in enumerate(reader, 2):
        yield record_from_row(row, f"{path.name}:{n}")


def iter_parquet(path: Path):
    f = pq.ParquetFile(path)
    require_columns(path, f.schema_arrow.names)
    for batch in f.iter_batches(batch_size=BATCH_SIZE):
        for n, row in enumerate(batch.to_pylist()):
            yield record_from_row(row, f"{path.name}:{n}")


def require_columns(path, names):
    missing = {"doc_id", "text"} - set(names)
    if missing:
        raise InputError(f"{path}: no {' and no '.join(sorted(missing))} column (has: {', '.join(names)})")


READERS = {".jsonl": iter_jsonl, ".json": iter_jsonl, ".csv": iter_csv, ".parquet": iter_parquet}


def iter_corpus(path):
    """Every input record of a folder of texts or a .jsonl/.csv/.parquet file, as (record, reject)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"input {path} does not exist")
    if path.is_dir():
        return iter_folder(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        if path.suffix.lower() in TEXT_SUFFIXES:
            return iter([read_text_file(path, path.stem)])
        raise InputError(f"input {path}: unknown format {path.suffix!r} (use a folder of .txt, .jsonl, .csv or .parquet)")
    return reader(path)


def corpus_batches(path, batch_size=BATCH_SIZE):
    """Yields (raw DataFrame, rejects DataFrame) per batch of `batch_size` readable documents.

    A document id seen twice is read once; the later copy is recorded as a reject.
    """
    seen, records, rejects = set(), [], []
    for record, rej in iter_corpus(path):
        if rej is not None:
            rejects.append(rej)
        elif record["doc_id"] in seen:
            rejects.append(reject(record["doc_id"], "read", "duplicate doc_id: kept the first"))
        else:
            seen.add(record["doc_id"])
            records.append(record)
        if len(records) >= batch_size:
            yield frame(records, schema.RAW), frame(rejects, schema.REJECTS)
            records, rejects = [], []
    if records or rejects:
        yield frame(records, schema.RAW), frame(rejects, schema.REJECTS)


# ---------------------------------------------------------------- tables

def frame(rows, table: schema.Table) -> pd.DataFrame:
    """Rows (dicts) -> DataFrame with exactly the table's columns, in order."""
    names = table.schema.names
    if not rows:
        return pd.DataFrame({n: pd.Series(dtype=object) for n in names})
    return pd.DataFrame(rows).reindex(columns=names)


def to_arrow(df: pd.DataFrame, table: schema.Table) -> pa.Table:
    df = df.reindex(columns=table.schema.names)
    df = df.astype(object).where(df.notna(), None) if len(df) else df
    return pa.Table.from_pandas(df, schema=table.schema, preserve_index=False)


def table_of(name) -> schema.Table:
    """Declared table of a written name; `rejects/STAGE` files are all rejects tables."""
    return schema.REJECTS if name.startswith("rejects/") else schema.TABLES[name]


def table_path(out_dir, name) -> Path:
    return Path(out_dir) / f"{name}.parquet"


class AtomicWriter:
    """Writes one table as row groups into a temporary file, renamed into place on commit.

    An interrupted run leaves the previous table untouched: the rename is the only step
    that replaces it, and a rename within one folder is atomic.
    """

    def __init__(self, path, table: schema.Table, metadata=None):
        self.path, self.table = Path(path), table
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        meta = {b"schema_version": schema.SCHEMA_VERSION.encode(), b"grain": table.grain.encode()}
        meta.update({k.encode(): v.encode() for k, v in (metadata or {}).items()})
        self.writer = pq.ParquetWriter(self.tmp, table.schema.with_metadata(meta), compression="zstd")

    def write(self, df: pd.DataFrame):
        self.writer.write_table(to_arrow(df, self.table), row_group_size=1 << 30)

    def commit(self):
        self.writer.close()
        os.chmod(self.tmp, 0o644)  # mkstemp makes owner-only files; tables are for everyone
        os.replace(self.tmp, self.path)

    def abort(self):
        self.writer.close()
        Path(self.tmp).unlink(missing_ok=True)


@contextmanager
def writers(out_dir, names, metadata=None):
    """Atomic writers for several tables: all are committed together, or none is."""
    opened = {}
    try:
        for name in names:
            opened[name] = AtomicWriter(table_path(out_dir, name), table_of(name), metadata)
        yield opened
    except BaseException:
        for w in opened.values():
            w.abort()
        raise
    for w in opened.values():
        w.commit()


def aligned_batches(out_dir, names):
    """Yields {name: DataFrame} for row group i of each named table, i = 0, 1, ..."""
    files = {}
    for name in names:
        path = table_path(out_dir, name)
        if not path.exists():
            raise InputError(f"{path} is missing: run the stage that writes {name!r} first")
        files[name] = pq.ParquetFile(path)
    counts = {n: f.num_row_groups for n, f in files.items()}
    if len(set(counts.values())) > 1:
        raise InputError(f"tables in {out_dir} come from different runs (row groups: {counts}); re-run from clean")
    for i in range(next(iter(counts.values()), 0)):
        yield {n: f.read_row_group(i).to_pandas() for n, f in files.items()}


def read_table(out_dir, name) -> pd.DataFrame:
    return pq.read_table(table_path(out_dir, name)).to_pandas()


def warn(message):
    print(message, file=sys.stderr)
