"""How a catalogue clause appears in a bestek (reworded, shortened, split, in a table, ...) and mention-only traps.

Every variant is labelled by the matcher's own phrase rules (`PhraseIndex` over `tokens`), so the expected
status and the expected missing elements are exact for the text that was actually placed.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from benchmarks.filler import REQUIREMENT_HEADER, REQUIREMENT_ROWS
from benchmarks.render import Heading, NumberedList, Paragraph, Part, Table, block_texts
from procurement.catalogue.model import Catalogue, Criterion
from procurement.matching.phrases import PhraseIndex
from procurement.text import sentences, tokens

POSITIVE_KINDS: tuple[str, ...] = ("verbatim", "reworded", "shortened", "split", "table", "list", "pdf")
PARTIAL = "partial"
REMOVED = "removed"
TRAP_KINDS: tuple[str, ...] = (
    "not-applicable",
    "heading",
    "toc",
    "policy",
    "guidance",
    "placeholder",
    "agency",
    "law",
)
CONTEXT = "context"  # a placement kept in a "removed" twin document; not scored there
TOPIC = -1

# Where a placement goes in the document.
REQUIREMENT, INFO, OWN_HEADING, CONTENTS = "requirement", "info", "own-heading", "contents"


@dataclass(frozen=True, slots=True)
class Placement:
    """One labelled piece of text for one criterion: a clause variant or a trap."""

    criterion: str
    kind: str
    parts: tuple[Part, ...]
    expected: str  # "met" | "partial" | "missing"
    missing: tuple[str, ...] = ()  # element labels expected missing (for partial)
    where: str = REQUIREMENT
    detail: str = ""

    @property
    def texts(self) -> list[str]:
        return [text for part in self.parts for text in block_texts(part)]


class PhraseOracle:
    """Which criteria a text names (topic phrases) and which elements, by the matcher's phrase rules."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.index = PhraseIndex(())
        self.owners: list[list[tuple[str, int]]] = []
        keys: dict[str, int] = {}
        for criterion in catalogue.criteria:
            rec = criterion.recognition
            for phrase in rec.phrases:
                self._add(keys, phrase, (criterion.id, TOPIC))
            for k, element in enumerate(rec.elements):
                for phrase in element.phrases:
                    self._add(keys, phrase, (criterion.id, k))
        self._hits = lru_cache(maxsize=65536)(self._compute)

    def _add(self, keys: dict[str, int], phrase: str, owner: tuple[str, int]) -> None:
        key = " ".join(tokens(phrase))
        if key not in keys:
            keys[key] = self.index.add(phrase)
            self.owners.append([])
        self.owners[keys[key]].append(owner)

    def _compute(self, text: str) -> frozenset[tuple[str, int]]:
        return frozenset(owner for hit in self.index.find(tokens(text)) for owner in self.owners[hit.phrase])

    def hits(self, text: str) -> frozenset[tuple[str, int]]:
        return self._hits(text)

    def topics(self, texts: Iterable[str]) -> set[str]:
        """Criteria whose topic phrases occur in any of the texts."""
        return {cid for text in texts for cid, k in self.hits(text) if k == TOPIC}

    def touched(self, texts: Iterable[str]) -> set[str]:
        """Criteria with any phrase (topic or element) in any of the texts."""
        return {cid for text in texts for cid, _ in self.hits(text)}

    def elements(self, criterion: str, texts: Iterable[str]) -> frozenset[int]:
        """Elements of `criterion` named in the texts, each text read as one block."""
        return frozenset(k for text in texts for cid, k in self.hits(text) if cid == criterion and k != TOPIC)


# --- clause structure --------------------------------------------------------------------------------------


def clause_sentences(criterion: Criterion) -> list[str]:
    return sentences(" ".join(criterion.clause.split()))


def pieces(sentence: str) -> list[str]:
    """A sentence cut at the commas and semicolons outside brackets ("0,07" stays whole)."""
    out: list[str] = []
    depth = start = 0
    for i, ch in enumerate(sentence):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in ",;" and depth == 0 and sentence[i + 1 : i + 2] == " ":
            out.append(sentence[start:i])
            start = i + 2
    out.append(sentence[start:])
    return [p for p in out if p.strip()]


