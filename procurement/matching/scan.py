"""One document read once for matching: its phrases per block, its heading chains and sentences (pure)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from procurement.documents.model import Document
from procurement.matching import cues
from procurement.matching.phrases import PhraseIndex
from procurement.text import TOKEN, fold, qualify, sentences, word_tokens

BOUNDARY = "|"  # never produced by the tokenizer: keeps phrases from spanning two blocks


class Sentence:
    """One sentence of a block: its text, the phrases it holds, and how binding it is on its own.

    The verdict is judged when first asked for: most sentences of a long bestek are never a candidate.
    """

    __slots__ = ("_folded", "_section", "_verdict", "phrases", "text")

    def __init__(self, text: str, phrases: frozenset[int], folded: str | None = None, section: str | None = None,
                 verdict: cues.Verdict | None = None) -> None:
        self.text = text
        self.phrases = phrases
        self._folded = folded
        self._section = section
        self._verdict = verdict

    @property
    def verdict(self) -> cues.Verdict:
        if self._verdict is None:
            self._verdict = cues.judge(self.text, self._section, self._folded)
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
    _sentences: dict[int, list[Sentence]] = field(default_factory=dict)

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
                for text in sentences(block.text):
                    folded = fold(text)
                    found = frozenset(h.phrase for h in self.index.find(word_tokens(folded)))
                    cached.append(Sentence(text, found, folded, block.location.section))
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
    for i, block in enumerate(document.blocks):
        if block.kind == "heading":
            level = block.level or 1
            while chain and chain[-1][0] >= level:
                chain.pop()
            chain.append((level, i))
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
    return Scan(document, index, folded, phrases_in, blocks_with, headings)
