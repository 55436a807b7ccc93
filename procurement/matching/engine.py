"""The matcher: compile a catalogue once, then check documents against it (pure, deterministic).

A criterion is found only where its topic and an obligation meet: a sentence that names one of its topic phrases
(or stands under a lead-in or heading that does) and binds the bidder or contractor (`cues`). The clause around
that sentence (its lead-in, list items, the rest of a split clause) is where its elements are counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from procurement.catalogue.model import KIND_NAMES, Catalogue, Criterion
from procurement.documents.model import Block, Document
from procurement.matching import cues
from procurement.matching.groups import GroupDetector
from procurement.matching.model import Evidence, Finding, ProductGroupMatch, Report
from procurement.matching.phrases import PhraseIndex
from procurement.matching.scan import Scan, Sentence, scan
from procurement.matching.scoring import essential_complete, score, theme_scores
from procurement.matching.text import fold, tokens

ENGINE_VERSION = "2.0.0"
HEADING_REACH = 12  # blocks after a heading naming the topic that its clause may span (sub-articles included)
CONTEXT_BACK = 2  # blocks before a topic sentence that may open its clause
CONTEXT_AHEAD = 3  # blocks after it that may continue the clause
MAX_PASSAGES = 5  # binding passages quoted as evidence for one finding
LEAD_BLOCKS = 2  # paragraphs before a clause quoted with it
LABEL_WORDS = 6  # a sentence this short that names the topic labels the rest of its block ("Sociale clausule.")

# how the topic reaches a sentence, in plain Dutch for explanations
VIA_SENTENCE, VIA_LEAD_IN, VIA_HEADING = "in de zin zelf", "in de aanloopzin", "in de titel"


@dataclass(frozen=True, slots=True)
class CompiledCriterion:
    """A criterion's phrases as ids of the matcher's phrase index."""

    criterion: Criterion
    topic: frozenset[int]
    elements: tuple[frozenset[int], ...]
    required: int  # elements needed for `met`
    phrases: frozenset[int]  # topic and element phrases together
    specific: frozenset[int]  # those that are not common in ordinary contract text


@dataclass(frozen=True, slots=True)
class Clause:
    """A candidate clause of one criterion: the blocks it spans and its best topic sentence."""

    blocks: tuple[int, ...]  # where its elements are counted
    anchor: int  # the block of its best topic sentence
    verdict: cues.Verdict  # of that sentence (with its lead-in)
    via: str  # where the topic stands: VIA_SENTENCE, VIA_LEAD_IN, VIA_HEADING
    elements: frozenset[int]  # indexes into the criterion's elements
    phrases: tuple[str, ...]  # the criterion's phrases found in the clause
    other_kind: str | None = None  # what the clause lacks to be of the criterion's kind (it is then at most partial)


def compile_catalogue(catalogue: Catalogue) -> Matcher:
    return Matcher(catalogue)


class Matcher:
    """A catalogue compiled for matching: one phrase index over every criterion's phrases."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.index = PhraseIndex(())
        ids: dict[str, int] = {}
        common = {" ".join(tokens(p)) for p in catalogue.common_phrases}

        def pid(text: str) -> int:
            key = " ".join(tokens(text))
            if key not in ids:
                ids[key] = self.index.add(text)
            return ids[key]

        self.compiled: list[CompiledCriterion] = []
        for criterion in catalogue.criteria:
            rec = criterion.recognition
            topic = frozenset(pid(p) for p in rec.phrases)
            elements = tuple(frozenset(pid(p) for p in el.phrases) for el in rec.elements)
            required = rec.min_elements if rec.min_elements is not None else len(elements)
            phrases = topic.union(*elements)
            specific = frozenset(p for p in phrases if " ".join(tokens(self.index.phrases[p])) not in common)
            self.compiled.append(CompiledCriterion(criterion, topic, elements, required, phrases, specific))
        self.groups = GroupDetector(catalogue, self.index)
        self.twins = _requirement_twins(self.compiled)

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
            and (all_criteria or item.criterion.applies_to_all or group_ids & set(item.criterion.product_groups))
        }
        # a general criterion restated by an applicable specific one is judged through that one only (with
        # `all_criteria` every criterion is judged on its own, as the check contract promises)
        refined: dict[str, list[Criterion]] = {}
        for item in self.compiled if not all_criteria else ():
            if item.criterion.id in applicable and item.criterion.refines in applicable:
                refined.setdefault(item.criterion.refines, []).append(item.criterion)
        findings = []
        for item in self.compiled:
            criterion = item.criterion
            if criterion.retired:
                continue
            if criterion.id not in applicable:
                findings.append(_not_applicable(criterion, "Geldt niet voor de productgroep(en) van dit bestek."))
            elif criterion.id in refined:
                names = ", ".join(f"'{c.title}'" for c in refined[criterion.id])
                findings.append(_not_applicable(criterion, f"Gedekt door het specifiekere criterium {names}."))
            else:
                judged = [self._judge(item, read, name) for name, read in scans]
                findings.append(max(judged, key=_rank) if judged else self._judge_nothing(item))
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
        c = item.criterion
        return Finding(c.id, c.theme, c.kind, c.essential, "missing", 0.0, explanation="Niet gevonden in het bestek.")

    # -- judging ------------------------------------------------------------------------------------------

    def _judge(self, item: CompiledCriterion, read: Scan, file: str | None) -> Finding:
        criterion = item.criterion
        blocks = read.document.blocks
        clauses = self.clauses(item, read)
        binding = sorted(
            (u for u in clauses if u.verdict.binding), key=lambda u: (-len(u.elements), -u.verdict.score, u.anchor)
        )
        base = dict(criterion=criterion.id, theme=criterion.theme, kind=criterion.kind, essential=criterion.essential)
        if not binding:
            if not clauses:
                return self._judge_nothing(item)
            best = max(clauses, key=lambda u: u.verdict.score)
            why = "; ".join(best.verdict.cues) or "geen verplichtende formulering"
            return Finding(
                **base,  # type: ignore[arg-type]
                status="missing",
                similarity=0.0,
                explanation=(
                    f"Het onderwerp wordt vermeld ({_where(blocks[best.anchor])}), maar niets verplicht de "
                    f"inschrijver of opdrachtnemer ertoe ({why})."
                ),
            )
        best = binding[0]
        found = len(best.elements)
        labels = [el.label for el in criterion.recognition.elements]
        missing = tuple(label for k, label in enumerate(labels) if k not in best.elements)
        if best.other_kind and found:  # a requirement where the criterion is a scored one: half of it is there
            status = "partial"
            missing = (*missing, f"{KIND_NAMES[criterion.kind].lower()} ({best.other_kind})")
        elif found >= item.required:
            status = "met"
        elif found:
            status = "partial"
        else:  # the topic in a binding sentence, but nothing of what the clause must hold
            return Finding(
                **base,  # type: ignore[arg-type]
                status="missing",
                similarity=0.0,
                explanation=(
                    f"Een verplichtende passage noemt het onderwerp ({_where(blocks[best.anchor])}), maar bevat "
                    f"geen enkel element van de clausule; ontbreekt: {'; '.join(labels)}."
                ),
            )
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
        return Finding(
            **base,  # type: ignore[arg-type]
            status=status,
            similarity=similarity,
            missing_elements=missing if status == "partial" else (),
            evidence=evidence,
            explanation=_explain(best, blocks[best.anchor], found, len(labels), missing if status == "partial" else ()),
        )

    # -- clauses ------------------------------------------------------------------------------------------

    def clauses(self, item: CompiledCriterion, read: Scan) -> list[Clause]:
        """Candidate clauses: the blocks the topic reaches, each with its clause; overlapping clauses merged."""
        blocks = read.document.blocks
        reached = self._reach(item, read)
        spans: list[tuple[int, int, int, str, cues.Verdict]] = []
        for j in sorted(reached):
            verdict = self._verdict(item, read, j, reached[j])
            start, end = self._extent(item, read, j)
            joins = spans and start <= spans[-1][1] + 1
            if joins and blocks[start].location.section == blocks[spans[-1][1]].location.section:
                s, e, anchor, via, best = spans[-1]
                if verdict.score > best.score:
                    anchor, via, best = j, reached[j], verdict
                spans[-1] = (s, max(e, end), anchor, via, best)
            else:
                spans.append((start, end, j, reached[j], verdict))
        found = []
        for start, end, anchor, via, verdict in spans:
            members = tuple(range(start, end + 1))
            pids = {p for i in members for p in read.phrases_in[i] if p in item.phrases}
            if via == VIA_HEADING:
                pids |= {p for h in read.headings[anchor] for p in read.phrases_in[h] if p in item.topic}
            if verdict.binding and not pids & item.specific:
                verdict = cues.Verdict(min(verdict.score, 0), ("enkel woorden die ook in gewone contracttekst staan",))
            other_kind = None
            mark = cues.KIND_MARKS.get(item.criterion.kind)
            if verdict.binding and mark is not None:
                texts = [read.folded[i] for i in (*read.headings[anchor], *members)]
                if not any(mark[1].search(t) for t in texts):
                    twins = self.twins.get(item.criterion.id)
                    if twins or item.criterion.kind == "reserved-contract":
                        # the clause of a requirement the catalogue holds apart, not this award criterion
                        why = f"{mark[0]}; als eis: {twins}" if twins else mark[0]
                        verdict = cues.Verdict(min(verdict.score, 0), (why,))
                    else:
                        other_kind = mark[0]
            elements = frozenset(
                k for k, el in enumerate(item.elements) if any(el & read.phrases_in[i].keys() for i in members)
            )
            phrases = tuple(sorted({self.index.phrases[p] for p in pids}))
            found.append(Clause(members, anchor, verdict, via, elements, phrases, other_kind))
        return found

    def _reach(self, item: CompiledCriterion, read: Scan) -> dict[int, str]:
        """Body blocks the topic reaches: named in the block, in the lead-in before it, or in its heading chain."""
        blocks = read.document.blocks
        reached: dict[int, str] = {}
        for i in sorted({b for pid in item.topic for b in read.blocks_with.get(pid, ())}):
            if blocks[i].kind == "heading":
                level = blocks[i].level or 1
                for j in range(i + 1, min(len(blocks), i + 1 + HEADING_REACH)):
                    if blocks[j].kind == "heading":
                        if (blocks[j].level or 1) <= level:
                            break
                        continue
                    reached[j] = VIA_HEADING
                continue
            reached.setdefault(i, VIA_SENTENCE)
            if blocks[i].text.rstrip().endswith(":"):
                for j in range(i + 1, min(len(blocks), i + 1 + CONTEXT_AHEAD)):
                    if _lead_in(blocks, j) != i:
                        break
                    if reached.get(j) != VIA_HEADING:
                        reached[j] = VIA_LEAD_IN
        return reached

    def _verdict(self, item: CompiledCriterion, read: Scan, j: int, via: str) -> cues.Verdict:
        """How binding the topic sentences of block j are, each read with its lead-in.

        A sentence that names the topic and rules it out ("Sociale clausule: niet van toepassing.") settles it.
        """
        sents = read.sentences(j)
        lead_block = _lead_in(read.document.blocks, j)
        lead = read.sentences(lead_block)[-1] if lead_block is not None else None
        candidates: list[tuple[Sentence, Sentence | None]] = []  # a topic sentence and the lead-in it follows
        opened = via != VIA_SENTENCE  # the topic stands above this block: every sentence is about it
        for sentence in sents:
            if opened or sentence.phrases & item.topic:
                candidates.append((sentence, lead))
            if sentence.opens:
                lead = sentence  # "De opdrachtnemer leeft volgende normen na: A. De basisnormen van de IAO ..."
            if sentence.phrases & item.topic and (sentence.opens or len(sentence.text.split()) <= LABEL_WORDS):
                opened = True  # "Social return." or "... volgende vereisten inzake kinderarbeid:" opens the block
        best = cues.Verdict(-99, ())
        for sentence, opener in candidates:
            if sentence.verdict.score <= cues.VETO:
                return sentence.verdict
            verdict = sentence.verdict
            if opener is not None and opener is not sentence and opener.verdict.score > verdict.score:
                verdict = cues.Verdict(opener.verdict.score, (*opener.verdict.cues, "aanloopzin"))
            if verdict.score > best.score:
                best = verdict
        return best

    def _extent(self, item: CompiledCriterion, read: Scan, j: int) -> tuple[int, int]:
        """The blocks of the clause around block j: its lead-in, earlier parts, list items, the rest."""
        blocks = read.document.blocks
        section = blocks[j].location.section

        def related(i: int) -> bool:
            return 0 <= i < len(blocks) and blocks[i].kind != "heading" and blocks[i].location.section == section

        def names(i: int) -> bool:
            return bool(item.specific & read.phrases_in[i].keys())

        lead = _lead_in(blocks, j)
        start = lead if lead is not None else j
        while j - start < CONTEXT_BACK and related(start - 1) and names(start - 1):
            start -= 1
        end = j
        while end - j < CONTEXT_AHEAD and related(end + 1):
            nxt = end + 1
            opener = _lead_in(blocks, nxt)
            if (opener is not None and opener >= start) or names(nxt):
                end = nxt
            else:
                break
        return start, end


