"""The only code that touches disk: read corpora in batches, read and write Parquet atomically.

Tables written by one run are aligned by row group: row group i of every table holds the
documents of input batch i. A stage run on its own reads row group i of each input table,
so memory depends on the batch size, never on the corpus.

Whatever the input holds, reading never stops a corpus: an input that cannot become a
document is a row of the rejects table (`reject(doc_id, "read", "kind: detail")`), and a
document kept with damage (bytes that did not decode, control characters) is a document and
a `degraded: ...` reject row. The kinds (the word before the colon) are what the run summary
counts.
"""
import csv
import fcntl
import hashlib
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.arrays import ArrowStringArray
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import schema, splice

BATCH_SIZE = 64
MAX_BYTES = 5_000_000  # a news article is ~10 kB; anything past this is not one
REJECTS_PER_BATCH = 4096  # a folder of a million PDFs must not pile its rejects up in memory
TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ""}
RAW_COLUMNS = [f.name for f in schema.RAW.schema]


class InputError(Exception):
    """The input as a whole cannot be read: wrong path, unknown format, no text column."""


class OutputError(Exception):
    """The output folder cannot take the tables: not writable, or another run is writing there."""


# ---------------------------------------------------------------- decoding

BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"BM", b"II*\x00",
    b"MM\x00*", b"RIFF", b"\x7fELF", b"%!PS", b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc\xaf",
)
CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])  # never in text, \x1b aside
HEAD = 8192  # bytes enough to tell an encoding, and cheap on a 5 MB file


def looks_binary(data: bytes) -> bool:
    head = data[:HEAD]
    if head.startswith(BINARY_MAGIC):
        return True
    # UTF-16 without BOM is full of NULs and \x04 too, but then it reads as text
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return controls > len(head) // 20 and _utf16(head) is None


def _readable(c: str) -> bool:
    o = ord(c)
    return (32 <= o < 127 or c in "\n\r\t" or 0xA0 <= o < 0x250  # ASCII, Latin
            or 0x400 <= o < 0x530  # Cyrillic with Kazakh letters
            or 0x2000 <= o < 0x2070 or c == "№")  # dashes, quotes, ellipsis


def readable_share(text: str) -> float:
    """Share of characters a Russian, Kazakh or English text is made of: how right a decoding looks."""
    head = text[:HEAD]
    return sum(map(_readable, head)) / len(head) if head else 0.0


FREQUENT_LETTERS = set("оеаинтсрвлкм")  # over 60% of the letters of Russian text


def russian_score(text: str) -> float:
    """Share of the most frequent Russian letters among letters, case folded.

    cp1251 read as KOI8-R (or back) swaps letters and flips their case, so a wrong decoding
    scores low whether the text is in capitals or not.
    """
    letters = [c for c in text[:HEAD].lower() if c.isalpha()]
    return sum(c in FREQUENT_LETTERS for c in letters) / len(letters) if letters else 0.0


def _utf16(data: bytes):
    """The UTF-16 byte order that reads as text better than UTF-8 does, or None."""
    if len(data) < 2:
        return None
    head = data[:HEAD]
    utf8 = readable_share(head.decode("utf-8", errors="replace"))
    shares = {n: readable_share(head.decode(n, errors="replace")) for n in ("utf-16-le", "utf-16-be")}
    name = max(shares, key=shares.get)
    return name if shares[name] >= 0.9 and shares[name] > utf8 else None


def _utf8(data: bytes):
    """UTF-8 text, also when a few sequences are broken (a file cut mid-letter), or None."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    kept = text.replace("\ufffd", "")
    valid_high = len(kept.encode("utf-8")) - len(kept.encode("ascii", errors="ignore"))
    high = len(data) - len(data.translate(None, bytes(range(128, 256))))
    # cp1251 and KOI8-R letters almost never form valid UTF-8 sequences
    return text if valid_high >= 0.9 * high else None


def decode(data: bytes) -> tuple[str, str]:
    """bytes -> (text, encoding): the Python codec name that reads the bytes. Never raises:
    undecodable bytes become U+FFFD (which `normalise` reports)."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace").lstrip("\ufeff"), name
    name = _utf16(data)
    if name:
        return data.decode(name, errors="replace"), name
    text = _utf8(data)
    if text is not None:
        return text, "utf-8"
    # cp1251 and KOI8-R both decode any byte: keep the one that reads as Russian (cp1251 on a tie)
    head = data[:HEAD]
    name = max(("koi8-r", "cp1251"), key=lambda n: (russian_score(head.decode(n, errors="replace")), n))
    return data.decode(name, errors="replace"), name


# ---------------------------------------------------------------- normalising text

