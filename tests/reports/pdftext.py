"""Just enough PDF text extraction to read what fpdf2 writes (no PDF library is a
dependency): each page's content stream, each ``Tj`` string decoded through its
font's ToUnicode map. One line per string drawn."""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_LITERAL = rb"\(((?:\\.|[^\\)])*)\)"
_DRAW = re.compile(
    rb"/(F\d+) [\d.]+ Tf|" + _LITERAL + rb" Tj|\[((?:\s*(?:" + _LITERAL + rb"|-?[\d.]+))*)\s*\] TJ",
    re.S,
)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
_SIMPLE = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _stream(body: bytes) -> bytes:
    found = _STREAM.search(body)
    assert found is not None
    data = found.group(1)
    # By its /Length: compressed data may itself end in \r, which the line end
    # before endstream would otherwise swallow.
    length = re.search(rb"/Length (\d+)\b(?! 0 R)", body)
    if length is not None:
        data = body[found.start(1) : found.start(1) + int(length.group(1))]
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _cmap(data: bytes) -> dict[int, str]:
    pairs = re.findall(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>", data)
    return {int(code, 16): bytes.fromhex(uni.decode()).decode("utf-16-be") for code, uni in pairs}


def _unescape(literal: bytes) -> bytes:
    def one(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8)])
        return _SIMPLE.get(code, code)

    return _ESCAPE.sub(one, literal)


def pdf_text(data: bytes) -> str:
    objects = {int(n): body for n, body in _OBJECT.findall(data)}
    maps: dict[bytes, dict[int, str] | None] = {}
    for body in objects.values():
        fonts = re.search(rb"/Font\s*<<(.*?)>>", body, re.S)
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", fonts.group(1) if fonts else b""):
            unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(ref)])
            maps[name] = _cmap(_stream(objects[int(unicode.group(1))])) if unicode else None
    lines: list[str] = []
    for body in objects.values():
        page = re.search(rb"/Contents (\d+) 0 R", body)
        if page is None or b"/Type /Page\n" not in body + b"\n":
            continue
        font: dict[int, str] | None = None
        for draw in _DRAW.finditer(_stream(objects[int(page.group(1))])):
            name, literal, array = draw.group(1), draw.group(2), draw.group(3)
            if name:
                font = maps.get(name)
                continue
            if array is not None:  # justified text: strings between kerning numbers
                literal = b"".join(m.group(1) for m in re.finditer(_LITERAL, array, re.S))
            raw = _unescape(literal)
            if font is None:
                lines.append(raw.decode("latin-1"))
            else:
                codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
                lines.append("".join(font.get(c, "?") for c in codes))
    return "\n".join(lines)
