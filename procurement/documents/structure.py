"""Shared text structure: raw blocks, whitespace clean-up, line classification, sections and numbering."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from procurement.documents.model import Block, Location

SECTION_CHARS = 120  # a section name longer than this is cut (headings that are really sentences)
HEADING_CHARS = 150  # a line longer than this is never a heading
HEADING_WORDS = 16


@dataclass(slots=True)
class RawBlock:
    """A block as a parser finds it, before clean-up and numbering."""

    text: str
    kind: str = "paragraph"
    level: int | None = None
    page: int | None = None
    row: tuple[int, int] | None = None  # a table cell's (table, row): see Block.row


@dataclass(slots=True)
class Parsed:
    """What a format parser hands back: raw blocks, header/footer texts, page count, notes for the user."""

    blocks: list[RawBlock]
    furniture: list[str] = field(default_factory=list)
    pages: int | None = None
    notes: list[str] = field(default_factory=list)


# --- whitespace -------------------------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\f\v\r\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(text: str, *, keep_newlines: bool = False) -> str:
    """Clean one block's text: NFC, no soft hyphens or zero-width marks, single spaces, trimmed lines.

    With `keep_newlines` line breaks survive (between the paragraphs of a table cell), otherwise they
    become spaces.
    """
    text = unicodedata.normalize("NFC", text).translate(_DROP).translate(_LIGATURES)
    text = _CONTROLS.sub(" ", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    if keep_newlines:
        return "\n".join(line for line in lines if line)
    return " ".join(line for line in lines if line)


# --- hyphenation ------------------------------------------------------------------------------------------

HYPHEN_MARK = "\ufffe"  # pdfium puts this where it joined a line that ended in a hyphen
_SUSPENDED = re.compile(r"(en|of|tot)\b")  # "beleids- en nadere regels"
_WORD_BEFORE = re.compile(r"\w*$")


def _hyphen_join(tail: str, right: str) -> tuple[bool, str]:
    """For text ending in a hyphen (its last characters `tail`) and the next line: drop the hyphen?, separator."""
    word = _WORD_BEFORE.search(tail[:-1][-64:])
    before = word.group(0) if word else ""
    if not before or not right[:1].isalpha():
        return False, ""  # "2020-" + "2021"
    if _SUSPENDED.match(right):
        return False, " "
    letters = [c for c in before if c.isalpha()]
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    if right[0].isupper() or acronym or any(c.isdigit() for c in before):
        return False, ""
    return True, ""


def glue(left: str, right: str) -> str:
    """Join `left` (which ends in a hyphen at a line end) and `right`, undoing hyphenation when it was one.

    "ver-" + "plicht" -> "verplicht"; acronyms and names keep their hyphen ("FSC-" + "label" ->
    "FSC-label", "Noord-" + "Brabant"); a suspended hyphen keeps its space ("beleids-" + "en nadere").
    """
    drop, separator = _hyphen_join(left[-_TAIL:], right)
    return (left[:-1] if drop else left) + separator + right


_TAIL = 66  # characters of the text so far that a join looks at (the word before a hyphen)


class _Joiner:
    """Text built from pieces in linear time (a 50 MB file of short lines must not take hours)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.tail = ""

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.tail = (self.tail + piece)[-_TAIL:]

    def end_with(self, kept: str) -> None:
        """Replace the last character (a hyphen or its mark) by `kept`."""
        self.parts[-1] = self.parts[-1][:-1] + kept
        self.tail = self.tail[:-1] + kept

    def glue(self, right: str) -> None:
        """Add `right` after text that ends in a hyphen (or pdfium's mark for one)."""
        drop, separator = _hyphen_join(self.tail[:-1] + "-", right)
        self.end_with("" if drop else "-")
        self.add(separator + right)

    def text(self) -> str:
        return "".join(self.parts)


def join_lines(lines: Iterable[str]) -> str:
    """Join the wrapped lines of one paragraph with spaces, undoing hyphenation at line ends."""
    out = _Joiner()
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        tail = out.tail
        if not tail:
            out.add(line)
        elif (tail.endswith("-") and len(tail) >= 2 and tail[-2].isalnum()) or tail.endswith(HYPHEN_MARK):
            out.glue(line)
        elif tail.endswith("\u00ad"):
            out.end_with("")
            out.add(line)
        else:
            out.add(" " + line)
    return unmark_hyphens(out.text())


def unmark_hyphens(text: str) -> str:
    """Resolve pdfium's line-end hyphen marks inside a line the same way as `glue`."""
    if HYPHEN_MARK not in text:
        return text
    parts = text.split(HYPHEN_MARK)
    out = _Joiner()
    out.add(parts[0] + "-")
    for part in parts[1:-1]:
        out.glue(part)
        out.add("-")
    out.glue(parts[-1])
    return out.text()


# --- lines: headings, list items, tables of contents ------------------------------------------------------

