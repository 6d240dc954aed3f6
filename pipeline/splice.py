"""Parquet files -> Parquet file: one made of another file's row groups and new ones, without
decoding or encoding a single page.

An incremental run keeps most of the previous run's row groups as they are. Rather than reading
and writing them again (decompress, decode, encode, compress: most of such a run's cost), the new
file is the previous file's bytes, then the new row groups' bytes, then a footer that lists the
row groups in their new order. Parquet allows it: a footer locates every column chunk by its byte
offset, and row groups need not lie in the file in the order the footer lists them. Row groups
the new footer leaves out stay in the file as unreferenced bytes (`Footer.dead_bytes`) until a
run rewrites the file whole.

The footer is Thrift's compact protocol. It is walked, not decoded: row groups are copied as
the bytes they are, so every field survives, known to this module or not, and only the offsets
of the new row groups (which move by the length of the old data) and the row count are written
anew. Field ids are parquet.thrift's.
"""
import os
import struct

import pyarrow as pa
import pyarrow.parquet as pq

MAGIC = b"PAR1"

# compact protocol types
STOP, TRUE, FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT = range(13)

# parquet.thrift field ids
FILE_SCHEMA, FILE_NUM_ROWS, FILE_ROW_GROUPS = 2, 3, 4
GROUP_COLUMNS, GROUP_NUM_ROWS, GROUP_COMPRESSED, GROUP_ORDINAL = 1, 3, 6, 7
CHUNK_FILE_OFFSET = 2  # deprecated; writers that leave it 0 mean "unset"

SHIFT, READ = "shift", "read"
# where a row group holds byte offsets into its file: FileMetaData.row_groups[] ->
# RowGroup.file_offset, and its ColumnChunks' offsets and ColumnMetaData's page offsets
COLUMN_META_OFFSETS = {9: SHIFT, 10: SHIFT, 11: SHIFT, 14: SHIFT}  # data, index, dictionary page; bloom filter
CHUNK_OFFSETS = {CHUNK_FILE_OFFSET: SHIFT, 3: COLUMN_META_OFFSETS, 4: SHIFT, 6: SHIFT}  # offset and column index
GROUP_OFFSETS = {GROUP_COLUMNS: [CHUNK_OFFSETS], 5: SHIFT}
GROUP_COUNTS = {GROUP_NUM_ROWS: READ, GROUP_COMPRESSED: READ, GROUP_ORDINAL: READ}  # in this order


class FooterError(ValueError):
    pass


# ---------------------------------------------------------------- compact protocol

def _varint(buf, p):
    shift = out = 0
    while True:
        b = buf[p]
        p += 1
        out |= (b & 0x7F) << shift
        if b < 0x80:
            return out, p
        shift += 7


def _signed(buf, p):
    n, p = _varint(buf, p)
    return (n >> 1) ^ -(n & 1), p


def _put_unsigned(n, out: bytearray):
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _put_signed(n, out: bytearray):
    _put_unsigned((n << 1) ^ (n >> 63), out)  # zigzag


def _list_head(buf, p):
    """(element type, size, where the elements start) of the list at p."""
    head = buf[p]
    if head >> 4 == 15:
        n, q = _varint(buf, p + 1)
        return head & 0x0F, n, q
    return head & 0x0F, head >> 4, p + 1


def _field_head(buf, p, last):
    """(field id, type, where the value starts) of the field header at p; type STOP ends a struct."""
    head = buf[p]
    if head >> 4:
        return last + (head >> 4), head & 0x0F, p + 1
    if head == STOP:
        return 0, STOP, p + 1
    fid, q = _signed(buf, p + 1)
    return fid, head & 0x0F, q


def _skip(buf, kind, p):
    """The end of a value of `kind` starting at p (a bool field has none: its type is its value)."""
    if I16 <= kind <= I64:
        while buf[p] & 0x80:
            p += 1
        return p + 1
    if kind == BINARY:
        n, p = _varint(buf, p)
        return p + n
    if kind == STRUCT:
        return _skip_struct(buf, p)
    if kind in (LIST, SET):
        elem, n, p = _list_head(buf, p)
        if elem in (TRUE, FALSE):
            return p + n  # a bool inside a list is a byte of its own
        for _ in range(n):
            p = _skip(buf, elem, p)
        return p
    if kind in (TRUE, FALSE):
        return p
    if kind == BYTE:
        return p + 1
    if kind == DOUBLE:
        return p + 8
    raise FooterError(f"Thrift type {kind} is not in Parquet footers")


