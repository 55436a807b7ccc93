"""Text normalisation shared by the catalogue, the matcher and the search: folding, tokens, sentences, word
forms (pure; imports nothing of the package).

Two kinds of Dutch word forms live here, kept apart on purpose because they disagree on some words and each
caller's results depend on its own: `search_stem` reduces a word to the one form the catalogue search indexes
("lampen" -> "lamp", "duurzame" -> "duurzaam"); `singulars` and `inflected` expand a catalogue phrase word to
the forms the phrase matcher finds ("onderdelen" also finds "onderdeel", "duurzaam" also "duurzame").
"""

from __future__ import annotations

import re
import unicodedata

TOKEN = re.compile(r"[a-z0-9]+")
# "14.001" -> "14001", "1.000.000" -> "1000000": a dot between digit groups is a thousands separator.
THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}\b)")
# not after an abbreviation that a number follows: "min. 8 mm", "art. 15", "nr. 29", "cfr. bijlage"
ABBREVIATIONS = ("min", "max", "nr", "art", "bv", "ca", "cfr", "incl", "excl", "resp", "o.a", "vb")
_NOT_AFTER = "".join(rf"(?<!\b{re.escape(w)}\.)" for a in ABBREVIATIONS for w in (a, a.capitalize()))
SENTENCE_END = re.compile(
    rf"(?<=[.!?;]){_NOT_AFTER}\s+(?=[A-Z0-9(\"'‘“\[•-])|\n+|(?<=:)\s+(?=[A-Z(•-])"
)


COMBINING = re.compile(r"[\u0300-\u036f]+")
NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Lowercase, accents removed, other non-ASCII characters become spaces, thousands dots dropped."""
    text = text.lower()
    if not text.isascii():
        text = COMBINING.sub("", unicodedata.normalize("NFKD", text))
        if not text.isascii():
            text = NON_ASCII.sub(" ", text)
    return THOUSANDS.sub("", text) if "." in text else text


def tokens(text: str) -> list[str]:
    """Folded word tokens of a text, as phrases are matched (numbers qualified: see `word_tokens`)."""
    return word_tokens(fold(text))


# A number says what it is only beside its noun: "verdrag nr. 29", "IAO-verdragen 29 en 105", "C138", "30 %".
MARK = "nr"  # put before each number of a list that follows a number noun
NUMBER_LIST = re.compile(
    r"\b(?:nr|nrs|nummer|nummers|no|verdrag|verdragen|conventie|conventies)\b[\s.:]*"
    r"(\d+(?:(?:[\s,;/]+|\s+(?:en|of|tot|nr|nrs)\b[\s.]*)\d+)*)"
)
CONVENTION_CODE = re.compile(r"\bc0*(\d{2,3})\b")
DIGITS = re.compile(r"\d+")


def _mark_numbers(match: re.Match[str]) -> str:
    head = match.group(0)[: match.start(1) - match.start(0)]
    return head + DIGITS.sub(lambda d: f" {MARK} {d.group(0)}", match.group(1))


DOUBLE_MARK = re.compile(rf"\b{MARK}\W+{MARK}\b")


def qualify(folded: str) -> str:
    """Folded text as phrases are matched: "%" -> "procent", numbers after a number noun marked (see below)."""
    if "%" in folded:
        folded = folded.replace("%", " procent ")
    if "c" in folded:
        folded = CONVENTION_CODE.sub(rf"{MARK} \1", folded)
    marked = NUMBER_LIST.sub(_mark_numbers, folded)
    return DOUBLE_MARK.sub(MARK, marked) if marked is not folded else marked  # "nr. 29": one mark


def word_tokens(folded: str) -> list[str]:
    """Tokens of folded text: "%" becomes "procent", and every number of a list after a number noun is marked.

    "verdragen 29, 105 en 138" -> verdragen nr 29 nr 105 en nr 138; "C138" -> nr 138. A bare "29" (days, euros)
    stays a bare number, so a catalogue phrase "nr 29" finds only the convention.
    """
    return TOKEN.findall(qualify(folded))


def sentences(text: str) -> list[str]:
    """Split a block into sentences (also at line breaks and after a colon that opens a new clause)."""
    parts = [p.strip() for p in SENTENCE_END.split(text)]
    return [p for p in parts if p]


def search_stem(word: str) -> str:
    """A light Dutch stem: plural -en / -s and inflected -e removed, so 'lampen' ~ 'lamp', 'duurzame' ~ 'duurzaam'."""
    if len(word) < 5 or not word.isalpha():
        return word
    if word.endswith("heden"):
        return word[:-5] + "heid"
    if word.endswith("en") and len(word) >= 6:
        return _closed(word[:-2])
    if word.endswith("e") and len(word) >= 6 and word[-2] not in "aeiouy":
        return _closed(word[:-1])
    if word.endswith("s") and word[-2] in "lrnmptk" and word[-3] != word[-2]:
        return word[:-1]
    return word


def _closed(word: str) -> str:
    """The singular spelling once a plural ending is gone: 'stoff' -> 'stof', 'duurzam' -> 'duurzaam'."""
    if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in "aeiouy":
        return word[:-1]
    if len(word) >= 4 and word[-1] not in "aeiouy" and word[-2] in "aou" and word[-3] not in "aeouy":
        return word[:-1] + word[-2] + word[-1]
    return word


VOWELS = frozenset("aeiou")


def singulars(word: str) -> set[str]:
    """A phrase word and, for a Dutch plural, its singular: "onderdelen" also finds "onderdeel"."""
    forms = {word}
    if len(word) >= 8 and word.isalpha() and word.endswith("en"):  # short words are often verbs: "branden"
        stem = word[:-2]  # "verpakkingen" -> "verpakking", "onderdelen" -> "onderdel"
        forms.add(stem)
        if stem[-1] not in VOWELS and stem[-2] in VOWELS and stem[-3] not in VOWELS:
            forms.add(stem[:-1] + stem[-2] + stem[-1])  # open syllable: "onderdel" -> "onderdeel"
    elif len(word) >= 5 and word.isalpha() and word.endswith("s") and word[-2] not in "s":
        forms.add(word[:-1])  # "labels" -> "label"
    if len(word) >= 5 and word.isalpha() and (word[-1] == "f" or (word[-1] == "s" and word[-2] in VOWELS)):
        forms.add(word[:-1] + ("v" if word[-1] == "f" else "z"))  # "bedrijf" also finds "bedrijven"
    return forms


def inflected(word: str) -> set[str]:
    """A phrase word and its inflected adjective form: a long vowel in a closed syllable is written single
    before the -e ("afbreekbaar" ~ "afbreekbare", "duurzaam" ~ "duurzame", "europees" ~ "europese"), and -ief
    becomes -ieve ("innovatief" ~ "innovatieve")."""
    forms = {word}
    if len(word) >= 5 and word.isalpha():
        if word[-3] == word[-2] and word[-2] in VOWELS and word[-1] not in VOWELS:
            forms.add(word[:-2] + ("v" if word[-1] == "f" else word[-1]) + "e")
        elif word.endswith("ief"):
            forms.add(word[:-1] + "ve")
    return forms