LINE_ENDS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")  # Windows, old Mac, form feeds
INVISIBLE = re.compile(r"[\ufeff\u200b\u00ad\u2060]")  # BOMs mid-text, zero-width space, soft hyphen
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")  # JSON "\ud800" and undecodable file names make them
# any character one of the four above matches (one class: ~5x faster to scan than their alternation)
NEEDS_WORK = re.compile(r"[\r\x0b\x0c\x85\u2028\u2029\ufeff\u200b\u00ad\u2060\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def normalise(text: str) -> tuple[str, list[str]]:
    """text -> (text with \\n line ends, NFC, no control characters; notes on damage found).

    Offsets of every table index the text after this step (documents.text is made from it).
    """
    if not NEEDS_WORK.search(text) and unicodedata.is_normalized("NFC", text):
        bad = text.count("\ufffd")  # the common case, in one scan: `repair` would change nothing
        return text, [f"{bad} undecodable characters replaced with U+FFFD"] if bad else []
    return repair(text)


def repair(text: str) -> tuple[str, list[str]]:
    """normalise, step by step."""
    notes = []
    text = LINE_ENDS.sub("\n", text)
    text = INVISIBLE.sub("", text)
    text, n = SURROGATE.subn("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    text, controls = CONTROL.subn("", text)
    if controls:
        notes.append(f"removed {controls} control characters")
    bad = text.count("\ufffd")
    if bad:
        notes.append(f"{bad} undecodable characters replaced with U+FFFD")
    return text, notes


def field(value) -> str:
    """Any id, path or message -> a string Parquet can store (no surrogates, no control characters)."""
    return CONTROL.sub("", SURROGATE.sub("\ufffd", str(value))).strip()


def text_key(text: str) -> bytes:
    """Hash of a text with its spacing folded: the same article saved twice hashes the same."""
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=16).digest()


# ---------------------------------------------------------------- records and rejects

def reject(doc_id, stage, reason):
    return {"doc_id": field(doc_id), "stage": stage, "reason": field(reason)}


def raw_record(doc_id, text, encoding="utf-8", source_path=None, **meta):
    """A RAW row, its text normalised. Use `record` to also get the rejects it deserves."""
    return raw_row(doc_id, normalise(text)[0], encoding, source_path, meta)


def raw_row(doc_id, text, encoding, source_path, meta: dict):
    """A RAW row of a text already normalised."""
    rec = {c: None for c in RAW_COLUMNS}
    rec.update(doc_id=field(doc_id), text=text, encoding=encoding,
               source_path=None if source_path is None else field(source_path))
    for key in ("title", "published", "url"):
        rec[key] = meta_value(meta.get(key))
    return rec


def meta_value(value):
    """A title, date or url of any type -> string or None (lists, objects and NaN are no value)."""
    if isinstance(value, bytes):
        value = decode(value)[0]
    if value is None or (isinstance(value, float) and value != value) or isinstance(value, (list, dict, tuple)):
        return None
    return field(value) or None


def record(doc_id, text, encoding="utf-8", source_path=None, **meta):
    """(RAW row or None, reject or None): empty texts are rejected, damaged ones kept and reported."""
    text, notes = normalise(text)
    if not text.strip():
        return None, reject(doc_id, "read", "empty: whitespace only" if text else "empty: no text")
    rec = raw_row(doc_id, text, encoding, source_path, meta)
    return rec, reject(doc_id, "read", "degraded: " + "; ".join(notes)) if notes else None


def read_limited(p: Path, max_bytes: int):
    """File bytes, or None when over max_bytes (never reads more than max_bytes + 1)."""
    with open(p, "rb") as f:
        data = f.read(max_bytes + 1)
    return data if len(data) <= max_bytes else None


def read_text_file(p: Path, doc_id: str, max_bytes=MAX_BYTES):
    data = read_limited(p, max_bytes)
    if data is None:
        return None, reject(doc_id, "read", f"too large: {p.name} is over the {max_bytes}-byte limit")
    if looks_binary(data):
        return None, reject(doc_id, "read", f"binary: {p.name} holds binary content, not text")
    text, encoding = decode(data)
    return record(doc_id, text, encoding=encoding, source_path=str(p))


def _doc_id_of(value):
    if isinstance(value, bool) or value is None or (isinstance(value, float) and (value != value or value % 1)):
        return None
    if isinstance(value, bytes):
        value = decode(value)[0]
    if isinstance(value, (str, int, float)):
        value = field(int(value) if isinstance(value, float) else value)
        return value or None
    return None


def record_from_row(row: dict, where: str, max_bytes=MAX_BYTES, encoding="utf-8"):
    """A row of a .jsonl, .csv or .parquet file (`encoding`: the file's) -> (record, reject)."""
    doc_id = _doc_id_of(row.get("doc_id"))
    text = row.get("text")
    if doc_id is None:
        return None, reject(where, "read", "malformed: row without a doc_id string or number")
    if isinstance(text, bytes):
        text, encoding = decode(text)
    if not isinstance(text, str):
        return None, reject(doc_id, "read", f"malformed: row without a text string ({type(text).__name__})")
    if len(text.encode("utf-8", errors="replace")) > max_bytes:
        return None, reject(doc_id, "read", f"too large: text over the {max_bytes}-byte limit")
    return record(doc_id, text, encoding, **{k: row.get(k) for k in ("title", "published", "url")})


# ---------------------------------------------------------------- corpus readers

def sniff_encoding(path: Path) -> str:
    with open(path, "rb") as f:
        return decode(f.read(HEAD))[1]


def decode_line(data: bytes) -> tuple[str, str]:
    try:
        if not data.startswith(b"\xef\xbb\xbf"):
            return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return decode(data)


def lines(path: Path, max_bytes):
    """(line number, text or None when over max_bytes, encoding) of a JSON-lines file.

    Lines are decoded one by one (corpora glued together from several sources mix encodings),
    but for UTF-16, whose line ends are two bytes.
    """
    encoding = sniff_encoding(path)
    if encoding.startswith("utf-16"):
        with open(path, encoding=encoding, errors="replace", newline="") as f:
            yield from ((n, line, encoding) for n, line in enumerate(_limited(f, max_bytes, ("\n", "\r")), 1))
        return
    with open(path, "rb") as f:
        n = 0
        for line in _limited(f, max_bytes, (b"\n",)):
            # JSON strings cannot hold a raw CR: one splits old-Mac lines, or ends a Windows one
            for part in [None] if line is None else line.replace(b"\r\n", b"\n").split(b"\r"):
                n += 1
                yield (n, None, None) if part is None else (n, *decode_line(part))


def _limited(f, max_bytes, ends):
    """Lines of f, None for each line over max_bytes (never holding more than max_bytes of it)."""
    while line := f.readline(max_bytes + 1):
        if len(line) > max_bytes and not line.endswith(ends):
            while (rest := f.readline(max_bytes + 1)) and not rest.endswith(ends):
                pass
            yield None
        else:
            yield line


def iter_jsonl(path: Path, max_bytes=MAX_BYTES):
    for n, line, encoding in lines(path, max_bytes):
        where = f"{path.name}:{n}"
        if line is None:
            yield None, reject(where, "read", f"too large: line over the {max_bytes}-byte limit")
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as e:
            yield None, reject(where, "read", f"malformed: not a JSON line ({getattr(e, 'msg', e)})")
            continue
        if not isinstance(row, dict):
            yield None, reject(where, "read", "malformed: JSON line is not an object")
            continue
        yield record_from_row(row, where, max_bytes, encoding)


def iter_json(path: Path, max_bytes=MAX_BYTES):
    """A .json file: one array of objects, or (often, despite the name) JSON lines."""
    with open(path, "rb") as f:
        head = f.read(HEAD)
    if not decode(head)[0].lstrip().startswith("["):
        yield from iter_jsonl(path, max_bytes)
        return
    data = read_limited(path, 50 * max_bytes)
    if data is None:
        raise InputError(f"{path}: a JSON array this large cannot be streamed; write it as .jsonl")
    text, encoding = decode(data)
    try:
        rows = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as e:
        raise InputError(f"{path}: not valid JSON ({getattr(e, 'msg', e)})") from e
    for n, row in enumerate(rows):
        where = f"{path.name}[{n}]"
        if isinstance(row, dict):
            yield record_from_row(row, where, max_bytes, encoding)
        else:
            yield None, reject(where, "read", "malformed: array item is not an object")


def iter_csv(path: Path, max_bytes=MAX_BYTES):
    csv.field_size_limit(max_bytes)
    encoding = sniff_encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as f:
        rows = csv.DictReader(f)
        try:
            require_columns(path, rows.fieldnames or [])
        except csv.Error as e:
            raise InputError(f"{path}: not a readable CSV header ({e})") from e
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as e:
                kind = "too large" if "field larger" in str(e) else "malformed"
                yield None, reject(f"{path.name}:{rows.line_num}", "read", f"{kind}: CSV row ({e})")
                continue
            yield record_from_row(row, f"{path.name}:{rows.line_num}", max_bytes, encoding)


def iter_parquet(path: Path, max_bytes=MAX_BYTES):
    try:
        f = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as e:
        raise InputError(f"{path}: not a readable Parquet file ({e})") from e
    require_columns(path, f.schema_arrow.names)
    n = 0
    for batch in f.iter_batches(batch_size=BATCH_SIZE):
        for row in batch.to_pylist():
            yield record_from_row(row, f"{path.name}:{n}", max_bytes)
            n += 1


def require_columns(path, names):
    missing = {"doc_id", "text"} - set(names)
    if missing:
        raise InputError(f"{path}: no {' and no '.join(sorted(missing))} column (has: {', '.join(map(str, names))})")


READERS = {".jsonl": iter_jsonl, ".ndjson": iter_jsonl, ".json": iter_json, ".csv": iter_csv,
           ".parquet": iter_parquet}


def _file_id(p: Path, root: Path) -> str:
    # a file name in cp1251 on a UTF-8 system reaches Python as surrogates: decode it as text
    return decode(os.fsencode(p.relative_to(root).with_suffix("").as_posix()))[0]


def iter_file(p: Path, doc_id, max_bytes):
    """A file inside a folder: any failure is a reject of that file, never of the folder."""
    suffix = p.suffix.lower()
    try:
        if suffix in READERS:
            yield from READERS[suffix](p, max_bytes)
        elif suffix in TEXT_SUFFIXES:
            yield read_text_file(p, doc_id, max_bytes)
        else:
            yield None, reject(doc_id, "read", f"not text: {p.name} ({suffix} is not a text format)")
    except InputError as e:
        yield None, reject(doc_id, "read", f"unreadable: {e}")
    except OSError as e:
        yield None, reject(doc_id, "read", f"unreadable: {p.name}: {e.strerror or e}")


def iter_folder(path: Path, max_bytes=MAX_BYTES):
    """(record, reject) of every file of a folder, sorted by name; hidden files and folders skipped."""
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path).parts
        if any(part.startswith(".") for part in rel) or p.is_dir():
            continue
        doc_id = _file_id(p, path)
        if not p.is_file():
            yield None, reject(doc_id, "read", f"unreadable: {p.name} is a broken link or not a regular file")
            continue
        yield from iter_file(p, doc_id, max_bytes)