_FINITE = re.compile(
    r"\b(?:is|zijn|moet|moeten|wordt|worden|dient|dienen|zal|zullen|heeft|hebben|verbindt|kan|kunnen|mag|"
    r"mogen|levert|leveren|toont|voegt|bezorgt|legt|neemt|gebruikt|houdt|geldt|gelden|bevat|bevatten)\b",
    re.IGNORECASE,
)


def _removable(piece: str) -> bool:
    """A sentence part that can go without breaking the sentence: an enumeration item without a verb."""
    return not _FINITE.search(piece)


def _close(text: str) -> str:
    text = text.rstrip(" ,;:")
    return text if text[-1:] in ".!?" else text + "."


# --- rewording ---------------------------------------------------------------------------------------------

PARTY_SYNONYMS = {
    "opdrachtnemer": ("leverancier", "dienstverlener", "aannemer"),
    "inschrijver": ("bieder", "kandidaat"),
}
PLURALS = {"leverancier": "leveranciers", "dienstverlener": "dienstverleners", "aannemer": "aannemers",
           "bieder": "bieders", "kandidaat": "kandidaten"}
PARTICLES = frozenset("na op aan af in uit mee door terug voor toe bij over".split())
POSSESSED = (
    "offerte|onderaannemers|leveranciers|toeleveranciers|personeel|werknemers|medewerkers|producten|aanbod|"
    "eigen|bedrijf|onderneming|voertuigen|diensten|prijsofferte|inschrijving|dossier"
)


