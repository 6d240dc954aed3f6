"""What an incremental run knows of the previous run, per document, held in arrays.

The previous run's `doc_keys` table says, for every document, its key, its row group and what the
first pass computed of its text. Held in Python dicts, that took ~870 bytes a document in the
run's parent (+87 MB at 99 000 documents), and again in every forked worker: a lookup touches
the reference counts of the objects it reads, which copies their pages into the worker. Here
the columns are Arrow and numpy arrays, no Python object per document, and a document is found
through sorted 64-bit hashes (`HashRows`), a batch of documents at once where the callers can.
At 99 000 documents the parent grows by 27 MB instead of 87, and the parent and two forked
workers that looked every document up hold 211 MB (PSS) instead of 324.
"""
import hashlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def hash64(data: bytes) -> int:
    """A signed 64-bit hash, the same in every process (unlike hash()): numpy's int64 compares
    with a Python int without converting the array."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


def id_hash(doc_id: str) -> int:
    return hash64(doc_id.encode("utf-8", errors="surrogatepass"))


def leading64(digest: bytes) -> int:
    """The first 8 bytes of a digest (already a hash), as hash64 gives them."""
    return int.from_bytes(digest[:8], "little", signed=True)


CHUNK = 65_536  # rows turned into Python objects at a time, while hashing: a bounded transient


def hashes(array, hash_of) -> np.ndarray:
    """hash_of each value of an Arrow array (or chunked array), as int64."""
    out = np.empty(len(array), np.int64)
    for start in range(0, len(array), CHUNK):
        part = array.slice(start, CHUNK).to_pylist()
        out[start:start + len(part)] = np.fromiter(map(hash_of, part), np.int64, len(part))
    return out


class HashRows:
    """Row numbers by a 64-bit hash: the hashes sorted, and the row of each (12 bytes a row).
    Two rows may share a hash: the caller checks the row's own value."""

    def __init__(self, hashes: np.ndarray):
        order = np.argsort(hashes, kind="stable")
        self.sorted = hashes[order]
        self.order = order.astype(np.int32) if len(order) < 2**31 else order

    def rows(self, h: int):
        i = int(self.sorted.searchsorted(h))
        while i < len(self.sorted) and self.sorted[i] == h:
            yield int(self.order[i])
            i += 1

    def first_rows(self, hs: np.ndarray) -> np.ndarray:
        """The first row of each hash, -1 where there is none: a batch at once."""
        if not len(self.sorted):
            return np.full(len(hs), -1)
        at = np.minimum(self.sorted.searchsorted(hs), len(self.sorted) - 1)
        return np.where(self.sorted[at] == hs, self.order[at], -1)


def verified(first: np.ndarray, values: list, column: pa.Array) -> np.ndarray:
    """Which first candidates hold the value looked for, in a batch."""
    found = first >= 0
    if not found.any():
        return found
    taken = column.take(pa.array(np.where(found, first, 0)))
    return found & pc.equal(taken, pa.array(values, column.type)).to_numpy(zero_copy_only=False)


DIGEST = 16  # bytes of a text hash (nlp.text_hash) and of a text key (io.text_key)


def digests(array: pa.Array) -> np.ndarray:
    """A binary array of 16-byte values as an (n, 16) uint8 array, without a copy."""
    if array.null_count or (len(array) and pc.min_max(pc.binary_length(array)).as_py() != {"min": DIGEST, "max": DIGEST}):
        raise ValueError("not all 16-byte digests")
    start = int(np.frombuffer(array.buffers()[1], np.int32)[array.offset]) if len(array) else 0
    return np.frombuffer(array.buffers()[2] or b"", np.uint8, DIGEST * len(array), start).reshape(-1, DIGEST)


def halves(digest: bytes) -> tuple[int, int]:
    return leading64(digest), int.from_bytes(digest[8:DIGEST], "little", signed=True)


class KnownTexts:
    """text hash -> (text key, line hashes) of the previous run's texts (runner.FirstPass), as
    a dict's `get` would answer. A text hash is 16 bytes: its first 8 find the row, its last 8
    confirm it."""

    def __init__(self, text_hashes: pa.ChunkedArray, text_keys: pa.ChunkedArray, line_hashes: pa.ChunkedArray):
        both = np.concatenate([digests(c) for c in text_hashes.chunks] or [np.empty((0, DIGEST), np.uint8)])
        both = both.view("<i8")  # (n, 2): the leading and the trailing 8 bytes of each
        self.by_hash, self.trailing = HashRows(both[:, 0].copy()), both[:, 1].copy()
        self.text_keys = np.concatenate([digests(c) for c in text_keys.chunks] or [np.empty((0, DIGEST), np.uint8)])
        self.line_values = np.concatenate([np.zeros(0, np.uint64)]
                                          + [c.flatten().to_numpy(zero_copy_only=False) for c in line_hashes.chunks])
        lengths = [pc.list_value_length(c).to_numpy(zero_copy_only=False) for c in line_hashes.chunks]
        self.line_offsets = np.concatenate([[0], np.cumsum(np.concatenate(lengths or [np.zeros(0, np.int32)]))])

    def __len__(self):
        return len(self.trailing)

    def get(self, text_hash: bytes):
        if len(text_hash) == DIGEST:
            lead, trail = halves(text_hash)
            for row in self.by_hash.rows(lead):
                if self.trailing[row] == trail:
                    return self.at(row)
        return None

    def at(self, row):
        start, stop = self.line_offsets[row], self.line_offsets[row + 1]
        return self.text_keys[row].tobytes(), self.line_values[start:stop].tolist()

    def get_many(self, text_hashes: list[bytes]) -> list:
        """[get(h) for h in text_hashes], a batch at once."""
        if any(len(h) != DIGEST for h in text_hashes):
            return [self.get(h) for h in text_hashes]
        both = np.frombuffer(b"".join(text_hashes), "<i8").reshape(-1, 2)
        first = self.by_hash.first_rows(both[:, 0])
        ok = (first >= 0) & (self.trailing[first] == both[:, 1])
        # a first candidate that is not the text: another text with the same leading 8 bytes
        return [self.at(r) if good else (self.get(h) if r >= 0 else None)
                for h, r, good in zip(text_hashes, first.tolist(), ok)]


