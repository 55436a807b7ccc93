"""Hostile and pathological files, built in the test: lying zips, bombs, deep and huge XML, DOCTYPEs, macros."""

from __future__ import annotations

import io
import zipfile
import zlib

from .builders import replace_member, simple_docx, understate_size
from .pdfmaker import make_pdf

CLAUSE = "De opdrachtnemer leeft de fundamentele arbeidsnormen van de IAO na."
W_BODY = b"<w:body>"


def member(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def with_body(extra: bytes, *, compresslevel: int = 6) -> bytes:
    """A .docx whose body starts with `extra` (raw WordprocessingML), written with a fast deflate when large."""
    base = simple_docx(CLAUSE)
    document = member(base, "word/document.xml").replace(W_BODY, W_BODY + extra, 1)
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        for info in source.infolist():
            content = document if info.filename == "word/document.xml" else source.read(info.filename)
            archive.writestr(info.filename, content)
    return out.getvalue()


def short_paragraphs(count: int) -> bytes:
    """A real .docx of `count` short paragraphs, as Word writes a long list (it compresses very well)."""
    return with_body(b"<w:p><w:r><w:t>Zie bijlage.</w:t></w:r></w:p>" * count, compresslevel=9)


def lying_sizes() -> bytes:
    """A .docx whose document.xml holds 12 MB of paragraphs while the central directory says a few kB."""
    small = member(simple_docx(CLAUSE), "word/document.xml")
    padded = small.replace(b"</w:body>", b"<w:p/>" * 2_000_000 + b"</w:body>")
    data = replace_member(simple_docx(CLAUSE), "word/document.xml", padded)
    return understate_size(data, "word/document.xml", len(small))


def huge_xml(megabytes: int) -> bytes:
    """A small .docx whose document.xml inflates to `megabytes` MB of paragraphs (a few MB compressed)."""
    paragraph = b"<w:p><w:r><w:t>Alinea.</w:t></w:r></w:p>"
    return with_body(paragraph * (megabytes * 1024 * 1024 // len(paragraph)), compresslevel=1)


def deep_xml(depth: int = 100_000) -> bytes:
    """A .docx whose body nests `depth` smart tags inside each other."""
    return with_body(b"<w:smartTag>" * depth + b"</w:smartTag>" * depth)


def with_doctype(part: str, doctype: bytes) -> bytes:
    """A .docx with `doctype` after the XML declaration of `part`."""
    data = simple_docx(CLAUSE)
    content = member(data, part)
    head, mark, rest = content.partition(b"?>")
    return replace_member(data, part, head + mark + doctype + rest)


def docm() -> bytes:
    """A macro-enabled Word document (.docm): its main part's content type and a VBA project."""
    data = simple_docx(CLAUSE)
    types = member(data, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    data = replace_member(data, "[Content_Types].xml", types)
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(2048))
    return out.getvalue()


def vba_only() -> bytes:
    """A .docx with the ordinary content type that still carries a VBA project."""
    out = io.BytesIO(simple_docx(CLAUSE))
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(2048))
    return out.getvalue()


def flate_bomb_pdf(megabytes: int) -> bytes:
    """A PDF whose page content stream inflates to `megabytes` MB of spaces (about 1 MB for 1 GB)."""
    pdf = make_pdf([[CLAUSE]])
    deflate = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    # after a full flush the compressor starts afresh, so every further megabyte deflates to the same bytes
    first = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    body = first + again * (megabytes - 1)
    body += deflate.compress(b"BT /F1 10 Tf 72 700 Td (Bom) Tj ET") + deflate.flush()
    start = pdf.index(b"6 0 obj")
    end = pdf.index(b"endobj", start) + len(b"endobj")
    stream = b"6 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream\nendobj"
    return pdf[:start] + stream + pdf[end:]  # the cross-reference table is off now: readers rebuild it


def page_tree_loop_pdf() -> bytes:
    """A PDF whose page tree lists itself as its only kid."""
    pdf = make_pdf([[CLAUSE]])
    looped = pdf.replace(b"/Kids [5 0 R]", b"/Kids [2 0 R]")
    assert looped != pdf
    return looped