def iter_corpus(path, max_bytes=MAX_BYTES):
    """Every input record of a folder of texts or a .jsonl/.csv/.parquet file, as (record, reject)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"input {path} does not exist")
    if not os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0)):
        raise InputError(f"input {path} is not readable (permission denied)")
    if path.is_dir():
        return iter_folder(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix in READERS:
        return _fatal_os_errors(READERS[suffix](path, max_bytes), path)
    if suffix in TEXT_SUFFIXES:
        return _fatal_os_errors(iter_text_file(path, max_bytes), path)
    raise InputError(f"input {path}: unknown format {path.suffix!r} (use a folder of .txt, .jsonl, .csv or .parquet)")


def iter_text_file(path: Path, max_bytes):
    yield read_text_file(path, path.stem, max_bytes)


def _fatal_os_errors(items, path):
    """The one input file failing to read is the input failing: a clear error, not a traceback."""
    try:
        yield from items
    except OSError as e:
        raise InputError(f"input {path} cannot be read: {e.strerror or e}") from e


def corpus_batches(path, batch_size=BATCH_SIZE, max_bytes=MAX_BYTES, cut=None):
    """Yields (raw DataFrame, rejects DataFrame) per batch of `batch_size` readable documents,
    or, given `cut(records, doc_id)`, of the documents before the one it says starts a batch.

    A document id seen twice is read once, and so is a text seen twice (compared by `text_key`):
    the later copy is a `duplicate:` reject naming the id it repeats.
    """
    return batches_of(read_pairs(path, max_bytes), batch_size, cut)


def read_pairs(path, max_bytes=MAX_BYTES, key_of_text=text_key, look_ahead=None):
    """(record or None, [rejects]) per input, in input order; a repeated id or text is a reject.
    `key_of_text`: text_key, or a function giving what it gives (faster); `look_ahead`: a
    function passing the (record, reject) pairs read on, to prepare key_of_text's answers."""
    ids, texts = set(), {}
    read = iter_corpus(path, max_bytes)
    for rec, rej in (look_ahead(read) if look_ahead else read):
        rejects = [rej] if rej is not None else []
        if rec is not None:
            doc_id = rec["doc_id"]
            first = texts.setdefault(key_of_text(rec["text"]), doc_id)
            if doc_id in ids:
                rejects.append(reject(doc_id, "read", "duplicate: doc_id seen before; kept the first"))
                rec = None
            elif first != doc_id:
                rejects.append(reject(doc_id, "read", f"duplicate: same text as {first}; kept that one"))
                rec = None
            else:
                ids.add(doc_id)
        yield rec, rejects


