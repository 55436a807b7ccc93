"""The matcher: compile a catalogue once, then check documents against it (pure, deterministic).

A criterion is found only where its topic and an obligation meet: a sentence that names one of its topic phrases
(or stands under a lead-in or heading that does) and binds the bidder or contractor (`cues`). The clause around
that sentence (its lead-in, list items, the rest of a split clause) is where its elements are counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from procurement.catalogue.model import KIND_NAMES, Catalogue, Criterion
from procurement.documents.model import Block, Document
from procurement.matching import frames
from procurement.matching.clauses import Clause, CompiledCriterion, find_clauses, requirement_twins
from procurement.matching.groups import GroupDetector
from procurement.matching.model import Evidence, Finding, ProductGroupMatch, Report
from procurement.matching.phrases import PhraseIndex
from procurement.matching.scan import Scan, scan
from procurement.matching.scoring import essential_complete, score, theme_scores
from procurement.text import fold, tokens

ENGINE_VERSION = "2.11.1"
# the phrases that make an award criterion's element the one about points or weight
SCORING_WORDS = frozenset({"punten", "weging"})
# the element ids that say how a clause is proven or what else is accepted, not what it requires
PROCEDURAL_ELEMENTS = frozenset({"proof", "equivalent"})
MAX_PASSAGES = 5  # binding passages quoted as evidence for one finding
LEAD_BLOCKS = 2  # paragraphs before a clause quoted with it


def compile_catalogue(catalogue: Catalogue) -> Matcher:
    return Matcher(catalogue)


class Matcher:
    """A catalogue compiled for matching: one phrase index over every criterion's phrases."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.index = PhraseIndex(())
        phrase_ids: dict[str, int] = {}  # by the phrase's tokens: phrases written alike share one id
        common = {" ".join(tokens(p)) for p in catalogue.common_phrases}

        def phrase_id(text: str) -> int:
            key = " ".join(tokens(text))
            if key not in phrase_ids:
                phrase_ids[key] = self.index.add(text)
            return phrase_ids[key]

        self.compiled: list[CompiledCriterion] = []
        for criterion in catalogue.criteria:
            recognition = criterion.recognition
            topic = frozenset(phrase_id(p) for p in recognition.phrases)
            elements = tuple(frozenset(phrase_id(p) for p in element.phrases) for element in recognition.elements)
            required = recognition.min_elements if recognition.min_elements is not None else len(elements)
            phrases = topic.union(*elements)
            specific = frozenset(p for p in phrases if " ".join(tokens(self.index.phrases[p])) not in common)
            scored_by = frozenset(k for k, element in enumerate(recognition.elements)
                                  if criterion.kind == "award-criterion" and SCORING_WORDS & set(element.phrases))
            procedural = frozenset(k for k, element in enumerate(recognition.elements)
                                   if element.id in PROCEDURAL_ELEMENTS)
            own = frames.own_frames(criterion.theme, [self.index.phrases[p] for p in phrases])
            self.compiled.append(CompiledCriterion(criterion, topic, elements, required, phrases, specific, scored_by,
                                                   procedural, own))
        self.groups = GroupDetector(catalogue, self.index)
        self.twins = requirement_twins(self.compiled)

    # -- public -------------------------------------------------------------------------------------------

    def detect_product_groups(self, document: Document) -> tuple[ProductGroupMatch, ...]:
        return self._detect(scan(document, self.index))

    def _detect(self, read: Scan) -> tuple[ProductGroupMatch, ...]:
        return self.groups.detect(read.document.blocks, read.folded, read.phrases_in)

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
        scans = [(name, scan(doc, self.index)) for name, doc in documents]
        if product_groups:
            groups = tuple(ProductGroupMatch(g, "given", "opgegeven") for g in product_groups)
        else:
            groups = _merge_groups(self._detect(read) for _, read in scans)
        group_ids = {g.id for g in groups}
        applicable = {
            item.criterion.id
            for item in self.compiled
            if not item.criterion.retired
            and (all_criteria or item.criterion.applies_to(group_ids))
        }
        # a general criterion restated by an applicable specific one is judged through that one only (with
        # `all_criteria` every criterion is judged on its own, as the check contract promises)
        restated_by: dict[str, list[Criterion]] = {}  # general criterion id -> the specific ones restating it
        for item in self.compiled if not all_criteria else ():
            if item.criterion.id in applicable and item.criterion.refines in applicable:
                restated_by.setdefault(item.criterion.refines, []).append(item.criterion)
        findings = []
        for item in self.compiled:
            criterion = item.criterion
            if criterion.retired:
                continue
            if criterion.id not in applicable:
                findings.append(_not_applicable(criterion, "Geldt niet voor de productgroepen van dit bestek."))
            elif criterion.id in restated_by:
                names = ", ".join(f"'{c.title}'" for c in restated_by[criterion.id])
                findings.append(_not_applicable(criterion, f"Gedekt door het specifiekere criterium {names}."))
            else:
                judged = [self._judge(item, read, name) for name, read in scans]
                findings.append(max(judged, key=_rank) if judged else self._judge_nothing(item))
        # only a criterion that applies to the bestek's own groups takes over a passage (not one that `all_criteria`
        # judges for another product group), and not a general one that a criterion of those groups restates
        restated = {item.criterion.refines for item in self.compiled
                    if item.criterion.refines and item.criterion.applies_to(group_ids)}
        may_take_over = {
            item.criterion.id: item.criterion.title
            for item in self.compiled
            if item.criterion.applies_to(group_ids) and item.criterion.id not in restated
        }
        findings = counted_once(findings, may_take_over)
        return Report(
            catalogue_version=self.catalogue.version,
            engine_version=ENGINE_VERSION,
            product_groups=groups,
            findings=tuple(findings),
            themes=theme_scores(findings),
            score=score(findings),
            essential_complete=essential_complete(findings),
        )

    def _judge_nothing(self, item: CompiledCriterion) -> Finding:
        criterion = item.criterion
        return Finding(criterion.id, criterion.theme, criterion.kind, criterion.essential, "missing", 0.0,
                       explanation="Niet gevonden in het bestek.")

    # -- judging ------------------------------------------------------------------------------------------

    def _judge(self, item: CompiledCriterion, read: Scan, file: str | None) -> Finding:
        criterion = item.criterion
        blocks = read.document.blocks
        clauses = find_clauses(item, read, self.twins)
        binding = sorted(  # the clause with the most elements first, then the most binding, then the first
            (clause for clause in clauses if clause.verdict.binding),
            key=lambda clause: (-len(clause.elements), -clause.verdict.score, clause.anchor),
        )
        criterion_fields = dict(criterion=criterion.id, theme=criterion.theme, kind=criterion.kind,
                                essential=criterion.essential)
        if not binding:
            if not clauses:
                return self._judge_nothing(item)
            best = max(clauses, key=lambda clause: clause.verdict.score)
            why = "; ".join(best.verdict.cues) or "geen verplichtende formulering"
            return Finding(
                **criterion_fields,  # type: ignore[arg-type]
                status="missing",
                similarity=0.0,
                explanation=(
                    f"Het onderwerp wordt vermeld ({_place(blocks[best.anchor])}), maar niets verplicht de "
                    f"inschrijver of opdrachtnemer ertoe ({why})."
                ),
            )
        best = binding[0]
        substantive = len(best.elements - item.procedural)
        found = len(best.elements) if substantive else 0  # none when it only says how to prove
        labels = [element.label for element in criterion.recognition.elements]
        missing = tuple(label for k, label in enumerate(labels) if k not in best.elements)
        if best.other_kind and found:  # a requirement where the criterion is a scored one: half of it is there
            status = "partial"
            missing = (*missing, f"{KIND_NAMES[criterion.kind].lower()} ({best.other_kind})")
        elif found >= item.required and substantive >= min(item.required, item.substantive):
            # met: as many elements as required, and how it is proved or that an equivalent is accepted stands
            # in for a requirement element only where the criterion has too few of them
            status = "met"
        elif found:
            status = "partial"
        else:  # the topic in a binding sentence, but nothing of what the clause must hold
            return Finding(
                **criterion_fields,  # type: ignore[arg-type]
                status="missing",
                similarity=0.0,
                explanation=(
                    f"Een verplichtende passage noemt het onderwerp ({_place(blocks[best.anchor])}), maar bevat "
                    + ("enkel hoe de eis bewezen wordt, niets van de eis zelf" if best.elements
                       else "geen enkel element van de clausule")
                    + f"; ontbreekt: {'; '.join(labels)}."
                ),
            )
        text = " ".join(blocks[i].text for i in best.blocks)
        similarity = _similarity(criterion, text, found, len(item.elements))
        evidence = tuple(
            Evidence(
                text=blocks[i].text,
                location=blocks[i].location,
                matched_phrases=clause.phrases if i == clause.anchor else (),
                cues=clause.verdict.cues if i == clause.anchor else (),
                file=file,
                context=i not in clause.blocks,
            )
            for clause in binding[:MAX_PASSAGES]
            for i in (*_lead(blocks, clause.blocks[0]), *clause.blocks)
        )
        return Finding(
            **criterion_fields,  # type: ignore[arg-type]
            status=status,
            similarity=similarity,
            missing_elements=missing if status == "partial" else (),
            evidence=evidence,
            explanation=_explain(best, blocks[best.anchor], found, len(labels), missing if status == "partial" else (),
                                 proof_only=status == "partial" and found >= item.required and not best.other_kind),
        )


