"""PDF lines -> raw blocks: headers, footers and page numbers set apart, paragraphs and headings rebuilt from
the position and font of each line (pure; `pdf` reads the lines)."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from procurement.documents.structure import (
    HEADING_CHARS,
    RawBlock,
    ends_sentence,
    heading_level,
    is_bullet,
    is_list_item,
    is_toc_entry,
    join_lines,
)

_PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|page|pag\.?|blz\.?|bladzijde|p\.)\s*)?\d{1,4}(?:\s*(?:/|van|of|sur|de|\|)\s*\d{1,4})?$"
    r"|^[-–—]\s*\d{1,4}\s*[-–—]$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
ZONE_LINES = 2  # lines at the top and at the bottom of a page where headers and footers live


@dataclass(slots=True)
class Line:
    """One text line of a page, with the position and font of its characters."""

    text: str
    page: int
    top: float  # baseline of its first character (PDF points, up is larger)
    left: float  # x of its first character
    bottom: float  # baseline of its last character (lower than top when pdfium joined hyphenated lines)
    size: float
    bold: bool


# --- headers, footers, page numbers ----------------------------------------------------------------------


def _zone(lines: list[Line]) -> list[Line]:
    """The top and bottom lines of a page by position (content-stream order is not reading order)."""
    placed = sorted((line for line in lines if not math.isnan(line.top)), key=lambda line: -line.top)
    if len(placed) <= 2 * ZONE_LINES:
        return placed
    return placed[:ZONE_LINES] + placed[-ZONE_LINES:]


def _furniture_key(line: Line) -> tuple[str, int]:
    return _DIGITS.sub("#", line.text.casefold()), round(line.top / 6)


def drop_furniture(pages: list[list[Line]]) -> tuple[list[list[Line]], list[str]]:
    """The pages without page numbers and without lines repeated at the same place on most pages, and the
    texts of those repeated lines (the furniture)."""
    seen: dict[tuple[str, int], list[tuple[int, list[int]]]] = {}
    for number, lines in enumerate(pages):
        for key, line in {_furniture_key(line): line for line in _zone(lines)}.items():
            numbers = [int(n[-12:]) for n in _DIGITS.findall(line.text)]
            seen.setdefault(key, []).append((number, numbers))
    with_text = sum(1 for lines in pages if lines)
    needed = max(3, math.ceil(0.5 * with_text))
    repeated = {key for key, found in seen.items() if len(found) >= needed and _numbers_follow_pages(found)}
    furniture: dict[tuple[str, int], str] = {}  # one text for each repeated line, as on its first page
    kept: list[list[Line]] = []
    for lines in pages:
        drop: set[int] = set()
        for line in _zone(lines):
            if _PAGE_NUMBER.match(line.text):
                drop.add(id(line))
            elif (key := _furniture_key(line)) in repeated:
                drop.add(id(line))
                furniture.setdefault(key, line.text)
        kept.append([line for line in lines if id(line) not in drop] if drop else lines)
    return kept, list(furniture.values())


def _numbers_follow_pages(found: list[tuple[int, list[int]]]) -> bool:
    """True when each number in a repeated line is fixed ("2024/17") or moves with the page ("pagina 3");
    "Artikel 3", "Artikel 7" at the top of successive pages are headings, not a running header."""
    for position in range(len(found[0][1])):
        values = {numbers[position] for _, numbers in found}
        offsets = {numbers[position] - page for page, numbers in found}
        if len(values) > 1 and len(offsets) > 1:
            return False
    return True


# --- paragraphs ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Layout:
    body_size: float
    pitch: float  # usual distance between the baselines of two lines of one paragraph
    typical: dict[int, float]  # page -> usual length of a full line (characters)
    heading_ranks: dict[tuple[float, bool], int]


def _layout(lines: list[Line]) -> _Layout:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    body = body or 10.0
    gaps = [
        prev.bottom - line.top
        for prev, line in zip(lines, lines[1:], strict=False)
        if prev.page == line.page and prev.size == body and line.size == body and 0 < prev.bottom - line.top < 3 * body
    ]
    return _Layout(body, _pitch(gaps, body), _typical(lines), _heading_ranks(lines, body))


def _pitch(gaps: list[float], body: float) -> float:
    """The line pitch inside paragraphs: the smallest common baseline distance (paragraph spacing, blank
    lines and single-line paragraphs give larger ones)."""
    if len(gaps) < 3:
        return body * 1.2
    counts = Counter(round(gap * 2) / 2 for gap in gaps)
    floor = max(3, 0.05 * len(gaps))
    common = [gap for gap, count in counts.items() if count >= floor and gap >= 0.8 * body]
    return min(common) if common else statistics.median(gaps)


def _typical(lines: list[Line]) -> dict[int, float]:
    """Per page, the length in characters of a full line (80th percentile)."""
    lengths: dict[int, list[int]] = {}
    for line in lines:
        lengths.setdefault(line.page, []).append(len(line.text))
    everything = sorted(len(line.text) for line in lines) or [80]
    overall = everything[int(0.8 * (len(everything) - 1))]
    return {
        page: float(sorted(values)[int(0.8 * (len(values) - 1))]) if len(values) >= 8 else float(overall)
        for page, values in lengths.items()
    }


def _heading_ranks(lines: list[Line], body: float) -> dict[tuple[float, bool], int]:
    """Heading levels of the fonts larger than the body text, or bold: larger first, bold before plain."""
    styles = sorted(
        {(line.size, line.bold) for line in lines if line.size > body * 1.1 or (line.bold and line.size >= body)},
        key=lambda style: (-style[0], not style[1]),
    )
    return {style: rank + 1 for rank, style in enumerate(styles[:6])}


@dataclass(slots=True)
class _LineMarks:
    """What the words of a line suggest (a contents entry, a bullet, a list item, a numbered heading, the end of a
    sentence), worked out once per line."""

    toc: bool
    bullet: bool
    listed: bool
    numbered: int | None  # heading level by its words
    ends: bool

    @classmethod
    def of(cls, text: str) -> _LineMarks:
        toc = is_toc_entry(text)
        return cls(
            toc=toc,
            bullet=is_bullet(text),
            listed=is_list_item(text) and not toc,
            numbered=None if toc else heading_level(text),
            ends=ends_sentence(text),
        )


def paragraphs(lines: list[Line]) -> list[RawBlock]:
    """Rebuild paragraphs: a block starts after vertical white space, at a heading, a list marker, or after
    a sentence that ended a clearly short line; other lines are joined (hyphenation undone)."""
    if not lines:
        return []
    layout = _layout(lines)
    marks = [_LineMarks.of(line.text) for line in lines]
    blocks: list[RawBlock] = []
    start = 0
    kind, level = "paragraph", None
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        head = _heading(line, marks[index], following, layout)
        if index > start and not _starts_block(
            lines[start], lines[index - 1], marks[index - 1], line, marks[index], kind, head, layout
        ):
            continue
        if index > start:
            blocks.append(_block(lines[start:index], kind, level))
        start = index
        if head is not None:
            kind, level = "heading", head
        else:
            kind, level = ("list-item" if marks[index].listed else "paragraph"), None
    blocks.append(_block(lines[start:], kind, level))
    return blocks


def _block(lines: list[Line], kind: str, level: int | None) -> RawBlock:
    return RawBlock(join_lines(line.text for line in lines), kind, level, lines[0].page)


def _gap(prev: Line, line: Line) -> float:
    return prev.bottom - line.top


def _heading(line: Line, marks: _LineMarks, following: Line | None, layout: _Layout) -> int | None:
    """The heading level of a line, from its font (larger or bold) or its words; None for body text."""
    text = line.text
    if len(text) > HEADING_CHARS or text[-1] in ".,;:" or marks.toc or marks.bullet:
        return None
    continued = (
        following is not None
        and following.page == line.page
        and 0 < _gap(line, following) <= layout.pitch * 1.3
        and following.text[:1].islower()
    )
    typical = layout.typical.get(line.page, 80.0)
    style = (line.size, line.bold)
    larger = line.size > layout.body_size * 1.1
    if style in layout.heading_ranks and (larger or not continued) and (larger or len(text) < 0.85 * typical):
        return marks.numbered or layout.heading_ranks[style]
    if marks.numbered is not None and not continued and len(text) < 0.7 * typical:
        return marks.numbered
    return None


def _starts_block(
    first: Line,
    prev: Line,
    prev_marks: _LineMarks,
    line: Line,
    marks: _LineMarks,
    kind: str,
    head: int | None,
    layout: _Layout,
) -> bool:
    """Whether `line` opens a new block rather than continuing the block that began with `first`."""
    text = line.text
    if line.page != prev.page:
        # A paragraph runs on over a page break when the page ended mid-sentence and the next goes on in
        # lowercase.
        return prev_marks.ends or not text[:1].islower() or kind == "heading"
    gap = _gap(prev, line)
    scale = max(prev.size, line.size, 1.0) / layout.body_size
    if math.isnan(gap) or gap < -layout.pitch * 0.5 or gap > layout.pitch * 1.3 * scale:
        return True
    typical = layout.typical.get(prev.page, 80.0)
    if kind == "heading":
        # A heading wrapped over two lines stays one block: same font, and the first line was long or the
        # second goes on in lowercase. Two short headings in a row stay apart.
        same_style = head is not None and (line.size, line.bold) == (prev.size, prev.bold)
        wrapped = text[:1].islower() or len(prev.text) >= 0.6 * typical
        return not (same_style and wrapped and marks.numbered is None)
    if marks.bullet or marks.toc or prev_marks.toc:
        return True
    if kind == "list-item" and not marks.listed and prev_marks.ends and line.left <= first.left + 2:
        return True  # a sentence ended and the next line is back at the list marker's margin: a new paragraph
    could_end = prev_marks.ends or len(prev.text) < 0.6 * typical
    if could_end and (head is not None or marks.listed):
        return True
    if head is not None and (line.size, line.bold) != (prev.size, prev.bold):
        return True
    if abs(line.size - prev.size) > 1.0:
        return True
    return prev_marks.ends and len(prev.text) < 0.75 * typical