def batches_of(pairs, batch_size=BATCH_SIZE, cut=None):
    """read_pairs cut into (raw DataFrame, rejects DataFrame) batches (see corpus_batches)."""
    records, rejects = [], []
    for rec, rejs in pairs:
        if rec is not None and cut is not None and records and cut(records, rec["doc_id"]):
            yield raw_frame(records), frame(rejects, schema.REJECTS)
            records, rejects = [], []
        rejects.extend(rejs)
        if rec is not None:
            records.append(rec)
        if (cut is None and len(records) >= batch_size) or len(rejects) >= REJECTS_PER_BATCH:
            yield raw_frame(records), frame(rejects, schema.REJECTS)
            records, rejects = [], []
    if records or rejects:
        yield raw_frame(records), frame(rejects, schema.REJECTS)


class Spool:
    """The corpus as read once (normalised, duplicates rejected) in a temporary Arrow file in
    the output folder: a run's second pass over the corpus (the first one profiles it) reads it
    back instead of parsing and normalising the input again. Removed by `close`, or by
    `recover` after a killed run."""

    ROWS = 256  # read_pairs per Arrow record batch, both ways: memory stays bounded
    SCHEMA = pa.schema([*schema.RAW.schema, pa.field("kept", pa.bool_()),
                        pa.field("rejects", pa.list_(pa.struct(list(schema.REJECTS.schema))))])

    def __init__(self, out_dir):
        fd, self.path = tempfile.mkstemp(prefix=".corpus.", suffix=".arrow.tmp", dir=out_dir)
        os.close(fd)

    def fill(self, pairs):
        """Writes the pairs while passing them on."""
        with pa.OSFile(self.path, "wb") as sink, pa.ipc.new_file(sink, self.SCHEMA) as writer:
            rows = []
            for rec, rejs in pairs:
                rows.append({**(rec or {}), "kept": rec is not None, "rejects": rejs})
                if len(rows) >= self.ROWS:
                    writer.write_batch(pa.RecordBatch.from_pylist(rows, self.SCHEMA))
                    rows = []
                yield rec, rejs
            if rows:
                writer.write_batch(pa.RecordBatch.from_pylist(rows, self.SCHEMA))

    def pairs(self):
        """The pairs written, in order."""
        # read, not memory-mapped: a mapped spool's pages stay in the process's RSS once read, so
        # its memory would grow with the corpus (22 MB at 10 000 documents, GBs at 10^6)
        with pa.OSFile(self.path) as source:
            reader = pa.ipc.open_file(source)
            for i in range(reader.num_record_batches):
                for row in reader.get_batch(i).to_pylist():
                    rec = {c: row[c] for c in RAW_COLUMNS} if row["kept"] else None
                    yield rec, row["rejects"]

    def close(self):
        Path(self.path).unlink(missing_ok=True)


