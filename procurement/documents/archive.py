"""ZIP containers (.docx, .odt): opened only after their declared sizes pass the zip-bomb limits."""

from __future__ import annotations

import io
import logging
import zipfile

from lxml import etree

from procurement.documents.model import UnreadableDocument

log = logging.getLogger(__name__)

MAX_MEMBERS = 5_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together, as declared in the central directory
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 10 * 1024 * 1024

BOMB = "Het bestand lijkt een zip-bom: uitgepakt zou het veel te groot worden. Het is daarom niet geopend."


def open_zip(data: bytes, damaged: str) -> zipfile.ZipFile:
    """Open `data` as a ZIP archive after checking member count and sizes; `damaged` is the Dutch reason
    given when the archive itself is broken.

    Python's zipfile never inflates a member beyond its declared size (a lying header ends in a CRC
    error), so checking the declared sizes bounds the memory any later read can take.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # zipfile raises many kinds of errors on damaged archives
        log.info("zip archive not readable: %s", type(exc).__name__)
        raise UnreadableDocument(damaged) from exc
    check_sizes(infos)
    return archive


def check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse archives with absurdly many members, too much declared content or an absurd ratio."""
    if len(infos) > MAX_MEMBERS:
        log.warning("zip archive refused: %d members", len(infos))
        raise UnreadableDocument(BOMB)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            log.warning("zip archive refused: member ratio %d", info.file_size // max(info.compress_size, 1))
            raise UnreadableDocument(BOMB)
    if total > MAX_UNCOMPRESSED:
        log.warning("zip archive refused: %d bytes uncompressed", total)
        raise UnreadableDocument(BOMB)


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
