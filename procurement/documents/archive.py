"""ZIP containers (.docx, .odt): members inflated by streaming within a byte budget, what no bestek holds refused."""

from __future__ import annotations

import io
import logging
import zipfile

from lxml import etree

from procurement.documents.model import UnreadableDocument

log = logging.getLogger(__name__)

MAX_MEMBERS = 5_000
MAX_DECLARED = 200 * 1024 * 1024  # all members together, as the central directory declares them
MAX_XML = 24 * 1024 * 1024  # all XML parts, counted while inflating whatever the headers say (300 pages: 1-3 MB)
BOMB_RATIO = 100  # inflated / file size: beyond this a refusal says "zip-bom"
CHUNK = 1 << 20
# Parts read as XML: OOXML parts and relationships, ODF's content, styles, meta and manifest.
XML_SUFFIXES = (".xml", ".rels", ".rdf")
DOCTYPE_MARKS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))

TOO_BIG = "Het bestand is te groot of te complex om te controleren: "
DOCTYPE = (
    "Het bestand bevat een DOCTYPE-declaratie in {part}. Een Word- of OpenDocument-bestand heeft die nooit nodig; "
    "ze kan verwijzen naar externe bestanden of entiteiten. Het bestand is daarom niet geopend. "
    "Open het in Word of LibreOffice, sla het opnieuw op en laad het nog eens op."
)
MACROS = (
    "Het bestand bevat macro's ({what}). Een bestek heeft geen macro's nodig; het bestand is daarom niet geopend. "
    "Sla het in Word op als gewoon Word-document (.docx) zonder macro's en laad het opnieuw op."
)
# the main part's content type of a macro-enabled Word document or template (.docm, .dotm)
MACRO_CONTENT_TYPE = b"macroenabled"
# LibreOffice keeps these index files in Basic/ and Scripts/ even when no macro is left
ODF_MACRO_INDEXES = {"script-lc.xml", "dialog-lc.xml", "script-xlb.xml", "dialog-xlb.xml", "manifest.xml"}


def open_zip(data: bytes, damaged: str) -> zipfile.ZipFile:
    """Open `data` as a ZIP archive after every check of `inspect` passed; `damaged` is the Dutch reason given
    when the archive itself is broken. The caller closes it."""
    archive = _open(data, damaged)
    try:
        inspect(archive, len(data), damaged)
    except BaseException:
        archive.close()
        raise
    return archive


def _open(data: bytes, damaged: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except MemoryError:
        raise
    except Exception as exc:  # zipfile raises many kinds of errors on damaged archives
        log.info("zip archive not readable: %s", type(exc).__name__)
        raise UnreadableDocument(damaged) from exc


def inspect(archive: zipfile.ZipFile, size: int, damaged: str) -> None:
    """Refuse archives with absurdly many members or too much content, macros, or a DOCTYPE in an XML part.

    Every XML part is inflated by streaming and counted as it comes (a lying header changes nothing); Python's
    zipfile never inflates a member beyond its declared size either, so the parsers that read the archive
    afterwards stay within what was counted here.
    """
    infos = archive.infolist()
    check_sizes(infos, size)
    check_macros(infos)
    budget = MAX_XML
    for info in infos:
        if info.is_dir() or not info.filename.lower().endswith(XML_SUFFIXES):
            continue
        data, budget = _inflate(archive, info, budget, size, damaged)
        if any(mark in data for mark in DOCTYPE_MARKS):
            log.warning("zip archive refused: DOCTYPE in an XML part")
            raise UnreadableDocument(DOCTYPE.format(part=info.filename[:80]))
        if info.filename == "[Content_Types].xml" and MACRO_CONTENT_TYPE in data.lower():
            raise UnreadableDocument(MACROS.format(what="een Word-document met macro's, .docm"))


def check_sizes(infos: list[zipfile.ZipInfo], size: int) -> None:
    """Refuse archives with absurdly many members or too much declared content."""
    if len(infos) > MAX_MEMBERS:
        log.warning("zip archive refused: %d members", len(infos))
        raise UnreadableDocument(
            f"{TOO_BIG}het bevat {len(infos):,} onderdelen (de grens is {MAX_MEMBERS:,}).".replace(",", ".")
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_DECLARED:
        log.warning("zip archive refused: %d bytes declared", total)
        raise UnreadableDocument(_too_much(total, size, f"uitgepakt zou het meer dan {_mb(MAX_DECLARED)} MB worden"))


def check_macros(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse macro-enabled packages by their members: a VBA project, LibreOffice Basic modules or scripts."""
    for info in infos:
        parts = info.filename.replace("\\", "/").lower().split("/")
        if parts[-1] == "vbaproject.bin" or parts[-1].startswith("vbadata"):
            raise UnreadableDocument(MACROS.format(what="een VBA-project"))
        if parts[0] in ("basic", "scripts") and len(parts) > 1 and parts[-1] and parts[-1] not in ODF_MACRO_INDEXES:
            raise UnreadableDocument(MACROS.format(what="LibreOffice-macro's"))


def _inflate(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, size: int, damaged: str
) -> tuple[bytes, int]:
    """The member's bytes, read a chunk at a time and refused as soon as they pass `budget`."""
    chunks: list[bytes] = []
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                budget -= len(chunk)
                if budget < 0:
                    log.warning("zip archive refused: XML parts over %d bytes", MAX_XML)
                    what = f"uitgepakt bevat het meer dan {_mb(MAX_XML)} MB XML"
                    raise UnreadableDocument(_too_much(MAX_XML + 1, size, what))
                chunks.append(chunk)
    except (UnreadableDocument, MemoryError):
        raise
    except Exception as exc:  # a CRC error (a lying header), an unknown method, truncated data
        if "memory" in str(exc).lower():  # zlib: "insufficient memory"
            raise MemoryError from exc
        log.info("zip member not readable: %s", type(exc).__name__)
        raise UnreadableDocument(damaged) from exc
    return b"".join(chunks), budget


def _too_much(inflated: int, size: int, what: str) -> str:
    if size and inflated > BOMB_RATIO * size:
        return f"{TOO_BIG}{what}, uit een veel kleiner bestand: het lijkt een zip-bom. Het is daarom niet geopend."
    return f"{TOO_BIG}{what}. Laad het document op zonder grote ingesloten bestanden, of splits het."


def _mb(size: int) -> int:
    return size // (1024 * 1024)


def xml_parser() -> etree.XMLParser:
    """An lxml parser that neither expands entities, reads DTDs nor touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