def raw_frame(records) -> pd.DataFrame:
    """RAW rows -> DataFrame whose missing title, date or url is None in every batch (pandas
    would make it NaN in a batch where some rows have one and others not)."""
    # one block of object cells, filled cell by cell (a value is never unpacked as a sequence):
    # 3x cheaper than a Series per column, which was 4x cheaper than letting pandas infer dtypes
    names = schema.RAW.schema.names
    cells = np.empty((len(records), len(names)), dtype=object)
    for i, r in enumerate(records):
        for j, n in enumerate(names):
            cells[i, j] = r.get(n)
    return pd.DataFrame(cells, columns=names, dtype=object)


# ---------------------------------------------------------------- tables

def frame(rows, table: schema.Table) -> pd.DataFrame:
    """Rows (a list of dicts, or a dict of column lists) -> DataFrame with exactly the table's
    columns, in order."""
    names = table.schema.names
    if not rows:  # a copy of one made once: most batches have no rejects, many stages no rows
        return _empty_frame(tuple(names)).copy()
    if isinstance(rows, dict):
        return pd.DataFrame({n: column(v) for n, v in rows.items()}).reindex(columns=names)
    keys = rows[0].keys()
    if all(r.keys() == keys for r in rows):
        # column lists are ~3x faster to build than rows of dicts, with the same dtypes; a
        # column no row has stays missing (NaN), as reindex makes it
        return pd.DataFrame({n: column([r[n] for r in rows]) for n in keys}).reindex(columns=names)
    return pd.DataFrame(rows).reindex(columns=names)


def column(values):
    """A column list as the array pandas would infer from it, made by Arrow in C where that is
    sure to give the same: a list of Python ints -> int64, of strs (None among them) -> pandas'
    str. Building a batch's token tables was mostly pandas' inference, ~half of it for ints.
    Any other list is returned as it is, for pandas to infer."""
    if not (isinstance(values, list) and values):
        return values
    kind = type(values[0])
    try:
        if kind is int:
            arr = pa.array(values)
            return arr.to_numpy() if arr.type == pa.int64() and arr.null_count == 0 else values
        if kind is str and STR_DTYPE is not None:
            arr = pa.array(values)  # inferred, not cast: a bytes value among strs makes it binary
            return ArrowStringArray(arr.cast(pa.large_string()), dtype=STR_DTYPE) if arr.type == pa.string() else values
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        pass
    return values


def _inferred_str_dtype():
    """The dtype pandas infers for strs, when Arrow-backed (pandas 3's default with pyarrow)."""
    dtype = pd.Series(["a"]).dtype
    return dtype if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" else None


STR_DTYPE = _inferred_str_dtype()


@lru_cache(maxsize=None)
def _empty_frame(names: tuple) -> pd.DataFrame:
    return pd.DataFrame({n: pd.Series(dtype=object) for n in names})


