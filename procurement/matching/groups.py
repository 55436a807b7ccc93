"""Detect a tender's product groups from CPV codes, the subject of the contract and its words (pure)."""

from __future__ import annotations

import re
from collections import Counter

from procurement.catalogue.model import Catalogue
from procurement.documents.model import Document
from procurement.matching.model import ProductGroupMatch
from procurement.matching.phrases import PhraseIndex
from procurement.matching.text import fold, tokens

CPV_CODE = re.compile(r"\b(\d{8})(?:\s?-\s?\d)?\b")
CPV_WORD = re.compile(r"\bcpv\b")
SUBJECT_HEADING = re.compile(
    r"\b(?:voorwerp|onderwerp|omschrijving|beschrijving|aard) van de (?:opdracht|overheidsopdracht|"
    r"aanbesteding|levering|diensten|werken)\b|\bvoorwerp\b"
)
SUBJECT_SENTENCE = re.compile(r"\b(?:deze|de) (?:opdracht|overheidsopdracht|aanbesteding) (?:betreft|heeft)\b")
TITLE_BLOCKS = 12  # the first blocks usually hold the title of the bestek
TITLE_WORDS = 30  # ... in short lines; long paragraphs there are body text
SUBJECT_BLOCKS = 6  # blocks read after a "Voorwerp van de opdracht" heading
CPV_POINTS, SUBJECT_POINTS, TITLE_POINTS, FREQUENT_POINTS = 5, 3, 3, 1
FREQUENT = 5  # keyword hits anywhere that count as a hint
THRESHOLD = 3


class GroupDetector:
    def __init__(self, catalogue: Catalogue) -> None:
        self.groups = catalogue.product_groups
        self.index = PhraseIndex(())
        self.owner: list[str] = []
        for group in self.groups:
            for keyword in (group.name, *group.keywords):
                self.index.add(keyword)
                self.owner.append(group.id)

    def _keywords(self, text: str) -> Counter[str]:
        return Counter(self.owner[h.phrase] for h in self.index.find(tokens(text)))

    def detect(self, document: Document) -> tuple[ProductGroupMatch, ...]:
        points: Counter[str] = Counter()
        evidence: dict[str, str] = {}

        def award(group: str, value: int, why: str) -> None:
            points[group] += value
            evidence.setdefault(group, why)

        for block in document.blocks:
            folded = fold(block.text)
            if not CPV_WORD.search(folded):
                continue
            for code in CPV_CODE.findall(folded):
                for group in self.groups:
                    if any(code.startswith(prefix) for prefix in group.cpv):
                        award(group.id, CPV_POINTS, f"CPV {code}")
        subject = _subject_text(document)
        for group, _ in self._keywords(subject).items():
            award(group, SUBJECT_POINTS, "voorwerp van de opdracht")
        title = " | ".join(b.text for b in document.blocks[:TITLE_BLOCKS] if len(b.text.split()) <= TITLE_WORDS)
        for group, _ in self._keywords(title).items():
            award(group, TITLE_POINTS, "titel van het bestek")
        everywhere = self._keywords(" | ".join(b.text for b in document.blocks))
        for group, count in everywhere.items():
            if count >= FREQUENT:
                award(group, FREQUENT_POINTS, f"{count} keer vermeld")
        chosen = sorted((g for g, p in points.items() if p >= THRESHOLD), key=lambda g: (-points[g], g))
        return tuple(ProductGroupMatch(g, "detected", evidence[g], round(min(1.0, points[g] / 8), 2)) for g in chosen)


def _subject_text(document: Document) -> str:
    parts: list[str] = []
    blocks = document.blocks
    for i, block in enumerate(blocks):
        folded = fold(block.text)
        if block.kind == "heading" and SUBJECT_HEADING.search(folded):
            parts.extend(b.text for b in blocks[i + 1 : i + 1 + SUBJECT_BLOCKS] if b.kind != "heading")
        elif SUBJECT_SENTENCE.search(folded) or (block.kind != "heading" and SUBJECT_HEADING.search(folded)):
            parts.append(block.text)
    return " | ".join(parts)
