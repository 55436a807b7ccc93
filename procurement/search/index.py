"""Catalogue search for buyers: forgiving of typos, compounds, plurals and Flemish variants (pure)."""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from procurement.catalogue.model import ALL_TENDERS, Catalogue, Criterion
from procurement.search.synonyms import load_synonyms, stems
from procurement.text import TOKEN, fold, search_stem

log = logging.getLogger(__name__)

# Words that say the same to a buyer (criteria/search/synonyms.yaml); the first of a group is the form both index
# and query are mapped to.
SYNONYMS = load_synonyms()
STOPWORDS = frozenset(
    "de het een en of van voor in op met te aan bij die dat dit deze is zijn wordt worden als door naar om uit "
    "over tot ook niet geen alle al er kan moet zal wat wie hoe the of and for to".split()
)
# How much a hit counts, by where in the criterion it is: a title or recognition phrase says what a criterion
# is about, a word in the clause may only be mentioned in passing.
WEIGHTS: dict[str, float] = {
    "titel": 10.0, "trefwoorden": 8.0, "labels": 7.0, "productgroep": 6.0, "kenmerk": 5.0, "eForms": 5.0,
    "SDG": 5.0, "juridische basis": 4.0, "onderdelen": 3.0, "clausule": 3.0, "bewijs": 2.0, "toelichting": 2.0,
    "bron": 1.0,
}
EXACT, PREFIX, INFIX, TYPO_1, TYPO_2 = 1.0, 0.85, 0.7, 0.8, 0.65
MIN_PREFIX, MIN_INFIX, MIN_FUZZY, MIN_FUZZY_KNOWN, MIN_SPLIT = 4, 5, 5, 7, 6
HYPHENATED = re.compile(r"([a-z0-9]+)-(?=([a-z0-9]+))")


