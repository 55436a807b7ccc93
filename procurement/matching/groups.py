"""Detect a tender's product groups from CPV codes, the subject of the contract and its words (pure).

Points per group: a CPV code of the group next to the word "CPV" (5), a group word in the subject of the
contract ("Voorwerp van de opdracht", "Deze opdracht betreft ...") (3), in a short title line near the top
(3), every five mentions anywhere (1, at most 3). A group with 3 points or more is detected.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from procurement.catalogue.model import Catalogue
from procurement.documents.model import Block
from procurement.documents.structure import is_toc_entry
from procurement.matching.model import ProductGroupMatch
from procurement.matching.phrases import PhraseIndex

CPV_CODE = re.compile(r"\b(\d{8})(?:\s?-\s?\d)?\b")
SUBJECT_HEADING = re.compile(
    r"\b(?:voorwerp|onderwerp|omschrijving|beschrijving|aard) van de (?:opdracht|overheidsopdracht|"
    r"aanbesteding|levering|diensten|werken)\b|\bvoorwerp\b"
)
SUBJECT_SENTENCE = re.compile(r"\b(?:deze|de) (?:opdracht|overheidsopdracht|aanbesteding) (?:betreft|heeft)\b")
TITLE_BLOCKS = 12  # the first blocks usually hold the title of the bestek
TITLE_WORDS = 30  # ... in short lines; long paragraphs there are body text
SUBJECT_BLOCKS = 3  # blocks read after a "Voorwerp van de opdracht" heading
CPV_POINTS, SUBJECT_POINTS, TITLE_POINTS, FREQUENT_POINTS = 5, 3, 3, 1
FREQUENT = 5  # keyword hits anywhere that count as a hint
THRESHOLD = 3


class GroupDetector:
    """Group words live in the matcher's phrase index, so detection reuses the one scan of the text."""

    def __init__(self, catalogue: Catalogue, index: PhraseIndex) -> None:
        self.groups = catalogue.product_groups
        self.group_by_phrase: dict[int, str] = {}  # phrase id of a group's name or keyword -> the group's id
        for group in self.groups:
            for keyword in (group.name, *group.keywords):
                self.group_by_phrase[index.add(keyword)] = group.id

    def _cpv_groups(self, code: str) -> list[str]:
        """The groups whose longest CPV prefix matches the code (30197600: paper, not office supplies)."""
        prefix_length: dict[str, int] = {}  # group id -> its longest CPV prefix of the code
        for group in self.groups:
            length = max((len(p) for p in group.cpv if code.startswith(p)), default=0)
            if length:
                prefix_length[group.id] = length
        longest = max(prefix_length.values(), default=0)
        return [g for g, length in prefix_length.items() if length == longest]

    def _groups_in(self, counts: dict[int, int]) -> Counter[str]:
        found: Counter[str] = Counter()
        for pid, n in counts.items():
            group = self.group_by_phrase.get(pid)
            if group is not None:
                found[group] += n
        return found

    def detect(
        self, blocks: Sequence[Block], folded: Sequence[str], phrases_in: Sequence[dict[int, int]]
    ) -> tuple[ProductGroupMatch, ...]:
        points: Counter[str] = Counter()
        evidence: dict[str, str] = {}

        def award(group: str, value: int, why: str) -> None:
            points[group] += value
            evidence.setdefault(group, why)

        for text in folded:
            if "cpv" not in text:
                continue
            for code in CPV_CODE.findall(text):
                for group in self._cpv_groups(code):
                    award(group, CPV_POINTS, f"CPV {code}")
        for i in _subject_blocks(blocks, folded):
            for group in self._groups_in(phrases_in[i]):
                award(group, SUBJECT_POINTS, "voorwerp van de opdracht")
        for i in _title_blocks(blocks):
            for group in self._groups_in(phrases_in[i]):
                award(group, TITLE_POINTS, "titel van het bestek")
        everywhere: Counter[str] = Counter()
        for counts in phrases_in:
            everywhere.update(self._groups_in(counts))
        for group, count in everywhere.items():
            if count >= FREQUENT:
                award(group, min(THRESHOLD, count // FREQUENT) * FREQUENT_POINTS, f"{count} keer vermeld")
        chosen = sorted((g for g, p in points.items() if p >= THRESHOLD), key=lambda g: (-points[g], g))
        return tuple(ProductGroupMatch(g, "detected", evidence[g], round(min(1.0, points[g] / 8), 2)) for g in chosen)


def _title_blocks(blocks: Sequence[Block]) -> list[int]:
    """Short lines near the top, before the body starts: the cover page and the title, not a table of contents
    or the first article (whose "schade aan meubilair" says nothing of what is bought)."""
    chosen: list[int] = []
    for i, block in enumerate(blocks[:TITLE_BLOCKS]):
        if block.kind == "heading" and chosen and _body_follows(blocks, i):
            break
        if len(block.text.split()) <= TITLE_WORDS and not is_toc_entry(block.text):
            chosen.append(i)
    return chosen


def _body_follows(blocks: Sequence[Block], i: int) -> bool:
    """A heading with a paragraph of body text under it (a sentence, not another short cover line)."""
    for block in blocks[i + 1 : i + 3]:
        if block.kind == "heading":
            continue
        return len(block.text.split()) > 8 and not is_toc_entry(block.text)
    return False


def _subject_blocks(blocks: Sequence[Block], folded: Sequence[str]) -> set[int]:
    """Blocks that state the subject of the contract."""
    chosen: set[int] = set()
    for i, block in enumerate(blocks):
        text = folded[i]
        if "voorwerp" not in text and "onderwerp" not in text and "opdracht" not in text and "van de" not in text:
            continue
        if block.kind == "heading" and SUBJECT_HEADING.search(text):
            level, taken = block.level or 1, 0
            for j in range(i + 1, min(len(blocks), i + 1 + 2 * SUBJECT_BLOCKS)):
                if blocks[j].kind == "heading":
                    if (blocks[j].level or 1) <= level:
                        break  # the next article is about something else; a sub-heading ("1.1 Omschrijving") is not
                    continue
                chosen.add(j)
                taken += 1
                if taken == SUBJECT_BLOCKS:
                    break
        elif SUBJECT_SENTENCE.search(text) or (block.kind != "heading" and SUBJECT_HEADING.search(text)):
            chosen.add(i)
    return chosen
