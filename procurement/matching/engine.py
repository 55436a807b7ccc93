"""The matcher: compile a catalogue once, then check documents against it (pure, deterministic)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from procurement.catalogue.model import Catalogue, Criterion
from procurement.documents.model import Block, Document
from procurement.matching import cues
from procurement.matching.groups import GroupDetector
from procurement.matching.model import Evidence, Finding, ProductGroupMatch, Report
from procurement.matching.phrases import PhraseIndex
from procurement.matching.scoring import essential_complete, score, theme_scores
from procurement.matching.text import fold, sentences, tokens

ENGINE_VERSION = "1.0.0"
BOUNDARY = "|"  # never produced by the tokenizer: keeps phrases from spanning two blocks
CONTEXT_BACK = 3  # blocks looked at before a hit for the start of the clause
CONTEXT_AHEAD = 3  # blocks looked at after a hit for the rest of the clause
SECTION_SPAN = 6  # blocks after a heading that names the topic which belong to its clause
MAX_PASSAGES = 5
LEAD_BLOCKS = 2  # paragraphs before a clause quoted with it  # binding passages quoted as evidence for one finding
TOPIC = -1


@dataclass(frozen=True, slots=True)
class _Compiled:
    criterion: Criterion
    topic: frozenset[int]
    elements: tuple[frozenset[int], ...]
    required: int
    own: frozenset[int]  # topic and element phrases together


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    verdict: cues.Verdict
    phrases: frozenset[int]


@dataclass(slots=True)
class _Scan:
    """One document, tokenised once: which phrases occur in which block, under which heading."""

    document: Document
    folded: list[str]  # per block: its folded text
    phrases_in: list[dict[int, int]]  # per block: phrase id -> count
    blocks_with: dict[int, list[int]]  # phrase id -> blocks holding it, in order
    heading_of: list[int | None]  # per block: index of the heading block of its section
    sentences: dict[int, list[_Sentence]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Unit:
    """A candidate clause: the blocks it spans and how binding it is."""

    blocks: tuple[int, ...]
    anchor: int
    verdict: cues.Verdict
    elements: frozenset[int]
    phrases: tuple[str, ...]


def compile_catalogue(catalogue: Catalogue) -> Matcher:
    return Matcher(catalogue)


class Matcher:
    """A catalogue compiled for matching: one phrase index over every criterion's phrases."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.index = PhraseIndex(())
        ids: dict[str, int] = {}

        def pid(text: str) -> int:
            key = " ".join(tokens(text))
            if key not in ids:
                ids[key] = self.index.add(text)
            return ids[key]

        self.compiled: list[_Compiled] = []
        for criterion in catalogue.criteria:
            rec = criterion.recognition
            topic = frozenset(pid(p) for p in rec.phrases)
            elements = tuple(frozenset(pid(p) for p in el.phrases) for el in rec.elements)
            required = rec.min_elements if rec.min_elements is not None else len(elements)
            own = topic.union(*elements) if elements else topic
            self.compiled.append(_Compiled(criterion, topic, elements, required, own))
        self.groups = GroupDetector(catalogue, self.index)

    # -- public -------------------------------------------------------------------------------------------

    def detect_product_groups(self, document: Document) -> tuple[ProductGroupMatch, ...]:
        return self._detect(self._scan(document))

    def _detect(self, scan: _Scan) -> tuple[ProductGroupMatch, ...]:
        return self.groups.detect(scan.document.blocks, scan.folded, scan.phrases_in)

    def run(
        self,
        document: Document,
        product_groups: Sequence[str] | None = None,
        all_criteria: bool = False,
    ) -> Report:
        """Check one document; `product_groups` skips detection; `all_criteria` ignores applicability."""
        return self.run_tender([(None, document)], product_groups, all_criteria)

    def run_tender(
        self,
        documents: Sequence[tuple[str | None, Document]],
        product_groups: Sequence[str] | None = None,
        all_criteria: bool = False,
    ) -> Report:
        """Check all documents of one tender together: per criterion the best finding over the documents."""
        scans = [(name, self._scan(doc)) for name, doc in documents]
        if product_groups:
            groups = tuple(ProductGroupMatch(g, "given", "opgegeven") for g in product_groups)
        else:
            groups = _merge_groups(self._detect(scan) for _, scan in scans)
        group_ids = {g.id for g in groups}
        applicable = [
            item
            for item in self.compiled
            if not item.criterion.retired
            and (all_criteria or item.criterion.applies_to_all or group_ids & set(item.criterion.product_groups))
        ]
        candidates = [(name, scan, self._candidates(applicable, scan)) for name, scan in scans]
        findings = []
        for item in self.compiled:
            criterion = item.criterion
            if criterion.retired:
                continue
            if item in applicable:
                judged = [self._judge(item, scan, name, units) for name, scan, units in candidates]
                findings.append(max(judged, key=_rank) if judged else self._absent(item))
            else:
                findings.append(
                    Finding(
                        criterion=criterion.id,
                        theme=criterion.theme,
                        kind=criterion.kind,
                        essential=criterion.essential,
                        status="not_applicable",
                        similarity=0.0,
                        explanation="Geldt niet voor de productgroep(en) van dit bestek.",
                    )
                )
        return Report(
            catalogue_version=self.catalogue.version,
            engine_version=ENGINE_VERSION,
            product_groups=groups,
            findings=tuple(findings),
            themes=theme_scores(findings),
            score=score(findings),
            essential_complete=essential_complete(findings),
        )

    def _absent(self, item: _Compiled) -> Finding:
        c = item.criterion
        return Finding(c.id, c.theme, c.kind, c.essential, "missing", 0.0, explanation="Niet gevonden in het bestek.")

    # -- scanning -----------------------------------------------------------------------------------------

    def _scan(self, document: Document) -> _Scan:
        words: list[str] = []
        starts: list[int] = []
        heading_of: list[int | None] = []
        heading: int | None = None
        # one fold for the whole text: NUL never occurs in a block and survives folding
        folded = fold("\0".join(block.text for block in document.blocks)).split("\0")
        if len(folded) != len(document.blocks):  # a NUL inside a block after all
            folded = [fold(block.text) for block in document.blocks]
        for i, block in enumerate(document.blocks):
            if block.kind == "heading":
                heading = i
            heading_of.append(heading)
            starts.append(len(words))
            words.extend(cues_tokens(folded[i]))
            words.append(BOUNDARY)
        phrases_in: list[dict[int, int]] = [{} for _ in document.blocks]
        blocks_with: dict[int, list[int]] = {}
        for hit in self.index.find(words):
            at = bisect.bisect_right(starts, hit.start) - 1
            counts = phrases_in[at]
            if hit.phrase not in counts:
                blocks_with.setdefault(hit.phrase, []).append(at)
            counts[hit.phrase] = counts.get(hit.phrase, 0) + 1
        return _Scan(document, folded, phrases_in, blocks_with, heading_of)

    # -- judging ------------------------------------------------------------------------------------------

    def _candidates(self, applicable: list[_Compiled], scan: _Scan) -> dict[str, list[_Unit]]:
        """Every criterion's candidate clauses, with weak claims settled within a theme.

        A binding clause that holds none of a criterion's elements is a weak claim: it is dropped when the same
        blocks hold elements of another criterion of that theme (it is that criterion's clause), and of several
        weak claims on one passage only the criterion whose standard clause reads closest keeps it.
        """
        units = {item.criterion.id: self._units(item, scan) for item in applicable}
        strong: dict[tuple[str, int], set[str]] = {}
        weak: dict[tuple[str, int], list[tuple[float, str]]] = {}
        for item in applicable:
            theme = item.criterion.theme
            for unit in units[item.criterion.id]:
                if not unit.verdict.binding:
                    continue
                if unit.elements or not item.elements:
                    for i in unit.blocks:
                        strong.setdefault((theme, i), set()).add(item.criterion.id)
                else:
                    text = fold(" ".join(scan.document.blocks[i].text for i in unit.blocks))
                    closeness = fuzz.token_set_ratio(fold(item.criterion.clause), text)
                    weak.setdefault((theme, unit.anchor), []).append((closeness, item.criterion.id))
        winners = {key: max(claims, key=lambda c: (c[0], c[1]))[1] for key, claims in weak.items()}
        for item in applicable:
            own, theme = item.criterion.id, item.criterion.theme
            if not item.elements:
                continue
            units[own] = [
                u
                for u in units[own]
                if u.elements
                or not u.verdict.binding
                or (
                    not any(strong.get((theme, i), set()) - {own} for i in u.blocks)
                    and winners.get((theme, u.anchor)) == own
                )
            ]
        return units

    def _judge(self, item: _Compiled, scan: _Scan, file: str | None, candidates: dict[str, list[_Unit]]) -> Finding:
        criterion = item.criterion
        blocks = scan.document.blocks
        units = candidates[criterion.id]
        binding = sorted(
            (u for u in units if u.verdict.binding), key=lambda u: (-len(u.elements), -u.verdict.score, u.anchor)
        )
        base = dict(criterion=criterion.id, theme=criterion.theme, kind=criterion.kind, essential=criterion.essential)
        if not binding:
            if units:
                best = max(units, key=lambda u: u.verdict.score)
                where = _where(blocks[best.anchor])
                return Finding(
                    **base,  # type: ignore[arg-type]
                    status="missing",
                    similarity=0.0,
                    explanation=(
                        f"Enkel vermeld, geen verplichting voor de inschrijver of opdrachtnemer ({where}; "
                        f"{', '.join(best.verdict.cues) or 'geen verplichtende formulering'})."
                    ),
                )
            return Finding(**base, status="missing", similarity=0.0, explanation="Niet gevonden in het bestek.")  # type: ignore[arg-type]
        best = binding[0]
        found = len(best.elements)
        missing = tuple(el.label for k, el in enumerate(criterion.recognition.elements) if k not in best.elements)
        status = "met" if found >= item.required else "partial"
        text = " ".join(blocks[i].text for i in best.blocks)
        similarity = _similarity(criterion, text, found, len(item.elements))
        evidence = tuple(
            Evidence(
                text=blocks[i].text,
                location=blocks[i].location,
                matched_phrases=unit.phrases if i == unit.anchor else (),
                cues=unit.verdict.cues if i == unit.anchor else (),
                file=file,
                context=i not in unit.blocks,
            )
            for unit in binding[:MAX_PASSAGES]
            for i in (*_lead(blocks, unit.blocks[0]), *unit.blocks)
        )
        explanation = (
            f"Gevonden: {', '.join(best.phrases)}; verplichtend door: {', '.join(best.verdict.cues)}; "
            f"{found} van {len(item.elements)} elementen ({_where(blocks[best.anchor])})."
        )
        return Finding(
            **base,  # type: ignore[arg-type]
            status=status,
            similarity=similarity,
            missing_elements=missing if status == "partial" else (),
            evidence=evidence,
            explanation=explanation,
        )

    def _units(self, item: _Compiled, scan: _Scan) -> list[_Unit]:
        """Candidate clauses: runs of blocks around those naming the topic, overlapping runs merged."""
        blocks = scan.document.blocks
        runs: list[list[int]] = []
        for anchor in self._anchors(item, scan):
            start, end = self._extent(item, scan, anchor)
            last = runs[-1] if runs else None
            if last and start <= last[1] + 1 and blocks[start].location.section == blocks[last[1]].location.section:
                last[1] = max(last[1], end)
            else:
                runs.append([start, end, anchor])
        units = []
        for start, end, anchor in runs:
            members = tuple(range(start, end + 1))
            verdict = self._binding(item, scan, members)
            elements = frozenset(
                k for k, pids in enumerate(item.elements) if any(pids & scan.phrases_in[i].keys() for i in members)
            )
            phrases = tuple(
                sorted({self.index.phrases[p] for i in members for p in scan.phrases_in[i] if p in item.own})
            )
            if not phrases:  # only a heading names the topic: a title is not a clause
                verdict = cues.Verdict(min(verdict.score, 0), ("enkel in een titel",))
            units.append(_Unit(members, anchor, verdict, elements, phrases))
        return units

    def _anchors(self, item: _Compiled, scan: _Scan) -> list[int]:
        """Body blocks naming the topic, and the first blocks of a section whose heading names it."""
        blocks = scan.document.blocks
        anchors: set[int] = set()
        for i in {b for pid in item.topic for b in scan.blocks_with.get(pid, ())}:
            if blocks[i].kind != "heading":
                anchors.add(i)
                continue
            for j in range(i + 1, min(len(blocks), i + 1 + SECTION_SPAN)):
                if blocks[j].kind == "heading":
                    break
                anchors.add(j)
        return sorted(anchors)

    def _extent(self, item: _Compiled, scan: _Scan, anchor: int) -> tuple[int, int]:
        """How far a clause reaches around an anchor: lead-in, earlier parts, list items, the rest."""
        blocks = scan.document.blocks
        section = blocks[anchor].location.section

        def related(i: int) -> bool:
            return 0 <= i < len(blocks) and blocks[i].kind != "heading" and blocks[i].location.section == section

        def opens(i: int) -> bool:
            return blocks[i].text.rstrip().endswith(":")

        start = anchor
        while anchor - start < CONTEXT_BACK and related(start - 1):
            if item.own & scan.phrases_in[start - 1].keys() or opens(start - 1):
                start -= 1
            else:
                break
        heading = scan.heading_of[anchor]
        if heading is not None and item.own & scan.phrases_in[heading].keys() and anchor - heading <= SECTION_SPAN:
            start = min(start, heading + 1)
        end = anchor
        while end - anchor < CONTEXT_AHEAD and related(end + 1):
            nxt = end + 1
            listed = blocks[nxt].kind == "list-item" and blocks[end].kind == "list-item"
            if opens(end) or listed or item.own & scan.phrases_in[nxt].keys():
                end = nxt
            else:
                break
        return start, end

    def _binding(self, item: _Compiled, scan: _Scan, members: tuple[int, ...]) -> cues.Verdict:
        """The strongest sentence verdict in a clause; sentences naming none of its phrases count one less."""
        best = cues.Verdict(-99, ())
        for i in members:
            for sentence in self._sentences(scan, i):
                if sentence.verdict.score <= cues.VETO and item.own & sentence.phrases:
                    return sentence.verdict  # "Sociale clausule: niet van toepassing." beside a real duty
                score = sentence.verdict.score
                if not (item.own & sentence.phrases) and not sentence.text.rstrip().endswith(":"):
                    score -= 1
                if score > best.score:
                    best = cues.Verdict(score, sentence.verdict.cues)
        return best

    def _sentences(self, scan: _Scan, i: int) -> list[_Sentence]:
        cached = scan.sentences.get(i)
        if cached is None:
            block = scan.document.blocks[i]
            if block.kind == "heading":
                cached = [_Sentence(block.text, cues.Verdict(-10, ("titel",)), frozenset())]
            else:
                section = block.location.section
                cached = []
                for text in sentences(block.text):
                    folded = fold(text)
                    found = frozenset(h.phrase for h in self.index.find(cues_tokens(folded)))
                    cached.append(_Sentence(text, cues.judge(text, section, folded), found))
            scan.sentences[i] = cached
        return cached