class ReuseIndex:
    """What a worker needs to know of the previous run: each document's key and row group, the
    documents a stage rejected (processed again), and the first pass's results (`known`)."""

    def __init__(self, doc_ids: pa.Array, keys: pa.Array, group_sizes: list, rejected: set,
                 known: KnownTexts | None = None):
        self.doc_ids, self.keys, self.rejected, self.known = doc_ids, keys, rejected, known
        self.starts = np.cumsum([0, *group_sizes])  # the first row of each row group, and the end
        self.by_id = HashRows(hashes(doc_ids, id_hash))

    @classmethod
    def of(cls, groups: list[list[str]], keys: list[list[str]], rejected=(), known=None):
        """From each row group's doc ids and keys (Python lists)."""
        return cls(pa.array([d for g in groups for d in g], pa.string()),
                   pa.array([k for g in keys for k in g], pa.string()), [len(g) for g in groups], set(rejected), known)

    @classmethod
    def read(cls, doc_keys: pq.ParquetFile, rejected: set):
        """From a previous run's doc_keys; `known` is None when it lacks the first pass's columns.
        One column at a time: what the reader holds meanwhile is one column's."""
        column = lambda name: doc_keys.read(columns=[name], use_threads=False).column(0)  # noqa: E731
        sizes = [doc_keys.metadata.row_group(g).num_rows for g in range(doc_keys.num_row_groups)]
        known = None
        if {"text_hash", "text_key", "line_hashes"} <= set(doc_keys.schema_arrow.names):
            try:
                known = KnownTexts(column("text_hash"), column("text_key"), column("line_hashes"))
            except ValueError:  # not the digests this version writes: computed again
                known = None
        index = cls(column("doc_id"), column("key"), sizes, rejected, known)
        # what reading took and gave back stays with Arrow's allocator (mimalloc) otherwise:
        # ~30 MB at 100 000 documents, in the parent, before the workers fork from it
        pa.default_memory_pool().release_unused()
        return index

    def __len__(self):
        return len(self.doc_ids)

    @property
    def group_sizes(self) -> list:
        return np.diff(self.starts).tolist()

    def ids_of(self, g) -> list:
        """The doc ids of row group g, in order."""
        return self.doc_ids.slice(self.starts[g], self.starts[g + 1] - self.starts[g]).to_pylist()

    def rows_of(self, doc_ids: list[str]) -> np.ndarray:
        """The row of each document, -1 for one the previous run did not have: a batch at once."""
        first = self.by_id.first_rows(np.fromiter(map(id_hash, doc_ids), np.int64, len(doc_ids)))
        ok = verified(first, doc_ids, self.doc_ids)
        rows = np.where(ok, first, -1)
        for i in np.flatnonzero((first >= 0) & ~ok):  # another id with the same hash came first
            rows[i] = next((r for r in self.by_id.rows(id_hash(doc_ids[i]))
                            if self.doc_ids[r].as_py() == doc_ids[i]), -1)
        return rows

    def row_groups(self, doc_ids: list[str]) -> list:
        """The row group where the previous run put each document, changed or not (None: new)."""
        rows = self.rows_of(doc_ids)
        return [g if r >= 0 else None for r, g in zip(rows.tolist(), self.row_groups_at(rows))]

    def row_group(self, doc_id):
        return self.row_groups([doc_id])[0]

    def groups_of(self, doc_ids: list[str], keys: list[str]) -> list:
        """The row group holding each document's rows if its key is unchanged, else None."""
        rows = self.rows_of(doc_ids)
        same = verified(rows, keys, self.keys).tolist()
        return [g if ok and d not in self.rejected else None
                for d, g, ok in zip(doc_ids, self.row_groups_at(rows), same)]

    def group_of(self, doc_id, key):
        return self.groups_of([doc_id], [key])[0]

    def row_groups_at(self, rows: np.ndarray) -> list:
        return (self.starts.searchsorted(rows, side="right") - 1).tolist()
