"""Writes a small Parquet file with the standard library, so Parquet uploads can be tested
without pyarrow: one row group, REQUIRED columns, PLAIN encoding, no compression, and the
footer in Thrift's compact protocol (the layout of the Parquet format specification).

Column types: ``int`` → INT64, ``str`` → BYTE_ARRAY annotated UTF8, ``float`` → DOUBLE,
``bool`` → BOOLEAN (bit-packed, as PLAIN booleans are).
"""

import struct

# Thrift compact protocol field types.
_I32, _I64, _BINARY, _LIST, _STRUCT = 5, 6, 8, 9, 12
# Parquet enums.
_BOOLEAN, _INT64, _DOUBLE, _BYTE_ARRAY = 0, 2, 5, 6
_REQUIRED, _UTF8, _PLAIN, _RLE, _UNCOMPRESSED, _DATA_PAGE = 0, 0, 0, 3, 0, 0


def _varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _zigzag(n):
    return _varint((n << 1) ^ (n >> 63))


class _Struct:
    """A Thrift compact-protocol struct, fields written in increasing id order."""

    def __init__(self):
        self._out = bytearray()
        self._last = 0

    def _header(self, field_id, field_type):
        delta = field_id - self._last
        assert 0 < delta <= 15
        self._out.append((delta << 4) | field_type)
        self._last = field_id

    def i32(self, field_id, value):
        self._header(field_id, _I32)
        self._out += _zigzag(value)
        return self

    def i64(self, field_id, value):
        self._header(field_id, _I64)
        self._out += _zigzag(value)
        return self

    def string(self, field_id, value):
        data = value.encode("utf-8")
        self._header(field_id, _BINARY)
        self._out += _varint(len(data)) + data
        return self

    def struct(self, field_id, value):
        self._header(field_id, _STRUCT)
        self._out += value.bytes()
        return self

    def list(self, field_id, element_type, items):
        self._header(field_id, _LIST)
        size = len(items)
        self._out += bytes([(size << 4) | element_type]) if size < 15 else bytes([0xF0 | element_type]) + _varint(size)
        for item in items:
            if element_type == _STRUCT:
                self._out += item.bytes()
            elif element_type == _BINARY:
                data = item.encode("utf-8")
                self._out += _varint(len(data)) + data
            else:
                self._out += _zigzag(item)
        return self

    def bytes(self):
        return bytes(self._out) + b"\x00"


def _physical(values):
    sample = values[0]
    if isinstance(sample, bool):
        bits = bytearray((len(values) + 7) // 8)
        for i, v in enumerate(values):
            if v:
                bits[i // 8] |= 1 << (i % 8)
        return _BOOLEAN, None, bytes(bits)
    if isinstance(sample, int):
        return _INT64, None, b"".join(struct.pack("<q", v) for v in values)
    if isinstance(sample, float):
        return _DOUBLE, None, b"".join(struct.pack("<d", v) for v in values)
    data = [v.encode("utf-8") for v in values]
    return _BYTE_ARRAY, _UTF8, b"".join(struct.pack("<i", len(d)) + d for d in data)


def write_parquet(path, columns):
    """Writes ``columns`` (an ordered dict of name → list of values, no None) as a Parquet file."""
    names = list(columns)
    num_rows = len(columns[names[0]])
    out = bytearray(b"PAR1")
    schema = [_Struct().string(4, "schema").i32(5, len(names))]
    chunks = []
    total = 0
    for name in names:
        physical, converted, data = _physical(columns[name])
        element = _Struct().i32(1, physical).i32(3, _REQUIRED).string(4, name)
        if converted is not None:
            element.i32(6, converted)
        schema.append(element)
        page_header = (_Struct().i32(1, _DATA_PAGE).i32(2, len(data)).i32(3, len(data))
                       .struct(5, _Struct().i32(1, num_rows).i32(2, _PLAIN).i32(3, _RLE).i32(4, _RLE)).bytes())
        offset = len(out)
        out += page_header + data
        size = len(page_header) + len(data)
        total += size
        metadata = (_Struct().i32(1, physical).list(2, _I32, [_PLAIN, _RLE]).list(3, _BINARY, [name])
                    .i32(4, _UNCOMPRESSED).i64(5, num_rows).i64(6, size).i64(7, size).i64(9, offset))
        chunks.append(_Struct().i64(2, offset).struct(3, metadata))
    row_group = _Struct().list(1, _STRUCT, chunks).i64(2, total).i64(3, num_rows)
    footer = (_Struct().i32(1, 1).list(2, _STRUCT, schema).i64(3, num_rows).list(4, _STRUCT, [row_group])
              .string(6, "streamsql python client tests").bytes())
    out += footer + struct.pack("<i", len(footer)) + b"PAR1"
    with open(path, "wb") as f:
        f.write(out)
    return path