def _skip_struct(buf, p):
    """The end of the struct at p: _walk with an empty plan, unrolled for the common fields (a
    footer of 10 000 documents' tables holds ~600 000), where a call each would cost most."""
    while True:
        head = buf[p]
        p += 1
        kind = head & 0x0F
        if not head >> 4:
            if kind == STOP:
                return p
            while buf[p] & 0x80:  # a long field id
                p += 1
            p += 1
        if I16 <= kind <= I64:
            while buf[p] & 0x80:
                p += 1
            p += 1
        elif kind == BINARY and buf[p] < 0x80:
            p += 1 + buf[p]
        elif kind not in (TRUE, FALSE):
            p = _skip(buf, kind, p)


def _walk(buf, p, plan: dict, by=0, out: bytearray | None = None, found: dict | None = None) -> int:
    """The end of the struct at p. Puts the integer fields `plan` names READ into `found`; with
    `out`, copies the struct there, adding `by` to the integer fields it names SHIFT and walking
    into the structs (a plan) and lists of structs ([plan]) it names."""
    copied, last = p, 0
    while True:
        fid, kind, p = _field_head(buf, p, last)
        if kind == STOP:
            break
        last = fid
        action = plan.get(fid)
        if action is READ and I16 <= kind <= I64:
            found[fid] = _signed(buf, p)[0]
        if action is None or action is READ:
            p = _skip(buf, kind, p)
            continue
        out += buf[copied:p]
        if action is SHIFT:
            value, p = _signed(buf, p)
            if value or fid != CHUNK_FILE_OFFSET:
                value += by
            _put_signed(value, out)
        elif isinstance(action, dict):
            p = _walk(buf, p, action, by, out)
        else:
            elem, n, q = _list_head(buf, p)
            out += buf[p:q]
            p = q
            for _ in range(n):
                p = _walk(buf, p, action[0], by, out)
        copied = p
    if out is not None:
        out += buf[copied:p]
    return p


# ---------------------------------------------------------------- Parquet footers

class RowGroup:
    """One row group of a footer: where its bytes lie there, and the counts a splice needs."""

    __slots__ = ("start", "end", "num_rows", "compressed", "ordinal")  # one per row group and table

    def __init__(self, buf, start):
        """Walks the row group at `start` of buf (to its end, `self.end`)."""
        self.start = start
        found = {}
        self.end = _walk(buf, start, GROUP_COUNTS, found=found)
        self.num_rows, self.compressed, self.ordinal = (found.get(f) for f in GROUP_COUNTS)


def shifted(buf, group: RowGroup, by: int) -> bytes:
    """The row group's bytes as they read once its data lies `by` bytes further into a file."""
    out = bytearray()
    _walk(buf, group.start, GROUP_OFFSETS, by, out)
    return bytes(out)