def _phrase_table() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First stem -> (the phrase's stems, its canonical form), longest phrases first."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for group in SYNONYMS:
        for phrase in group:
            parts = tuple(stems(phrase))
            table.setdefault(parts[0], []).append((parts, "".join(stems(group[0]))))
    for entries in table.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return table


_PHRASES = _phrase_table()


def _synonym_at(seq: list[str], i: int, min_length: int = 1) -> tuple[str, int] | None:
    """The canonical form of a synonym phrase starting at seq[i], and its length in words."""
    for parts, canonical in _PHRASES.get(seq[i], ()):
        if len(parts) >= min_length and tuple(seq[i : i + len(parts)]) == parts:
            return canonical, len(parts)
    return None


def _synonym_of(term: str) -> str | None:
    hit = _synonym_at([term], 0)
    return hit[0] if hit else None


def terms(text: str) -> set[str]:
    """What a text is indexed under: its stems, synonyms' canonical forms, hyphenated words joined."""
    folded = fold(text)
    seq = [search_stem(t) for t in TOKEN.findall(folded) if len(t) > 1]
    found = {s for s in seq if s not in STOPWORDS}
    for i in range(len(seq)):
        hit = _synonym_at(seq, i)
        if hit:
            found.add(hit[0])
    for a, b in HYPHENATED.findall(folded):  # "eco-label" -> "ecolabel"
        joined = search_stem(a + b)
        found.add(joined)
        found.add(_synonym_of(joined) or joined)
    return found


@dataclass(frozen=True, slots=True)
class Query:
    """What a buyer asks: words (may be empty) and filters (empty / None = no filter)."""

    text: str = ""
    theme: str = ""
    group: str = ""  # a product group id (its own criteria and the general ones), or ALL_TENDERS
    kind: str = ""
    ambition: int | None = None
    essential: bool | None = None
    sdg: int | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    criterion: Criterion
    score: float
    fields: tuple[str, ...]  # where the words were found, most telling first


@dataclass(frozen=True, slots=True)
class Results:
    hits: tuple[Hit, ...]
    understood: tuple[str, ...]  # the search terms as understood, after synonyms and corrections
    corrections: tuple[tuple[str, str], ...]  # (typed, corrected) for words found only as a typo
    unknown: tuple[str, ...]  # words found nowhere in the catalogue
    complete: bool  # False: no criterion holds every term; these hold the most of them


@dataclass(frozen=True, slots=True)
class _Concept:
    typed: str
    candidates: dict[str, float]  # index term -> how well it stands for what was typed


class SearchIndex:
    """An inverted index of one catalogue version's criteria; built once, then searched many times."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.version = catalogue.version
        self.criteria = tuple(c for c in catalogue.criteria if not c.retired)
        self.postings: dict[str, dict[int, tuple[float, str]]] = {}
        self.surface: dict[str, str] = {}  # a stem -> a word as written, to show corrections
        self.stem_of: dict[str, str] = {}  # a word as written -> its stem, to correct typos in whole words
        group_names = {g.id: f"{g.name} {' '.join(g.keywords)}" for g in catalogue.product_groups}
        for i, c in enumerate(self.criteria):
            for field, text in _fields(c, group_names):
                weight = WEIGHTS[field]
                for word in TOKEN.findall(fold(text)):
                    self.stem_of[word] = search_stem(word)
                    self.surface.setdefault(self.stem_of[word], word)
                for term in terms(text):
                    slot = self.postings.setdefault(term, {})
                    if weight > slot.get(i, (0.0, ""))[0]:
                        slot[i] = (weight, field)
        for group in SYNONYMS:
            self.surface["".join(stems(group[0]))] = group[0]
        self.vocabulary = sorted(self.postings)
        self.words = sorted(w for w, s in self.stem_of.items() if s in self.postings)
        self._joined = "\n" + "\n".join(self.vocabulary) + "\n"
        self._starts: list[int] = []
        offset = 1
        for word in self.vocabulary:
            self._starts.append(offset)
            offset += len(word) + 1
        log.info("search index for catalogue %s: %d criteria, %d terms", self.version, len(self.criteria),
                 len(self.vocabulary))

    def search(self, query: Query) -> Results:
        chosen = [i for i, c in enumerate(self.criteria) if _passes(c, query)]
        concepts = self._concepts(query.text)
        if not concepts:
            return Results(tuple(Hit(self.criteria[i], 0.0, ()) for i in chosen), (), (), (), True)
        allowed = set(chosen)
        scores: dict[int, float] = {}
        covered: dict[int, int] = {}
        fields: dict[int, dict[str, float]] = {}
        for concept in concepts:
            best: dict[int, tuple[float, str]] = {}
            for term, quality in concept.candidates.items():
                for i, (weight, field) in self.postings[term].items():
                    value = quality * weight
                    if i in allowed and value > best.get(i, (0.0, ""))[0]:
                        best[i] = (value, field)
            for i, (value, field) in best.items():
                scores[i] = scores.get(i, 0.0) + value
                covered[i] = covered.get(i, 0) + 1
                seen = fields.setdefault(i, {})
                seen[field] = max(seen.get(field, 0.0), WEIGHTS[field])
        needed = max(covered.values(), default=0)
        if needed == 0:
            return Results((), self._understood(concepts), self._corrections(concepts), _unknown(concepts), False)
        hits = []
        for i in covered:
            if covered[i] < needed:
                continue
            c = self.criteria[i]
            order = tuple(sorted(fields[i], key=lambda f: -fields[i][f]))
            hits.append((-round(scores[i], 6), not c.essential, c.ambition, i, Hit(c, scores[i], order)))
        hits.sort(key=lambda item: item[:4])
        hits_only = tuple(item[4] for item in hits)
        return Results(hits_only, self._understood(concepts), self._corrections(concepts), _unknown(concepts),
                       needed == len(concepts))

    def _understood(self, concepts: list[_Concept]) -> tuple[str, ...]:
        return tuple(self.surface.get(_best(c), _best(c)) for c in concepts if c.candidates)

    def _corrections(self, concepts: list[_Concept]) -> tuple[tuple[str, str], ...]:
        """What was typed and what it was read as, for words found only as a typo of a catalogue word."""
        return tuple(
            (c.typed, self.surface.get(_best(c), _best(c)))
            for c in concepts
            if c.candidates and c.candidates[_best(c)] <= TYPO_1
        )

    def _concepts(self, text: str) -> list[_Concept]:
        """The query as concepts: synonym phrases and split compounds joined, stop words dropped, each with the
        index terms that may stand for it (exact, longer compounds, typo corrections)."""
        raw = [t for t in TOKEN.findall(fold(text[:200])) if len(t) > 1 or t.isdigit()]
        seq = [search_stem(t) for t in raw]
        concepts: list[_Concept] = []
        i = 0
        while i < len(seq):
            phrase = _synonym_at(seq, i, min_length=2)  # "eerlijke handel" -> "fairtrade"
            if phrase:
                concepts.append(_Concept(" ".join(raw[i : i + phrase[1]]), self._candidates(phrase[0], fuzzy=False)))
                i += phrase[1]
                continue
            if i + 1 < len(seq) and seq[i] not in STOPWORDS and seq[i + 1] not in STOPWORDS:
                joined = search_stem(raw[i] + raw[i + 1])  # "kinder arbeid" -> "kinderarbeid", "sdg 13" -> "sdg13"
                canonical = _synonym_of(joined)
                if canonical or joined in self.postings:
                    concepts.append(_Concept(f"{raw[i]} {raw[i + 1]}", self._candidates(canonical or joined)))
                    i += 2
                    continue
            if seq[i] not in STOPWORDS:
                canonical = _synonym_of(seq[i])  # "iao" -> "ilo", "kuisen" -> "schoonmaak"
                candidates = self._candidates(canonical or seq[i], fuzzy=canonical is None, word=raw[i])
                if candidates and max(candidates.values()) <= TYPO_1:  # only typos: read it as the closest word
                    meant = _best(_Concept(raw[i], candidates))
                    again = self._candidates(_synonym_of(meant) or meant, fuzzy=False)
                    for t, q in again.items():
                        candidates[t] = max(candidates.get(t, 0.0), q * candidates[meant])
                concepts.extend([_Concept(raw[i], candidates)] if candidates else self._split(raw[i], seq[i]))
            i += 1
        return concepts

    def _candidates(self, term: str, fuzzy: bool = True, word: str = "") -> dict[str, float]:
        found: dict[str, float] = {}
        if term in self.postings:
            found[term] = EXACT
        if len(term) >= MIN_PREFIX:  # "energie" -> "energiezuinig", "energielabel"
            at = bisect.bisect_left(self.vocabulary, term)
            while at < len(self.vocabulary) and self.vocabulary[at].startswith(term):
                found.setdefault(self.vocabulary[at], PREFIX)
                at += 1
        if len(term) >= MIN_INFIX:  # "arbeid" -> "kinderarbeid", "dwangarbeid"
            for longer in self._containing(term):
                found.setdefault(longer, INFIX)
        # a typo ("kinderarbied"); and a long word's spelling variants ("onderdeel" ~ "onderdel" of "onderdelen")
        known = term in self.postings
        if fuzzy and len(term) >= (MIN_FUZZY_KNOWN if known else MIN_FUZZY):
            limit = 1 if known or len(term) < 9 else 2
            for similar, quality in _similar(term, self.vocabulary, limit):
                found.setdefault(similar, quality)
            if word and not known:  # the word as typed, against words as written: "fairtrde" ~ "fairtrade"
                for similar, quality in _similar(word, self.words, limit):
                    found.setdefault(self.stem_of[similar], quality)
        return found

    def _containing(self, term: str) -> Iterable[str]:
        at = self._joined.find(term)
        while at != -1:
            index = bisect.bisect_right(self._starts, at) - 1
            yield self.vocabulary[index]
            at = self._joined.find(term, self._starts[index] + len(self.vocabulary[index]))

    def _split(self, typed: str, term: str) -> list[_Concept]:
        """An unknown compound as its two known parts: "afvalbeheer" -> "afval" + "beheer" (or nothing)."""
        if len(term) < MIN_SPLIT:
            return [_Concept(typed, {})]
        best: tuple[int, str, str] | None = None
        for cut in range(3, len(term) - 2):
            left, right = term[:cut], search_stem(term[cut:])
            if left not in self.postings and left.endswith("s") and left[:-1] in self.postings:
                left = left[:-1]  # the linking s of "arbeidsvoorwaarden"
            if left in self.postings and right in self.postings:
                balance = min(len(left), len(right))
                if best is None or balance > best[0]:
                    best = (balance, left, right)
        if best is None:
            return [_Concept(typed, {})]
        return [_Concept(typed, self._candidates(best[1], fuzzy=False)),
                _Concept(typed, self._candidates(best[2], fuzzy=False))]


def _similar(term: str, choices: list[str], limit: int) -> list[tuple[str, float]]:
    """Words within `limit` edits; of two at the same distance the closest in letters counts most."""
    return [
        (word, (TYPO_1 if distance <= 1 else TYPO_2) * fuzz.ratio(term, word) / 100)
        for word, distance, _ in process.extract(term, choices, scorer=OSA.distance, score_cutoff=limit, limit=25)
    ]


def _best(concept: _Concept) -> str:
    return max(concept.candidates, key=lambda t: (concept.candidates[t], -len(t), t))


def _unknown(concepts: list[_Concept]) -> tuple[str, ...]:
    return tuple(c.typed for c in concepts if not c.candidates)


def _fields(c: Criterion, group_names: dict[str, str]) -> list[tuple[str, str]]:
    groups = " ".join(group_names[g] for g in c.product_groups) if c.product_groups else "alle bestekken algemeen"
    return [
        ("titel", c.title),
        ("trefwoorden", " ; ".join(c.recognition.phrases)),
        ("onderdelen", " ; ".join(e.label for e in c.recognition.elements)),
        ("labels", " ; ".join(c.labels)),
        ("productgroep", groups),
        ("kenmerk", c.id),
        ("eForms", " ".join(c.eforms)),
        ("SDG", " ".join(f"sdg{n}" for n in c.sdgs)),
        ("juridische basis", " ; ".join(c.legal_basis)),
        ("clausule", c.clause),
        ("bewijs", c.proof),
        ("toelichting", f"{c.rationale} {c.notes}"),
        ("bron", c.source),
    ]


def _passes(c: Criterion, q: Query) -> bool:
    """Does a criterion meet the filters? A product group keeps the general criteria; ALL_TENDERS is only those."""
    in_group = c.applies_to(() if q.group == ALL_TENDERS else (q.group,))
    return (
        (not q.theme or c.theme == q.theme) and (not q.group or in_group) and (not q.kind or c.kind == q.kind)
        and (q.ambition is None or c.ambition == q.ambition) and (q.essential is None or c.essential == q.essential)
        and (q.sdg is None or q.sdg in c.sdgs)
    )
