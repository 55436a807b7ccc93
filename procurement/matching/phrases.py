"""Find catalogue phrases in token streams in one pass: prefix matching, compounds split or joined (pure).

Rules (also written for catalogue authors in criteria/README.md):
- a phrase word of 4+ letters matches a text word starting with it when fewer than six letters follow
  ("verpakking" ~ "verpakkingen", "fabriek" ~ "fabrieken" but not "fabriekspleisters": a compound is a kind of
  its last part, so list the compounds you mean); shorter words and numbers match exactly;
- a phrase word also matches two adjacent text words written apart ("kinderarbeid" ~ "kinder arbeid");
- a phrase of two or three words also matches them written as one compound ("energie zuinig" ~ "energiezuinig");
- a plural last word also finds its singular ("reserveonderdelen" ~ "reserveonderdeel", "labels" ~ "label"),
  and a last word in -f or -s its plural in -ven / -zen ("maatwerkbedrijf" ~ "maatwerkbedrijven");
- a word also finds its inflected adjective form, where a long vowel is written single before the -e
  ("afbreekbaar" ~ "afbreekbare", "duurzaam" ~ "duurzame", "europees" ~ "europese"; "-ief" ~ "-ieve").
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from procurement.text import inflected, singulars
from procurement.text import tokens as tokenize

KEY_LEN = 4
MIN_SPLIT = 3  # a compound is split no earlier than after 3 letters
WORD_CACHE = 50_000  # text words whose candidate phrases are remembered


# what may follow a phrase word in a text word: an inflection or derivation, or a linking s/e/en before the rest
# of a compound only when that rest is short; "fabriek" finds "fabrieken", not "fabriekspleisters" (a plaster)
COMPOUND_REST = 6  # letters after the phrase word (and its linking letter) from which the word is another thing


def word_matches(phrase_word: str, text_word: str) -> bool:
    if phrase_word == text_word:
        return True
    if len(phrase_word) < KEY_LEN or phrase_word.isdigit() or not text_word.startswith(phrase_word):
        return False
    rest = text_word[len(phrase_word) :]
    return len(rest) < COMPOUND_REST


def _key(word: str) -> str:
    return word[:KEY_LEN] if len(word) >= KEY_LEN and not word.isdigit() else word


@dataclass(frozen=True, slots=True)
class Hit:
    phrase: int  # index into PhraseIndex.phrases
    start: int  # token index of the first word
    end: int  # token index after the last word


class PhraseIndex:
    """Compiled phrases; `find(tokens)` returns every occurrence, left to right."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: list[str] = []
        self._forms: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        # (first part of a compound, key of its rest) -> phrases: "kinder" + "arbe" for "kinderarbeid"
        self._splits: dict[tuple[str, str], list[tuple[int, str, tuple[str, ...]]]] = defaultdict(list)
        self._split_heads: set[str] = set()
        for text in phrases:
            self.add(text)
        self._first_cache: dict[str, tuple[list[int], dict[str, list[tuple[int, tuple[str, ...]]]]]] = {}

    def add(self, text: str) -> int:
        pid = len(self.phrases)
        self.phrases.append(text)
        words = tuple(tokenize(text))
        if not words:
            return pid
        options = [sorted(inflected(w)) for w in words[:-1]]
        options.append(sorted({f for last in singulars(words[-1]) for f in inflected(last)}))
        forms = set(itertools.product(*options))
        if 2 <= len(words) <= 3 and all(w.isalpha() for w in words):
            forms.add(("".join(words),))
        for form in forms:
            self._forms[_key(form[0])].append((pid, form))
            head = form[0]
            if head.isalpha() and len(head) >= 2 * MIN_SPLIT:
                for cut in range(MIN_SPLIT, len(head) - MIN_SPLIT + 1):
                    self._splits[head[:cut], _key(head[cut:])].append((pid, head[cut:], form[1:]))
                    self._split_heads.add(head[:cut])
        return pid

    def _first(self, word: str) -> tuple[list[int], dict[str, list[tuple[int, tuple[str, ...]]]]]:
        """The one-word phrases a text word is, and the longer ones it starts, by the key of their second word."""
        cached = self._first_cache.get(word)
        if cached is None:
            singles: list[int] = []
            longer: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
            for pid, form in self._forms.get(_key(word), ()):
                if word_matches(form[0], word):
                    if len(form) == 1:
                        singles.append(pid)
                    else:
                        longer.setdefault(_key(form[1]), []).append((pid, form))
            cached = (singles, longer)
            if len(self._first_cache) >= WORD_CACHE:  # bounded: a long-running server sees every word there is
                self._first_cache.clear()
            self._first_cache[word] = cached
        return cached

    def find(self, words: Sequence[str]) -> list[Hit]:
        hits: list[Hit] = []
        n = len(words)
        first = self._first
        splits = self._splits
        distinct = set(words)
        keys = {w: _key(w) for w in distinct}
        candidates = {w: first(w) for w in distinct}  # looked up once per distinct word, not per occurrence
        heads = self._split_heads  # words that may start a compound written apart
        for i, word in enumerate(words):
            singles, longer = candidates[word]
            for pid in singles:
                hits.append(Hit(pid, i, i + 1))
            if i + 1 < n:
                nxt = words[i + 1]
                if longer:
                    for pid, form in longer.get(keys[nxt], ()):
                        end = _match_rest(form, 1, words, i + 1)
                        if end is not None:
                            hits.append(Hit(pid, i, end))
                for pid, rest, tail in splits.get((word, keys[nxt]), ()) if word in heads else ():
                    if word_matches(rest, nxt):
                        end = _match_rest((rest, *tail), 1, words, i + 2)
                        if end is not None:
                            hits.append(Hit(pid, i, end))
        return hits


def _match_rest(form: tuple[str, ...], k: int, words: Sequence[str], j: int) -> int | None:
    while k < len(form):
        if j >= len(words) or not word_matches(form[k], words[j]):
            return None
        k += 1
        j += 1
    return j