class Footer:
    """A Parquet file's footer, walked: its top-level fields (where each lies) and row groups.

    `release` lets its bytes go, keeping where each row group lies and its counts: an
    incremental run holds the footers of all the previous run's tables, ~290 bytes a document
    (~300 MB at 10^6), and reads a row group's bytes again from the file when it needs them
    (`read_at`: the file's own bytes at an offset, by default read through its path)."""

    def __init__(self, buf: bytes, data_end: int, size: int, read_at=None):
        self.buf, self.data_end, self.size, self.length = buf, data_end, size, len(buf)
        self.read_at = read_at
        self.fields, self.row_groups = [], []  # fields: (id, type, header bytes, value bytes or None)
        p, last = 0, 0
        while True:
            start = p
            fid, kind, p = _field_head(buf, p, last)
            if kind == STOP:
                break
            last = fid
            value_start = p
            if fid == FILE_ROW_GROUPS:
                _elem, n, p = _list_head(buf, p)
                for _ in range(n):
                    self.row_groups.append(RowGroup(buf, p))
                    p = self.row_groups[-1].end
                self.fields.append((fid, kind, buf[start:value_start], None))
            else:
                p = _skip(buf, kind, p)
                self.fields.append((fid, kind, buf[start:value_start], buf[value_start:p]))
        if p != len(buf):
            raise FooterError(f"the footer has {len(buf) - p} bytes after its end")

    @classmethod
    def read(cls, path) -> "Footer":
        with open(path, "rb") as f:
            size = f.seek(0, os.SEEK_END)
            if size < 12:
                raise FooterError(f"{path}: too short for Parquet")
            f.seek(size - 8)
            tail = f.read(8)
            n = struct.unpack("<i", tail[:4])[0]
            if tail[4:] != MAGIC or not 0 < n <= size - 12:
                raise FooterError(f"{path}: no Parquet footer")
            f.seek(size - 8 - n)
            try:
                return cls(f.read(n), size - 8 - n, size, _reader_of(path))
            except IndexError:
                raise FooterError(f"{path}: the footer ends inside a value") from None

    def release(self):
        self.buf = None

    def bytes(self) -> bytes:
        """The footer's bytes, read again from the file if released."""
        if self.buf is not None:
            return self.buf
        buf = self.read_at(self.data_end, self.length)
        if len(buf) != self.length:
            raise FooterError("the file is shorter than its footer said")
        return buf

    def group_bytes(self, g) -> bytes:
        group = self.row_groups[g]
        if self.buf is not None:
            return self.buf[group.start:group.end]
        return self.read_at(self.data_end + group.start, group.end - group.start)

    def field_bytes(self, fid) -> bytes:
        return next((head + value for f, _, head, value in self.fields if f == fid and value is not None), b"")

    def dead_bytes(self) -> int:
        """Bytes of the data region that no row group of the footer refers to."""
        live = sum(g.compressed or 0 for g in self.row_groups)
        return max(0, self.data_end - len(MAGIC) - live)

    def with_row_groups(self, groups: list[bytes], num_rows: int) -> bytes:
        """This footer's bytes with other row groups (encoded) and row count."""
        out = bytearray()
        for fid, kind, head, value in self.fields:
            out += head
            if fid == FILE_NUM_ROWS:
                _put_signed(num_rows, out)
            elif fid == FILE_ROW_GROUPS:
                if len(groups) < 15:
                    out.append(len(groups) << 4 | STRUCT)
                else:
                    out.append(0xF0 | STRUCT)
                    _put_unsigned(len(groups), out)
                for g in groups:
                    out += g
            else:
                out += value
        out.append(STOP)
        return bytes(out)

    def metadata_of(self, groups=()) -> pq.FileMetaData:
        """pyarrow's metadata of the file with only the listed row groups."""
        body = self.with_row_groups([self.group_bytes(g) for g in groups], sum(self.row_groups[g].num_rows for g in groups))
        return pq.read_metadata(pa.BufferReader(MAGIC + body + struct.pack("<i", len(body)) + MAGIC))

    def key_value_metadata(self) -> dict:
        """The footer's key-value metadata as strings, Arrow's schema left out (io.metadata)."""
        return key_value_strings(self.metadata_of().metadata)


def key_value_strings(meta: dict | None) -> dict:
    """pyarrow's key-value metadata (bytes) as strings, Arrow's own schema left out."""
    return {k.decode(): v.decode(errors="replace") for k, v in (meta or {}).items() if k != b"ARROW:schema"}


def _reader_of(path):
    def read_at(offset, n):
        with open(path, "rb") as f:
            f.seek(offset)
            return f.read(n)
    return read_at


class RowGroupReader:
    """A Parquet file read a row group at a time through its walked footer: pyarrow is given the
    footer of that row group alone. A pq.ParquetFile keeps the whole footer decoded while it is
    open, ~0.9 kB a column chunk: an incremental run kept its previous run's 26 tables open,
    215 MB at 99 000 documents (~2 GB at 10^6). Their walked footers took 29 MB, and released,
    keep ~4 MB: where each row group lies, its bytes read again when asked."""

    def __init__(self, path, footer: "Footer | None" = None):
        """`footer`: the file's, walked and released already (`walked_footers`)."""
        # opened now and kept open: a run replaces the file when it commits its tables
        self.source = pa.OSFile(str(path))
        self.path, self.footer = path, footer or Footer.read(path)
        self.footer.read_at = lambda offset, n: self.source.read_at(n, offset)
        self.footer.release()  # a row group's bytes are read again when asked

    @property
    def num_row_groups(self) -> int:
        return len(self.footer.row_groups)

    def num_rows(self, g) -> int:
        return self.footer.row_groups[g].num_rows

    def read_row_group(self, g, columns=None) -> pa.Table:
        one = pq.ParquetFile(self.source, metadata=self.footer.metadata_of([g]), pre_buffer=False)
        return one.read_row_group(0, columns=columns, use_threads=False)

    def close(self):
        self.source.close()