def rows_by_doc(df: pd.DataFrame, columns) -> dict:
    """doc_id -> [(column values) of each row, in table order]: one pass over a batch's table,
    where filtering the table once per document would cost a pass per document."""
    out = {}
    # tolist(): iterating a pandas column boxes one value at a time, ~10x slower
    ids = df["doc_id"].tolist()
    rows = list(zip(*(df[c].tolist() for c in columns))) if columns else [()] * len(ids)
    for doc_id, i, j in runs(ids):  # a document's rows are one run, mostly: each run at once
        out.setdefault(doc_id, []).extend(rows[i:j])
    return out


def runs(ids: list):
    """(id, i, j) of each run of equal ids, ids[i:j], in order."""
    start = 0
    for i in range(1, len(ids) + 1):
        if i == len(ids) or ids[i] != ids[start]:
            yield ids[start], start, i
            start = i


def to_arrow(df: pd.DataFrame, table: schema.Table) -> pa.Table:
    df = df.reindex(columns=table.schema.names)
    try:
        return pa.Table.from_pandas(df, schema=table.schema, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        # mixed object columns (None beside NaN beside values) convert one value at a time
        df = df.astype(object).where(df.notna(), None) if len(df) else df
        return pa.Table.from_pandas(df, schema=table.schema, preserve_index=False)


# the key of each document of a run (runner.doc_key), which an incremental run compares, and
# what the first pass computes of its text (runner.FirstPass), which the next run re-uses
DOC_KEYS = schema.table("doc_keys", "one row per input document of the run that wrote the tables", ["doc_id"],
                        ("doc_id", schema.STR), ("key", schema.STR), ("text_hash", pa.binary()),
                        ("text_key", pa.binary()), ("line_hashes", pa.list_(pa.uint64())))


def table_of(name) -> schema.Table:
    """Declared table of a written name; `rejects/STAGE` files are all rejects tables."""
    if name == DOC_KEYS.name:
        return DOC_KEYS
    return schema.REJECTS if name.startswith("rejects/") else schema.TABLES[name]


def from_arrow(table: pa.Table) -> pd.DataFrame:
    """A table read back, as the frames stages return (None, not NaN, for missing strings)."""
    df = table.to_pandas()
    return df.astype(object).where(df.notna(), None) if len(df) else df


def table_path(out_dir, name) -> Path:
    return Path(out_dir) / f"{name}.parquet"


def temp_beside(path: Path) -> str:
    """A new empty temporary file in path's folder, named so that `recover` removes it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return tmp


class AtomicWriter:
    """Writes one table as row groups into a temporary file beside it; `commit` renames it in.

    An interrupted run leaves the previous table untouched: the rename is the only step
    that replaces it, and a rename within one folder is atomic.
    """

    # A Parquet writer keeps the metadata of every row group it wrote until it closes, ~0.8 kB
    # a column chunk: a run writes 149 column chunks a batch over its tables, so its memory
    # grew by ~124 kB a batch (~1.9 GB at 10^6 documents). The writer closes its file every
    # ROLL_GROUPS row groups and starts another; `close` joins the parts (splice.join), their
    # pages copied as they are.
    ROLL_GROUPS = 64

    def __init__(self, path, table: schema.Table, metadata=None, queue=None):
        self.path, self.table, self.queue = Path(path), table, queue
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = temp_beside(self.path)
        meta = {b"schema_version": schema.SCHEMA_VERSION.encode(), b"grain": table.grain.encode()}
        meta.update({k.encode(): v.encode() for k, v in (metadata or {}).items()})
        self.schema = table.schema.with_metadata(meta)
        self.parts = [self.tmp]  # the first part is the file committed, unless there are more
        self.writer, self.in_part = self.open_part(self.tmp), 0

    def open_part(self, path):
        return pq.ParquetWriter(path, self.schema, compression="zstd")

    def write(self, df: pd.DataFrame | pa.Table):
        if isinstance(df, pa.Table):
            table = df
        elif len(df):
            table = to_arrow(df, self.table)
        else:  # most batches' rejects: no pandas conversion for an empty row group
            table = self.table.schema.empty_table()
        if self.queue is None:
            self.write_group(table)
        else:
            self.queue.put(self.write_group, table)

    def write_group(self, table: pa.Table):
        """One row group, in a new part file once the current one has ROLL_GROUPS."""
        if self.in_part >= self.ROLL_GROUPS:
            self.writer.close()
            self.parts.append(temp_beside(self.path))
            self.writer, self.in_part = self.open_part(self.parts[-1]), 0
        self.writer.write_table(table, row_group_size=1 << 30)
        self.in_part += 1

    def close(self, metadata=None):
        """Finishes the temporary file; metadata learnt during the run goes into its footer."""
        if metadata:
            self.writer.add_key_value_metadata({k: str(v) for k, v in metadata.items()})
        self.writer.close()
        self.assemble()
        self.finish()

    def assemble(self):
        """The parts into the temporary file (the first part), joined."""
        if len(self.parts) > 1:
            self.into_tmp(lambda out: splice.join(self.parts, out))

    def into_tmp(self, write):
        """write(path) makes the file to commit from the parts; it replaces them as the first part."""
        made = temp_beside(self.path)
        try:
            write(made)
            os.replace(made, self.tmp)
        finally:
            Path(made).unlink(missing_ok=True)
            for p in self.parts[1:]:
                Path(p).unlink(missing_ok=True)
        self.parts = [self.tmp]

    def finish(self):
        os.chmod(self.tmp, 0o644)  # mkstemp makes owner-only files; tables are for everyone
        with open(self.tmp, "rb") as f:
            os.fsync(f.fileno())

    def commit(self):
        self.close()
        os.replace(self.tmp, self.path)

    def abort(self):
        try:
            self.writer.close()
        finally:
            for p in self.parts:
                Path(p).unlink(missing_ok=True)


class Copied:
    """A row group of the previous file of a table, to be taken into the new one as it is."""

    def __init__(self, group: int, num_rows: int, read):
        self.group, self.num_rows, self.read = group, num_rows, read  # read(columns) -> pa.Table

    def __len__(self):
        return self.num_rows


class SplicingWriter(AtomicWriter):
    """An AtomicWriter that can also take row groups of the table's previous file as they are
    (`write(Copied(...))`): it writes the new row groups to its temporary file (in parts), and
    when that is finished splices the parts and the previous file (`splice.splice`) into the
    file committed, row groups in the order they came."""

    def __init__(self, path, table: schema.Table, metadata=None, queue=None, footer=None):
        super().__init__(path, table, metadata, queue)
        self.footer, self.order, self.n_new = footer, [], 0  # the previous file's footer, walked

    def write(self, df):
        if isinstance(df, Copied):
            self.order.append(("old", df.group))
            return
        super().write(df)
        self.order.append(("new", self.n_new))
        self.n_new += 1

    def assemble(self):
        """The previous file's row groups and the new ones, spliced from the parts in one pass
        (joining the parts first would copy and walk the new row groups twice)."""
        if any(source == "old" for source, _ in self.order):
            self.into_tmp(lambda out: splice.splice(self.path, self.parts, self.order, out, old_footer=self.footer))
        else:
            super().assemble()


JOURNAL = ".commit.json"
LOCK = ".pipeline.lock"


def _write_atomically(path: Path, text: str):
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def commit(out_dir, moves):
    """Renames finished temporary tables into place, all of them or (if killed first) none.

    The journal of renames is written before the first rename: a run killed in the middle of
    the loop leaves it behind, and `recover` finishes the loop, so the tables are never a mix
    of two runs once a run has started again. Its paths are relative to out_dir.
    """
    out = Path(out_dir)
    journal = out / JOURNAL
    _write_atomically(journal, json.dumps([[os.path.relpath(t, out), os.path.relpath(p, out)] for t, p in moves]))
    _finish(journal)


def _finish(journal: Path):
    try:
        moves = json.loads(journal.read_text())
    except (OSError, ValueError):
        moves = []  # written atomically, so only a hand-edited journal gets here
    for tmp, path in moves:
        tmp, path = journal.parent / tmp, journal.parent / path
        if tmp.exists():
            os.replace(tmp, path)
    journal.unlink(missing_ok=True)


def recover(out_dir):
    """Finishes the commit of a run killed while renaming; removes temporary files of killed runs."""
    out = Path(out_dir)
    if (out / JOURNAL).exists():
        _finish(out / JOURNAL)
    for folder in (out, out / "rejects"):
        for p in folder.glob(".*.tmp") if folder.is_dir() else ():
            p.unlink(missing_ok=True)


def pending_commit(out_dir) -> bool:
    return (Path(out_dir) / JOURNAL).exists()


@contextmanager
def locked(out_dir):
    """Holds the output folder for one run: a second run there would delete this one's temporary files."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        f = open(out / LOCK, "a")
    except OSError as e:
        raise OutputError(f"cannot write to {out}: {e.strerror or e}") from e
    with f:
        try:
            # a POSIX lock, not flock: worker processes forked by the run do not inherit it, so
            # workers outliving a killed run cannot block the next one
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError(f"another run is writing to {out}; wait for it or use another --output") from None
        yield


class WriteQueue:
    """Parquet writes on a thread of their own, in order: encoding and compressing release the
    GIL, so they overlap what the run does next (reading the corpus, merging) on another core.
    At most `depth` writes wait, so memory stays bounded."""

    def __init__(self, depth=64):
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="parquet-writer")
        self.pending, self.depth = deque(), depth

    def put(self, fn, *args, **kwargs):
        """Queues a write; a finished write that failed raises here, at once."""
        self.pending.append(self.pool.submit(fn, *args, **kwargs))
        while self.pending and (self.pending[0].done() or len(self.pending) > self.depth):
            self.pending.popleft().result()

    def drain(self):
        """Waits for every write; the first that failed raises here."""
        try:
            while self.pending:
                self.pending.popleft().result()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def writers(out_dir, names, metadata=None, splicing=None):
    """Atomic writers for several tables: all are committed together, or none is.

    `metadata` is read again at commit, so a run can add what it learnt on the way
    (the documents digest) to every table's footer. `splicing`: table -> its previous file's
    footer (splice.Footer), for the tables whose writers take `Copied` row groups.
    """
    opened, queue, splicing = {}, WriteQueue(), splicing or {}
    try:
        for name in names:
            path = table_path(out_dir, name)
            if name in splicing:
                opened[name] = SplicingWriter(path, table_of(name), metadata, queue, splicing[name])
            else:
                opened[name] = AtomicWriter(path, table_of(name), metadata, queue)
        yield opened
        queue.drain()
        for w in opened.values():
            w.close(metadata)
    except BaseException:
        try:
            queue.drain()  # no write may still be running on a writer being closed
        except Exception:
            pass
        for w in opened.values():
            w.abort()
        raise
    commit(out_dir, [(w.tmp, w.path) for w in opened.values()])