_BULLET = re.compile(
    r"^([\u2022\u2023\u2043\u2219\u25aa\u25ab\u25cf\u25cb\u25e6\u25a0\u25a1\u2013\u2014\u00b7*+>-]"
    r"|[\uf000-\uf0ff])\s+\S"
)
_ENUMERATOR = re.compile(r"^(\(?\d{1,3}[.)°]|\(?[a-z][.)]|\([a-z]\)|\(?[ivx]{1,5}[.)])\s+\S", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?P<num>(\d{1,2}|[A-Z]|[IVX]{1,5})(\.\d{1,2}){0,5})\.?\s+(?P<rest>\S.*)$")
_NAMED = re.compile(
    r"^(?P<word>artikel|art\.|hoofdstuk|afdeling|deel|titel|sectie|onderafdeling|paragraaf|bijlage|annex|§)"
    r"\s*(?P<num>[\dIVXLC]+[a-z]?(\.\d+)*)\b",
    re.IGNORECASE,
)
_TOP_LEVEL_WORDS = {"hoofdstuk", "deel", "titel", "afdeling", "bijlage", "annex"}
_TOC = re.compile(r"(\.{3,}|…+|_{3,}|\s)\s*\d{1,3}$")
_TOC_LEADER = re.compile(r"(\.{3,}|…|_{3,})\s*\d{0,3}$")
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’»)\]]*$")
_MARKDOWN = re.compile(r"^(#{1,6})\s+(\S.*?)\s*#*$")
_LETTER = re.compile(r"[^\W\d_]")
_LOWER = re.compile(r"[a-zß-öø-ÿ]")


def is_bullet(line: str) -> bool:
    """A line starting with a bullet glyph or a dash followed by text."""
    return bool(_BULLET.match(line))


def is_list_item(line: str) -> bool:
    """A line starting with a bullet or an enumerator ("1.", "a)", "(iii)", "2°")."""
    return bool(_BULLET.match(line) or _ENUMERATOR.match(line))


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip()[-6:]))


def is_toc_entry(line: str) -> bool:
    """A table-of-contents line: dot leaders, or a numbered title followed by a page number."""
    tail = line.rstrip()[-40:]  # the patterns are anchored at the end: search only there
    if _TOC_LEADER.search(tail):
        return True
    return bool(_TOC.search(tail)) and bool(_NUMBERED.match(line) or _NAMED.match(line))


def heading_level(line: str) -> int | None:
    """The level of a line that reads like a heading by its words alone, else None.

    Headings are short, end without a full stop and are numbered ("3.2 Sociale bepalingen",
    "B.1. VOORWERP"), named ("Artikel 14 – Prijs", "Hoofdstuk 2") or written in capitals.
    """
    line = line.strip()
    if not line or len(line) > HEADING_CHARS or line[-1] in ".,;:":
        return None
    level = _level_by_words(line)
    if level is None or len(line.split()) > HEADING_WORDS or is_toc_entry(line) or _BULLET.match(line):
        return None
    return level


def _level_by_words(line: str) -> int | None:
    markdown = _MARKDOWN.match(line)
    if markdown:
        return len(markdown.group(1))
    named = _NAMED.match(line)
    if named:
        word = named.group("word").lower()
        return 1 if word in _TOP_LEVEL_WORDS else 2
    numbered = _NUMBERED.match(line)
    if numbered:
        rest = numbered.group("rest")
        number = numbered.group("num")
        if rest[0].isupper() and (len(line.split()) <= 12 or _is_capitals(rest)):
            if number.isalpha() and len(number) == 1 and not _is_capitals(rest):
                return None  # "A. De inschrijver ..." reads like an enumeration, not a heading
            return number.count(".") + 1
        return None
    if _is_capitals(line):
        return 1
    return None


def _is_capitals(text: str) -> bool:
    """At least four letters, nine in ten of them capitals."""
    if len(_LOWER.findall(text, 0, 40)) > 4:
        return False
    lower = len(_LOWER.findall(text))
    letters = len(_LETTER.findall(text))
    return letters >= 4 and lower <= 0.1 * letters


def markdown_heading(line: str) -> str | None:
    """The title of a "# Title" line, else None."""
    match = _MARKDOWN.match(line.strip())
    return match.group(2) if match else None


# --- assembling the document ------------------------------------------------------------------------------


def section_name(text: str) -> str:
    """A heading's text as a section name: one line, at most SECTION_CHARS characters."""
    text = text.replace("\n", " ")
    if len(text) <= SECTION_CHARS:
        return text
    cut = text[:SECTION_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + "…"


def assemble(raw: Iterable[RawBlock]) -> tuple[Block, ...]:
    """Clean, drop empty blocks, number them from 1 and give each the nearest heading above it.

    A heading's own section is the heading itself: it opens that section.
    """
    blocks: list[Block] = []
    section: str | None = None
    for item in raw:
        text = normalise(item.text, keep_newlines=item.kind == "table-cell")
        if not text:
            continue
        level = None
        if item.kind == "heading":
            section = section_name(text)
            level = item.level if item.level and item.level > 0 else 1
        location = Location(section=section, paragraph=len(blocks) + 1, page=item.page)
        row = item.row if item.kind == "table-cell" else None
        blocks.append(Block(text=text, kind=item.kind, location=location, level=level, row=row))
    return tuple(blocks)
