"""A minimal PDF writer for tests: lines of text per page in base-14 Helvetica, optionally RC4-encrypted."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass

PAGE_WIDTH = 595
PAGE_HEIGHT = 842

# The 32-byte padding string of the PDF standard security handler (ISO 32000-1, 7.6.3.3).
_PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


@dataclass(frozen=True)
class Line:
    """One line of text on a page; `gap` adds blank space above it (in line heights)."""

    text: str
    size: float = 10.0
    bold: bool = False
    x: float = 72.0
    gap: float = 0.0


PageSpec = Sequence[str | Line]


def make_pdf(
    pages: Sequence[PageSpec],
    *,
    user_password: str | None = None,
    owner_password: str = "eigenaar",
    header: str | None = None,
    footer: str | None = None,
) -> bytes:
    """Return the bytes of a PDF with the given lines per page.

    A plain string is a line in 10 pt Helvetica; an empty string leaves a blank line. `header` and `footer`
    are printed at the top and bottom of every page; "{page}" and "{pages}" in them are filled in.
    With `user_password` the file is encrypted (standard security handler, RC4 40-bit, revision 2).
    """
    total = len(pages)
    objects: dict[int, bytes] = {}
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    streams: dict[int, bytes] = {}
    kids: list[int] = []
    number = 5
    for index, spec in enumerate(pages, start=1):
        page_obj, content_obj = number, number + 1
        number += 2
        kids.append(page_obj)
        lines = [Line(x) if isinstance(x, str) else x for x in spec]
        if header is not None:
            lines = [Line(header.format(page=index, pages=total), size=8), Line("", size=8), *lines]
        body = _content(lines, footer.format(page=index, pages=total) if footer is not None else None)
        objects[page_obj] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_obj} 0 R >>"
        ).encode()
        streams[content_obj] = body
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    )

    file_id = hashlib.md5(repr(pages).encode()).digest()
    encrypt_obj: int | None = None
    key = b""
    if user_password is not None:
        encrypt_obj = number
        owner_entry, user_entry, key = _security(user_password, owner_password, file_id)
        objects[encrypt_obj] = (
            b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <"
            + owner_entry.hex().encode()
            + b"> /U <"
            + user_entry.hex().encode()
            + b"> >>"
        )
    for obj, data in streams.items():
        if key:
            data = _rc4(_object_key(key, obj), data)
        objects[obj] = f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for obj in sorted(objects):
        offsets[obj] = len(out)
        out += f"{obj} 0 obj\n".encode() + objects[obj] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n".encode() + b"0000000000 65535 f \n"
    for obj in range(1, size):
        out += f"{offsets[obj]:010d} 00000 n \n".encode()
    trailer = f"<< /Size {size} /Root 1 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>]"
    if encrypt_obj is not None:
        trailer += f" /Encrypt {encrypt_obj} 0 R"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_blank_pdf(pages: int = 1) -> bytes:
    """Return a PDF whose pages hold only a drawn rectangle, like a scan without text."""
    return make_pdf([[] for _ in range(pages)]).replace(b"BT\nET", b"72 72 200 300 re f")


def _content(lines: list[Line], footer: str | None) -> bytes:
    parts = ["BT"]
    y = PAGE_HEIGHT - 60.0
    for line in lines:
        y -= line.gap * line.size * 1.25
        if line.text:
            font = "/F2" if line.bold else "/F1"
            parts.append(f"{font} {line.size:g} Tf 1 0 0 1 {line.x:g} {y:.2f} Tm ({_escape(line.text)}) Tj")
        y -= line.size * 1.25
    if footer is not None:
        parts.append(f"/F1 8 Tf 1 0 0 1 72 40 Tm ({_escape(footer)}) Tj")
    parts.append("ET")
    return "\n".join(parts).encode("latin-1")


def _escape(text: str) -> str:
    raw = text.encode("cp1252").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _security(user: str, owner: str, file_id: bytes) -> tuple[bytes, bytes, bytes]:
    """The /O and /U entries and the file key (algorithms 2, 3 and 4 of ISO 32000-1, revision 2)."""
    owner_key = hashlib.md5(_pad(owner)).digest()[:5]
    owner_entry = _rc4(owner_key, _pad(user))
    digest = hashlib.md5(_pad(user) + owner_entry + struct.pack("<i", -44) + file_id).digest()
    key = digest[:5]
    return owner_entry, _rc4(key, _PADDING), key


def _pad(password: str) -> bytes:
    return (password.encode("latin-1") + _PADDING)[:32]


def _object_key(key: bytes, obj: int) -> bytes:
    return hashlib.md5(key + struct.pack("<i", obj)[:3] + b"\x00\x00").digest()[: len(key) + 5]


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)