def counted_once(findings: Sequence[Finding], may_take_over: Mapping[str, str]) -> list[Finding]:
    """No clause is counted twice within a theme: a partial finding whose every passage is the evidence of a
    criterion of the same theme that is met (one of `may_take_over`: id -> title) becomes missing, and its
    explanation names that clause.

    Only the met clause's own text counts (the passage that made it met, not the other binding passages quoted
    beside it), so a partial resting on any passage of its own is left alone, and a passage that carries two
    themes still counts in both.
    """

    def places(finding: Finding) -> frozenset[tuple[str | None, int]]:
        return frozenset((e.file, e.location.paragraph) for e in finding.evidence if not e.context)

    met = [(f, clause_places(f)) for f in findings if f.status == "met" and f.criterion in may_take_over]
    result = []
    for finding in findings:
        partial_places = places(finding) if finding.status == "partial" else frozenset()
        # the met finding of the same theme whose evidence holds every passage of this partial one
        covering = next((met_finding for met_finding, met_places in met
                         if partial_places and met_finding.theme == finding.theme and partial_places <= met_places),
                        None)
        if covering is None:
            result.append(finding)
            continue
        files = {file for file, _ in partial_places}
        listed = ", ".join(f"{file + ' ' if file and len(files) > 1 else ''}§ {paragraph}"
                           for file, paragraph in sorted(partial_places, key=lambda p: (p[0] or "", p[1])))
        passages = (f"de enige passage hierover ({listed}) is" if len(partial_places) == 1
                    else f"de enige passages hierover ({listed}) vormen")
        covering_title = may_take_over[covering.criterion]
        why = (f"Niet apart gevonden: {passages} de clausule van '{covering_title}', die aanwezig is; "
               "dezelfde tekst telt niet voor twee criteria van hetzelfde thema. Voeg de clausule toe als dit "
               "criterium ook moet gelden.")
        result.append(replace(finding, status="missing", similarity=0.0, missing_elements=(), evidence=(),
                              explanation=why))
    return result