def walked_footers(paths: dict) -> dict:
    """name -> the walked and released Footer of each file (to be pickled: no `read_at`)."""
    footers = {name: Footer.read(path) for name, path in paths.items()}
    for f in footers.values():
        f.release()
        f.read_at = None
    return footers


# ---------------------------------------------------------------- splicing

def splice(old_path, new_paths, order, out_path, old_footer=None) -> int:
    """Writes out_path: the row groups named by `order`, each ("old", i), the i-th row group of
    old_path, or ("new", i), the i-th of the new file, or of the new files (a writer's parts)
    taken one after another. All must have one schema; the footer's other fields (key-value
    metadata, writer) are the last new file's. `old_footer`: old_path's, if read already.
    Returns its row count."""
    new_paths = [new_paths] if isinstance(new_paths, (str, os.PathLike)) else list(new_paths)
    footers = [old_footer or Footer.read(old_path)] + [Footer.read(p) for p in new_paths]
    new_groups = [(k, g) for k, f in enumerate(footers[1:], 1) for g in range(len(f.row_groups))]
    picked = [(0, i) if source == "old" else new_groups[i] for source, i in order]
    return _assemble([old_path] + new_paths, footers, picked, out_path)


def join(paths, out_path) -> int:
    """Writes out_path: the row groups of several files of one schema, file after file. The
    footer's other fields (key-value metadata, writer) are the last file's. Returns its row count."""
    footers = [Footer.read(p) for p in paths]
    return _assemble(paths, footers, [(k, g) for k, f in enumerate(footers) for g in range(len(f.row_groups))],
                     out_path)


def _assemble(paths, footers, picked, out_path) -> int:
    """The files' data one after another, then a footer listing the picked row groups, each
    (file, row group), in order. A picked row group of a later file is moved by the data before
    it; a row group nobody picked stays in the data, out of the footer, and is not walked."""
    _check_alike(paths, footers)
    shifts, shift = [], 0
    for f in footers:
        shifts.append(shift)
        shift += f.data_end - len(MAGIC)
    bufs, groups = {}, []  # bufs: each file's footer bytes, read once (a released footer reads them again)
    for k, g in picked:
        if k not in bufs:
            bufs[k] = footers[k].bytes()
        group = footers[k].row_groups[g]
        groups.append(shifted(bufs[k], group, shifts[k]) if shifts[k] else bufs[k][group.start:group.end])
    num_rows = sum(footers[k].row_groups[g].num_rows for k, g in picked)
    _write(out_path, paths, footers, footers[-1].with_row_groups(groups, num_rows))
    return num_rows


def _check_alike(paths, footers):
    for p, f in zip(paths, footers):
        if f.field_bytes(FILE_SCHEMA) != footers[-1].field_bytes(FILE_SCHEMA):
            raise FooterError(f"{p} and {paths[-1]} have different schemas")
        if any(g.ordinal is not None for g in f.row_groups):
            raise FooterError("row group ordinals (encrypted files) are not spliced")


def _write(out_path, paths, footers, footer: bytes):
    """The files' data one after another, then the footer. Only the footers were read: the
    pages are copied as bytes."""
    # unbuffered: copy_file_range moves the descriptors' offsets, which a buffer would not see
    with open(out_path, "wb", buffering=0) as out:
        out.write(MAGIC)
        for p, f in zip(paths, footers):
            with open(p, "rb", buffering=0) as src:
                src.seek(len(MAGIC))
                _copy(src, out, f.data_end - len(MAGIC))
        out.write(footer + struct.pack("<i", len(footer)) + MAGIC)


def _copy(src, dst, n):
    """n bytes from src's position to dst's: in the kernel when it can (copy_file_range), else
    through a buffer."""
    if hasattr(os, "copy_file_range"):
        try:
            while n > 0:
                done = os.copy_file_range(src.fileno(), dst.fileno(), n)
                if done == 0:
                    break
                n -= done
            if n == 0:
                return
        except OSError:
            pass  # another file system, or a kernel without it: copy through user space
    while n > 0:
        data = src.read(min(n, 1 << 20))
        if not data:
            raise FooterError("a Parquet file ended before its footer")
        dst.write(data)
        n -= len(data)