class Digest:
    """Fingerprint of the documents of a run: every table derived from them carries it."""

    def __init__(self):
        self.hash = hashlib.blake2b(digest_size=16)

    def update(self, documents: pd.DataFrame | pa.Table):
        """Hashes f"{doc_id}\\0{text}\\0" of each document, in order."""
        if isinstance(documents, pa.Table) and self.update_arrow(documents):
            return
        column = (lambda c: documents.column(c).to_pylist()) if isinstance(documents, pa.Table) else (lambda c: documents[c].tolist())
        for doc_id, text in zip(column("doc_id"), column("text")):
            self.hash.update(f"{doc_id}\x00{text}\x00".encode("utf-8", errors="replace"))

    def update_arrow(self, documents: pa.Table) -> bool:
        """The same bytes from Arrow's UTF-8 buffers, without a Python string per document (an
        incremental run hashes every copied row group): doc_id, text and '' joined by '\\0' is
        "{doc_id}\\0{text}\\0", and the rows' values lie end to end in the joined array's data
        buffer. False (nothing hashed) when a value is null, which the f-string writes 'None', or
        the columns are not plain Arrow strings."""
        doc_id, text = documents.column("doc_id"), documents.column("text")
        if not len(documents):
            return True
        if doc_id.null_count or text.null_count or not (doc_id.type == text.type == pa.string()):
            return False
        joined = pc.binary_join_element_wise(doc_id, text, "", "\x00").combine_chunks()
        offsets = np.frombuffer(joined.buffers()[1], dtype=np.int32)[joined.offset:joined.offset + len(joined) + 1]
        self.hash.update(memoryview(joined.buffers()[2])[offsets[0]:offsets[-1]])
        return True

    def hexdigest(self) -> str:
        return self.hash.hexdigest()