def _requirement_twins(compiled: Sequence[CompiledCriterion]) -> dict[str, str]:
    """Per award criterion, the titles of requirement criteria that share its topic where both apply.

    A clause without scoring is then that requirement's, not the award criterion's; an award criterion without
    such a twin takes it as half of itself (the topic is required, but not scored).
    """
    twins: dict[str, str] = {}
    for a in compiled:
        if a.criterion.kind != "award-criterion":
            continue
        names = [
            b.criterion.title
            for b in compiled
            if b.criterion.kind != "award-criterion"
            and b.criterion.theme == a.criterion.theme
            and not b.criterion.retired
            and a.topic & b.topic
            and (a.criterion.applies_to_all or b.criterion.applies_to_all
                 or set(a.criterion.product_groups) & set(b.criterion.product_groups))
        ]
        if names:
            twins[a.criterion.id] = ", ".join(f"'{n}'" for n in sorted(names))
    return twins


def _lead_in(blocks: Sequence[Block], j: int) -> int | None:
    """The block ending in ":" that opens the list or paragraph j belongs to, if any."""
    i = j - 1
    section = blocks[j].location.section
    while i >= 0 and j - i <= 1 + CONTEXT_AHEAD:
        block = blocks[i]
        if block.kind == "heading" or block.location.section != section:
            return None
        if block.text.rstrip().endswith(":"):
            return i
        if not (block.kind == "list-item" and blocks[j].kind == "list-item"):
            return None
        i -= 1
    return None


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


def _explain(clause: Clause, block: Block, found: int, total: int, missing: Sequence[str]) -> str:
    who = "; ".join(clause.verdict.cues) or "verplichtende formulering"
    text = (
        f"Deze passage ({_where(block)}) legt een verplichting op ({who}) over {', '.join(clause.phrases)} "
        f"(onderwerp {clause.via})"
    )
    if total:
        text += f"; ze bevat {found} van de {total} elementen"
    if missing:
        text += f"; ontbreekt: {'; '.join(missing)}"
    return text + "."


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