def _case_like(word: str, model: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _party(text: str, rng: random.Random) -> str:
    for party, choices in PARTY_SYNONYMS.items():
        if not re.search(rf"\b{party}", text, re.IGNORECASE):
            continue
        new = rng.choice(choices)
        pattern = re.compile(rf"\b[{party[0]}{party[0].upper()}]{party[1:]}(s?)\b")
        text = pattern.sub(lambda m, n=new: _case_like(PLURALS[n] if m.group(1) else n, m.group(0)), text)
    return text


_BINDS = re.compile(r"\b(verbindt|verbinden) zich (?:er ?toe|ertoe)(?: om)? ")
_TE_VERB = re.compile(r"\b(?:(\w+) )?te (\w+)\b")


def _obligation(text: str, rng: random.Random) -> str:
    """"verbindt zich ertoe om ... na te leven" -> "dient ... na te leven" / "moet ... naleven" / "is verplicht om"."""

    def replace(m: re.Match[str]) -> str:
        plural = m.group(1) == "verbinden"
        return rng.choice(("dienen ", "zijn verplicht om ")) if plural else rng.choice(("dient ", "is verplicht om "))

    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        match = _BINDS.search(sentence)
        if match and rng.random() < 0.4 and match.group(1) == "verbindt":
            rest = sentence[match.end() :]
            te = _TE_VERB.search(rest)
            if te:
                particle, verb = te.group(1), te.group(2)
                if particle and particle.lower() in PARTICLES:
                    joined = rest[: te.start()] + particle + verb + rest[te.end() :]
                else:
                    joined = rest[: te.start()] + (f"{particle} " if particle else "") + verb + rest[te.end() :]
                sentence = sentence[: match.start()] + "moet " + joined
                out.append(sentence)
                continue
        out.append(_BINDS.sub(replace, sentence))
    return " ".join(out)


def _modal(text: str, rng: random.Random) -> str:
    return re.sub(r"\bmoet\b", "zal", re.sub(r"\bmoeten\b", "zullen", text))


def _threshold(text: str, rng: random.Random) -> str:
    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        choices = [w for w in ("ten minste", "minstens", "minimaal") if w != word.lower()]
        return _case_like(rng.choice(choices), word)

    return re.sub(r"\b(?:[Tt]en minste|[Mm]instens|[Mm]inimaal)\b", swap, text)


def _informal(text: str, rng: random.Random) -> str:
    """Address the bidder or contractor as "u"."""
    party = next((p for p in ("inschrijver", "opdrachtnemer") if re.search(rf"\b[Dd]e {p}\b", text)), None)
    if party is None:
        return text
    text = re.sub(rf"\bDe {party}\b", "U", text)
    text = re.sub(rf"\bde {party}\b", "u", text)
    text = re.sub(r"\bhij\b", "u", text)
    text = re.sub(r"\bHij\b", "U", text)
    return re.sub(rf"\bzijn ({POSSESSED})\b", r"uw \1", text)


def _order(text: str, rng: random.Random) -> str:
    parts = sentences(text)
    if len(parts) < 3:
        return text
    rest = parts[1:]
    rng.shuffle(rest)
    return " ".join([parts[0], *rest]) if rng.random() < 0.6 else " ".join([*rest[:1], parts[0], *rest[1:]])


REWORDINGS: tuple[tuple[str, Callable[[str, random.Random], str]], ...] = (
    ("party", _party),
    ("obligation", _obligation),
    ("modal", _modal),
    ("threshold", _threshold),
    ("informal", _informal),
    ("order", _order),
)


def reword(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """Apply two to four rewordings that change the text; return the text and their names."""
    names = [name for name, _ in REWORDINGS]
    rng.shuffle(names)
    chosen = names[: rng.randint(2, 4)]
    if "informal" in chosen and "party" in chosen:  # "u" replaces the party: renaming it first would hide it
        chosen.remove("party")
    applied: list[str] = []
    functions = dict(REWORDINGS)
    for name in names:  # in a fixed order so "informal" sees the original party
        if name not in chosen:
            continue
        new = functions[name](text, rng)
        if new != text:
            applied.append(name)
            text = new
    return text, applied


# --- variants ----------------------------------------------------------------------------------------------


class Variants:
    """Clause variants and traps for the criteria of one catalogue."""

    def __init__(self, catalogue: Catalogue, oracle: PhraseOracle | None = None) -> None:
        self.catalogue = catalogue
        self.oracle = oracle or PhraseOracle(catalogue)

    def _expect(
        self, criterion: Criterion, kind: str, parts: tuple[Part, ...], where: str, detail: str = ""
    ) -> Placement | None:
        """Label a positive placement by the phrases its blocks name; None when the topic got lost."""
        texts = [t for p in parts for t in block_texts(p)]
        if criterion.id not in self.oracle.topics(texts):
            return None
        found = self.oracle.elements(criterion.id, texts)
        rec = criterion.recognition
        required = rec.min_elements if rec.min_elements is not None else len(rec.elements)
        status = "met" if len(found) >= required else "partial"
        missing = tuple(el.label for k, el in enumerate(rec.elements) if k not in found) if status == "partial" else ()
        return Placement(criterion.id, kind, parts, status, missing, where, detail)

    def positive(self, criterion: Criterion, kind: str, rng: random.Random) -> Placement | None:
        """One positive variant of the criterion's clause, or None when the clause does not allow it."""
        full = " ".join(criterion.clause.split())
        sents = clause_sentences(criterion)
        if kind in ("verbatim", "pdf"):
            return self._expect(criterion, kind, (Paragraph(full),), REQUIREMENT)
        if kind == "reworded":
            text, applied = reword(full, rng)
            if not applied:
                return None
            return self._expect(criterion, kind, (Paragraph(text),), REQUIREMENT, "+".join(applied))
        if kind == "shortened":
            kept = self._shorten(criterion, sents)
            if kept is None:
                return None
            return self._expect(criterion, kind, (Paragraph(" ".join(kept)),), REQUIREMENT,
                                f"{len(kept)} van {len(sents)} zinnen")
        if kind == "split":
            if len(sents) < 2:
                return None
            cut = rng.randint(1, len(sents) - 1)
            parts = (Paragraph(" ".join(sents[:cut])), Paragraph(" ".join(sents[cut:])))
            return self._expect(criterion, kind, parts, REQUIREMENT, f"na zin {cut}")
        if kind == "table":
            rows = list(rng.sample(REQUIREMENT_ROWS, 2))
            proof = " ".join(criterion.proof.split()) or "Verklaring op erewoord"
            at = rng.randint(0, len(rows))
            body = [(text, evidence) for text, evidence in rows]
            body.insert(at, (full, proof))
            table = Table((REQUIREMENT_HEADER, *((str(n), t, e) for n, (t, e) in enumerate(body, start=1))))
            return self._expect(criterion, kind, (table,), REQUIREMENT, f"rij {at + 1}")
        if kind == "list":
            if len(sents) >= 2:
                lead = rng.choice(
                    (
                        "Bij de uitvoering van de opdracht gelden de volgende bepalingen:",
                        f"{criterion.title}:",
                        "De volgende voorwaarden zijn van toepassing:",
                    )
                )
                return self._expect(criterion, kind, (Paragraph(lead), NumberedList(tuple(sents))), REQUIREMENT,
                                    "zinnen als lijst")
            cut = pieces(sents[0]) if sents else []
            if len(cut) < 2:
                return None
            items = tuple(_close(p) if i == len(cut) - 1 else p.rstrip() + ";" for i, p in enumerate(cut[1:], 1))
            return self._expect(criterion, kind, (Paragraph(cut[0].rstrip() + ":"), NumberedList(items)),
                                REQUIREMENT, "zinsdelen als lijst")
        raise ValueError(kind)

    def _shorten(self, criterion: Criterion, sents: list[str]) -> list[str] | None:
        """Keep the first sentence and the sentences that add an element; None when nothing can go."""
        if len(sents) < 2:
            return None
        cid = criterion.id
        kept = [sents[0]]
        have = set(self.oracle.elements(cid, [sents[0]]))
        for sentence in sents[1:]:
            new = self.oracle.elements(cid, [sentence]) - have
            if new:
                kept.append(sentence)
                have |= new
        if cid not in self.oracle.topics(kept):
            first = next((s for s in sents if cid in self.oracle.topics([s])), None)
            if first is None:
                return None
            kept = [s for s in sents if s in kept or s == first]
        return kept if len(kept) < len(sents) else None

    def partials(self, criterion: Criterion, rng: random.Random, limit: int = 1) -> list[Placement]:
        """The clause without the sentence parts that name some elements: expect partial with those missing.

        Whole sentences go, or enumeration parts without a verb ("nr. 87 en 98 (vrijheid van vereniging)");
        the opening of the first sentence always stays. Up to `limit` variants with different texts.
        """
        rec = criterion.recognition
        cid = criterion.id
        sents = clause_sentences(criterion)
        found = sorted(self.oracle.elements(cid, sents))
        if not rec.elements or not found:
            return []
        required = rec.min_elements if rec.min_elements is not None else len(rec.elements)
        lowest = max(1, len(found) - required + 1)
        subsets = [set(c) for n in range(lowest, len(found) + 1) for c in itertools.combinations(found, n)]
        rng.shuffle(subsets)
        subsets.sort(key=lambda d: len(d) == len(found))  # keep at least one element when possible
        out: list[Placement] = []
        for drop in subsets:
            remaining = self._without(sents, cid, drop)
            if remaining is None or any(p.texts == [remaining] for p in out):
                continue
            still = self.oracle.elements(cid, [remaining])
            if still & drop or len(still) >= required or cid not in self.oracle.topics([remaining]):
                continue
            missing = tuple(el.label for k, el in enumerate(rec.elements) if k not in still)
            names = ", ".join(rec.elements[k].id for k in sorted(drop))
            out.append(Placement(cid, PARTIAL, (Paragraph(remaining),), "partial", missing, REQUIREMENT,
                                 f"zonder {names}"))
            if len(out) >= limit:
                break
        return out

    def _without(self, sents: list[str], cid: str, drop: set[int]) -> str | None:
        kept_sentences: list[str] = []
        for s, sentence in enumerate(sents):
            parts = pieces(sentence)
            named = [bool(self.oracle.elements(cid, [p]) & drop) for p in parts]
            if not any(named):
                kept_sentences.append(sentence)
                continue
            if named[0] and s == 0:
                return None  # the opening names it: nothing sensible remains
            if any(n and not _removable(p) for n, p in zip(named, parts, strict=True)) or named[0]:
                if s == 0:
                    return None
                continue  # the element sits in the main clause: the whole sentence goes
            kept_sentences.append(_close(", ".join(p.strip() for j, p in enumerate(parts) if not named[j])))
        return " ".join(kept_sentences) or None

    def trap(self, criterion: Criterion, kind: str, rng: random.Random, number: int = 0) -> Placement | None:
        """A mention of the criterion that requires nothing; None when no wording names its topic."""
        cid = criterion.id
        title = criterion.title
        subject = self._subject(criterion, rng)
        if subject is None:
            return None
        if kind in ("policy", "guidance", "law", "agency") and rng.random() < 0.5:
            subject = self._phrase(criterion, rng)
        lower = subject[0].lower() + subject[1:] if not subject[:2].isupper() else subject
        if kind == "not-applicable":
            text = rng.choice((f"{subject}: niet van toepassing.", f"{subject}: niet van toepassing op deze opdracht."))
            placement = Placement(cid, kind, (Paragraph(text),), "missing", where=REQUIREMENT)
        elif kind == "heading":
            placement = Placement(cid, kind, (Heading(f"Artikel {number} – {subject}"),), "missing",
                                  where=OWN_HEADING)
        elif kind == "toc":
            dots = "." * rng.randint(12, 40)
            text = f"Artikel {number} – {subject} {dots} {rng.randint(3, 40)}"
            placement = Placement(cid, kind, (Paragraph(text),), "missing", where=CONTENTS)
        elif kind == "policy":
            text = rng.choice(
                (
                    f"De stad streeft ernaar om in al haar aankopen rekening te houden met {lower}.",
                    f"De stad streeft ernaar om tegen 2030 {lower} als vaste praktijk in te voeren.",
                    f"Het stadsbestuur wil met zijn aankoopbeleid bijdragen aan {lower}.",
                )
            )
            placement = Placement(cid, kind, (Paragraph(text),), "missing", where=rng.choice((INFO, REQUIREMENT)))
        elif kind == "guidance":
            text = rng.choice(
                (
                    f"U kan in uw bestek een clausule over {lower} opnemen.",
                    f"U kunt in het bestek eisen opnemen over {lower}; de criteriatool geeft voorbeelden.",
                    f"Als aankoper kan je overwegen om {lower} als gunningscriterium te gebruiken.",
                )
            )
            placement = Placement(cid, kind, (Paragraph(text),), "missing", where=rng.choice((INFO, REQUIREMENT)))
        elif kind == "placeholder":
            text = rng.choice((f"{subject}: [invullen]", f"{subject}: ……………", f"{subject}: [keuze aankoper]"))
            placement = Placement(cid, kind, (Paragraph(text),), "missing", where=REQUIREMENT)
        elif kind == "agency":
            name = self._name(criterion, rng) or lower
            text = rng.choice(
                (
                    f"Tijdens de infosessie van de aankoopcentrale werd ook {name} kort voorgesteld.",
                    f"Het jaarverslag van de dienst aankoop vermeldt {name} bij de besproken initiatieven.",
                    f"Vragen over {name} kunnen aan de dienst duurzame ontwikkeling worden gesteld.",
                )
            )
            placement = Placement(cid, kind, (Paragraph(text),), "missing", where=rng.choice((INFO, REQUIREMENT)))
        elif kind == "law":
            text = rng.choice(
                (
                    f"Artikel 87 van de wet van 17 juni 2016 laat toe om bijzondere uitvoeringsvoorwaarden op te "
                    f"leggen over {lower}.",
                    f"De wet van 17 juni 2016 laat de aanbestedende overheid toe om eisen te stellen inzake {lower}, "
                    f"voor zover die verband houden met het voorwerp van de opdracht.",
                )
            )
            placement = Placement(cid, kind, (Paragraph(text),), "missing", where=rng.choice((INFO, REQUIREMENT)))
        else:
            raise ValueError(kind)
        if cid not in self.oracle.topics(placement.texts):
            return None
        return Placement(placement.criterion, placement.kind, placement.parts, "missing", (), placement.where,
                         f"'{title}'")

    def _subject(self, criterion: Criterion, rng: random.Random) -> str | None:
        """The title when it names the topic, else the title with a topic phrase in brackets."""
        if criterion.id in self.oracle.topics([criterion.title]):
            return criterion.title
        for phrase in rng.sample(list(criterion.recognition.phrases), len(criterion.recognition.phrases)):
            candidate = f"{criterion.title} ({phrase})"
            if criterion.id in self.oracle.topics([candidate]):
                return candidate
        return None

    def _phrase(self, criterion: Criterion, rng: random.Random) -> str:
        """One of the criterion's topic phrases, as a bestek would write it."""
        phrases = sorted(criterion.recognition.phrases, key=len, reverse=True)
        phrase = rng.choice(phrases[: max(1, len(phrases) // 2)])
        return phrase.upper() if len(phrase) <= 4 and phrase.isalpha() else phrase

    def _name(self, criterion: Criterion, rng: random.Random) -> str | None:
        """A label or agency name from the criterion that names its topic."""
        names = [n for n in criterion.labels if "gelijkwaardig" not in n.lower()]
        rng.shuffle(names)
        for name in names:
            if criterion.id in self.oracle.topics([name]):
                return f"het label {name}" if rng.random() < 0.5 else name
        return None