DIGEST_KEY = "documents_digest"


def metadata(out_dir, name) -> dict:
    """Footer key-value metadata of a written table, as strings."""
    return splice.key_value_strings(pq.ParquetFile(table_path(out_dir, name)).metadata.metadata)


def lineage(out_dir, names):
    """The documents digest shared by the named tables (None if none records one).

    Refuses tables made from different documents: a stage must not join row groups of two runs.
    """
    return shared_digest(out_dir, {n: metadata(out_dir, n).get(DIGEST_KEY) for n in names})


def shared_digest(out_dir, digests: dict):
    """lineage of tables whose digests are known: table -> its digest (or None)."""
    found = {d for d in digests.values() if d}
    if len(found) > 1:
        groups = " | ".join(", ".join(n for n in digests if digests[n] == d) for d in sorted(found))
        raise InputError(f"tables in {out_dir} were made from different documents ({groups}); re-run from clean")
    return next(iter(found), None)


def aligned_batches(out_dir, names):
    """Yields {name: DataFrame} for row group i of each named table, i = 0, 1, ...

    Checks at once (not at the first batch) that the tables exist and come from one run.
    """
    files = {}
    for name in names:
        path = table_path(out_dir, name)
        if not path.exists():
            raise InputError(f"{path} is missing: run the stage that writes {name!r} first")
        files[name] = pq.ParquetFile(path)
    counts = {n: f.num_row_groups for n, f in files.items()}
    if len(set(counts.values())) > 1:
        raise InputError(f"tables in {out_dir} come from different runs (row groups: {counts}); re-run from clean")
    lineage(out_dir, names)
    groups = range(next(iter(counts.values()), 0))
    return ({n: f.read_row_group(i).to_pandas() for n, f in files.items()} for i in groups)


def read_table(out_dir, name) -> pd.DataFrame:
    return pq.read_table(table_path(out_dir, name)).to_pandas()


def warn(message):
    print(message, file=sys.stderr)
