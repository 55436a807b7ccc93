"""One document read once for matching: its phrases per block, its heading chains and sentences (pure)."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from procurement.documents.model import Document
from procurement.matching import cues, frames
from procurement.matching.phrases import PhraseIndex
from procurement.text import TOKEN, fold, qualify, sentences, word_tokens

BOUNDARY = "|"  # never produced by the tokenizer: keeps phrases from spanning two blocks
ROW_CELL_WORDS = 25  # a table row whose cells are all this short is a line of label and value; longer is prose


class Sentence:
    """One sentence of a block: its text, the phrases it holds, and how binding it is on its own.

    The verdict is judged when first asked for: most sentences of a long bestek are never a candidate.
    """

    __slots__ = ("_find", "_folded", "_framed", "_row", "_section", "_verdict", "phrases", "text")

    def __init__(self, text: str, phrases: frozenset[int], folded: str | None = None, section: str | None = None,
                 verdict: cues.Verdict | None = None, row: Callable[[], cues.Verdict | None] | None = None,
                 find: Callable[[str], frozenset[int]] | None = None) -> None:
        self.text = text
        self.phrases = phrases
        self._folded = folded
        self._section = section
        self._verdict = verdict
        self._row = row  # a table cell's: how its whole row reads (`Scan.row_verdict`)
        self._find = find  # the phrases in a folded text
        self._framed: dict[str, frozenset[int]] | None = None

    def _frames(self) -> dict[str, frozenset[int]]:
        """Per frame, the phrases it names only inside that frame (`frames.framed`), found when first asked for."""
        if self._framed is None:
            self._framed = {}
            if self._find is not None and self._folded is not None and self.phrases:
                self._framed = frames.framed(self._folded, self.phrases, self._find)
        return self._framed

    def about(self, own_frames: frozenset[str]) -> frozenset[int]:
        """Its phrases, without those it names only as the object of another duty (`frames`) unless the
        criterion asking is about that frame's subject itself."""
        framed = self._frames()
        if not framed:
            return self.phrases
        return self.phrases - frozenset().union(*(p for frame, p in framed.items() if frame not in own_frames))

    def framed_as(self, phrases: frozenset[int], own_frames: frozenset[str]) -> str | None:
        """The frame that hides these phrases here (its name explains why), if one does."""
        return next((frame for frame, inside in self._frames().items()
                     if frame not in own_frames and phrases & inside), None)

    @property
    def verdict(self) -> cues.Verdict:
        """How binding it is; a short table cell's sentence as its row reads (the topic in one cell, the
        requirement in the next), unless the cell itself rules it out."""
        if self._verdict is None:
            own = cues.judge(self.text, self._section, self._folded)
            row = self._row() if self._row is not None and own.score > cues.VETO else None
            if row is not None and (row.score <= cues.VETO or row.score > own.score):
                own = row
            self._verdict = own
        return self._verdict

    @property
    def opens(self) -> bool:
        """A lead-in: "De opdrachtnemer leeft volgende verplichtingen na:"."""
        return self.text.rstrip().endswith(":")