def cues_tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


_TOKEN = re.compile(r"[a-z0-9]+")


def _similarity(criterion: Criterion, text: str, found: int, total: int) -> float:
    coverage = found / total if total else 1.0
    closeness = fuzz.token_set_ratio(fold(criterion.clause), fold(text)) / 100.0
    return round(0.6 * coverage + 0.4 * closeness, 2)


def _where(block: Block) -> str:
    loc = block.location
    parts = [f"§ {loc.paragraph}"]
    if loc.page:
        parts.append(f"p. {loc.page}")
    if loc.section:
        parts.append(f"'{loc.section[:60]}'")
    return ", ".join(parts)


def _lead(blocks: Sequence[Block], first: int) -> tuple[int, ...]:
    """Up to LEAD_BLOCKS paragraphs just before a clause in its section: where a split clause may begin.

    Quoted as evidence (so a reviewer sees the start of the passage), never used to judge it.
    """
    section = blocks[first].location.section
    lead: list[int] = []
    for i in range(first - 1, max(-1, first - 1 - LEAD_BLOCKS), -1):
        block = blocks[i]
        if block.kind not in ("paragraph", "list-item") or block.location.section != section:
            break
        lead.insert(0, i)
    return tuple(lead)


_STATUS_RANK = {"met": 3, "partial": 2, "missing": 1, "not_applicable": 0}


def _rank(finding: Finding) -> tuple[int, float]:
    return (_STATUS_RANK[finding.status], finding.similarity)


def _merge_groups(detected: Iterable[tuple[ProductGroupMatch, ...]]) -> tuple[ProductGroupMatch, ...]:
    best: dict[str, ProductGroupMatch] = {}
    for matches in detected:
        for match in matches:
            if match.id not in best or match.confidence > best[match.id].confidence:
                best[match.id] = match
    return tuple(sorted(best.values(), key=lambda m: (-m.confidence, m.id)))