def clause_places(finding: Finding) -> frozenset[tuple[str | None, int]]:
    """The paragraphs of the clause that judged a finding: its evidence opens with that clause (the best one),
    consecutive paragraphs of one file; the next quoted passage starts after a gap or with its own lead-in."""
    places: list[tuple[str | None, int]] = []
    for evidence in finding.evidence:
        if evidence.context:
            if places:
                break
            continue
        place = (evidence.file, evidence.location.paragraph)
        if places and (place[0] != places[-1][0] or place[1] != places[-1][1] + 1):
            break
        places.append(place)
    return frozenset(places)


def _not_applicable(criterion: Criterion, why: str) -> Finding:
    return Finding(
        criterion=criterion.id,
        theme=criterion.theme,
        kind=criterion.kind,
        essential=criterion.essential,
        status="not_applicable",
        similarity=0.0,
        explanation=why,
    )


def _explain(clause: Clause, block: Block, found: int, total: int, missing: Sequence[str],
             proof_only: bool = False) -> str:
    """`proof_only`: enough elements were found, but too many of them say how it is proven, not what is required."""
    who = "; ".join(clause.verdict.cues) or "verplichtende formulering"
    text = (
        f"Deze passage ({_place(block)}) legt een verplichting op ({who}) over {', '.join(clause.phrases)} "
        f"(onderwerp {clause.via})"
    )
    if total:
        text += f"; ze bevat {found} van de {total} elementen"
    if proof_only:
        text += " (hoe het bewezen wordt of wat gelijkwaardig is, telt niet als element van de eis zelf)"
    if missing:
        text += f"; ontbreekt: {'; '.join(missing)}"
    return text + "."


def _similarity(criterion: Criterion, text: str, found: int, total: int) -> float:
    coverage = found / total if total else 1.0
    closeness = fuzz.token_set_ratio(fold(criterion.clause), fold(text)) / 100.0
    return round(0.6 * coverage + 0.4 * closeness, 2)


def _place(block: Block) -> str:
    """Where a block stands, for an explanation: "§ 12, p. 3, 'Technische specificaties'"."""
    location = block.location
    parts = [f"§ {location.paragraph}"]
    if location.page:
        parts.append(f"p. {location.page}")
    if location.section:
        parts.append(f"'{location.section[:60]}'")
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