@dataclass(slots=True)
class Scan:
    """One document, tokenised once: which phrases occur in which block, under which headings."""

    document: Document
    index: PhraseIndex
    folded: list[str]  # per block: its folded text
    phrases_in: list[dict[int, int]]  # per block: phrase id -> count
    blocks_with: dict[int, list[int]]  # phrase id -> blocks holding it, in order
    headings: list[tuple[int, ...]]  # per block: its heading chain, outermost first (heading block indices)
    rows: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # table row -> its cells (blocks)
    _sentences: dict[int, list[Sentence]] = field(default_factory=dict)
    _rows_read: dict[tuple[int, int], cues.Verdict | None] = field(default_factory=dict)

    def _cells(self, row: tuple[int, int]) -> list[str]:
        return [self.document.blocks[k].text for k in self.rows.get(row, ())]

    def row_verdict(self, i: int) -> cues.Verdict | None:
        """How the row of table cell i reads as one line ("Schoonmaakproducten | EU Ecolabel of gelijkwaardig"),
        under its table's requirements column if the header row names one ("Onderdeel | Minimumeis"); judged
        once per row. None where a row is not a line of label and value: one cell, or a cell of prose (that is
        judged alone). Another cell's words never rule a cell out, except a cell that only says "niet van
        toepassing"."""
        blocks = self.document.blocks
        row = blocks[i].row
        if row is None:
            return None
        if row not in self._rows_read:
            cells = self._cells(row)
            above = [self._cells((row[0], n)) for n in (1, 2) if n < row[1]]  # the table's first rows
            verdict = None
            if (len(cells) > 1 and all(len(cell.split()) <= ROW_CELL_WORDS for cell in cells)
                    and not any(cell.rstrip().endswith("?") for cell in cells)  # a question to the bidder
                    and not cues.bidder_form([cell for top in above for cell in top])):
                # the header: the first row, or the second under a title cell spanning the table
                # ("Tabel 2 - Schoonmaakproducten" over "Onderdeel | Minimumeis")
                header = above[0] if above and len(above[0]) > 1 else above[1] if len(above) > 1 else []
                verdict = cues.judge(" | ".join(cells), blocks[i].location.section, None,
                                     cues.requirement_column(header))
                if verdict.score <= cues.VETO:
                    verdict = None  # an empty field or a contents line in one cell says nothing of another
                if any(cues.NOT_APPLICABLE_CELL.match(fold(cell)) for cell in cells):
                    verdict = cues.Verdict(cues.VETO, ("niet van toepassing (in de rij)",))
            self._rows_read[row] = verdict
        return self._rows_read[row]

    def _find(self, folded: str) -> frozenset[int]:
        return frozenset(h.phrase for h in self.index.find(word_tokens(folded)))

    def sentences(self, i: int) -> list[Sentence]:
        """The sentences of block i, judged once (a heading is one sentence that never binds)."""
        cached = self._sentences.get(i)
        if cached is None:
            block = self.document.blocks[i]
            if block.kind == "heading":
                found = frozenset(self.phrases_in[i])
                cached = [Sentence(block.text, found, verdict=cues.Verdict(cues.VETO, ("titel",)))]
            else:
                cached = []
                row = (lambda: self.row_verdict(i)) if block.kind == "table-cell" and block.row else None
                for text in sentences(block.text):
                    folded = fold(text)
                    found = self._find(folded)
                    cached.append(Sentence(text, found, folded, block.location.section, row=row, find=self._find))
            self._sentences[i] = cached
        return cached


def scan(document: Document, index: PhraseIndex) -> Scan:
    words: list[str] = []
    starts: list[int] = []
    headings: list[tuple[int, ...]] = []
    chain: list[tuple[int, int]] = []  # (level, block) of the open headings
    # one fold for the whole text: NUL never occurs in a block and survives folding
    whole = fold("\0".join(block.text for block in document.blocks))
    folded, qualified = whole.split("\0"), qualify(whole).split("\0")
    if len(folded) != len(document.blocks) or len(qualified) != len(folded):  # a NUL inside a block after all
        folded = [fold(block.text) for block in document.blocks]
        qualified = [qualify(text) for text in folded]
    rows: dict[tuple[int, int], list[int]] = {}
    for i, block in enumerate(document.blocks):
        if block.kind == "heading":
            level = block.level or 1
            while chain and chain[-1][0] >= level:
                chain.pop()
            chain.append((level, i))
        elif block.kind == "table-cell" and block.row is not None:
            rows.setdefault(block.row, []).append(i)
        headings.append(tuple(b for _, b in chain))
        starts.append(len(words))
        words.extend(TOKEN.findall(qualified[i]))
        words.append(BOUNDARY)
    phrases_in: list[dict[int, int]] = [{} for _ in document.blocks]
    blocks_with: dict[int, list[int]] = {}
    for hit in index.find(words):
        at = bisect.bisect_right(starts, hit.start) - 1
        counts = phrases_in[at]
        if hit.phrase not in counts:
            blocks_with.setdefault(hit.phrase, []).append(at)
        counts[hit.phrase] = counts.get(hit.phrase, 0) + 1
    return Scan(document, index, folded, phrases_in, blocks_with, headings, rows)
