"""Candidate clauses of one criterion in a scanned document (pure).

A criterion's topic reaches a sentence when the sentence names a topic phrase, stands under a lead-in that does
("... volgende normen:") or under a heading chain that does. Each reached block is judged with its lead-in; its
clause (lead-in, list items, the rest of a split clause) is where the criterion's elements are counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from procurement.catalogue.model import Criterion
from procurement.documents.model import Block
from procurement.matching import cues
from procurement.matching.scan import Scan, Sentence

HEADING_REACH = 12  # blocks after a heading naming the topic that its clause may span (sub-articles included)
CONTEXT_BACK = 2  # blocks before a topic sentence that may open its clause
CONTEXT_AHEAD = 3  # blocks after it that may continue the clause
SCORED_ONLY = "enkel gescoord als gunningscriterium, niet opgelegd"
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
    # an award criterion's element "punten of weging": present wherever a cue rule finds the clause scored, whatever
    # words it uses ("wordt hoger gewaardeerd", "punten worden toegekend")
    scored_by: frozenset[int] = frozenset()
    # elements about how the clause is proven or what else is accepted ("bewijs", "gelijkwaardig aanvaard"): they
    # complete a clause but never make one; a finding needs one element of the requirement itself
    procedural: frozenset[int] = frozenset()
    # frames whose subject the criterion is about: it keeps the words a sentence names there (`frames.own_frames`)
    frames: frozenset[str] = frozenset()

    @property
    def substantive(self) -> int:
        """How many of its elements are about the requirement itself (not how it is proven)."""
        return len(self.elements) - len(self.procedural)


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


def find_clauses(
    item: CompiledCriterion, read: Scan, twins: Mapping[str, tuple[CompiledCriterion, ...]]
) -> list[Clause]:
    """Candidate clauses: the blocks the topic reaches, each with its clause; overlapping clauses merged."""
    blocks = read.document.blocks
    reached = _reach(item, read)
    spans: list[tuple[int, int, int, str, cues.Verdict]] = []
    for j in sorted(reached):
        verdict = _verdict(item, read, j, reached[j])
        start, end = _extent(item, read, j)
        joins = spans and start <= spans[-1][1] + 1
        if joins and blocks[start].location.section == blocks[spans[-1][1]].location.section:
            span_start, span_end, anchor, via, span_verdict = spans[-1]
            named_here = reached[j] == VIA_SENTENCE and via != VIA_SENTENCE  # on a tie, the block naming the topic
            if verdict.score > span_verdict.score or (verdict.score == span_verdict.score and named_here):
                anchor, via, span_verdict = j, reached[j], verdict
            spans[-1] = (span_start, max(span_end, end), anchor, via, span_verdict)
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
        # elements count in the clause's own sentences: not in one that rules itself out (an empty field, "niet van
        # toepassing", a table-of-contents line) nor in one that clearly speaks against binding (guidance to the
        # buyer, policy, the law explained: a score below -1) beside it
        said = {p for i in members for sentence in read.sentences(i) if sentence.verdict.score >= -1
                for p in sentence.about(item.frames)}
        # the twins of the other kind whose topic and one of their elements stand here: the clause may be theirs
        takers = _titles(t for t in twins.get(item.criterion.id, ()) if _could_take(t, read, anchor, members, said))
        mark = cues.KIND_MARKS.get(item.criterion.kind)
        if verdict.binding and mark is not None:
            texts = [read.folded[i] for i in (*read.headings[anchor], *members)]
            if not any(mark[1].search(t) for t in texts):
                if takers or item.criterion.kind == "reserved-contract":
                    # the clause of a requirement the catalogue holds apart, not this award criterion
                    why = f"{mark[0]}; als eis: {takers}" if takers else mark[0]
                    verdict = cues.Verdict(min(verdict.score, 0), (why,))
                else:
                    other_kind = mark[0]
        scored = verdict.binding and any(c.startswith(cues.SCORED_RULE) for c in verdict.cues)
        if scored and item.criterion.kind != "award-criterion" and item.criterion.id in twins:
            if takers:
                # binding because it is scored: the clause of the award criterion the catalogue holds apart
                verdict = cues.Verdict(min(verdict.score, 0), (f"gescoord: gunningscriterium {takers}",))
            else:  # scored, but no award criterion of the catalogue takes it: half of this requirement
                other_kind = SCORED_ONLY
        elements = frozenset(k for k, el in enumerate(item.elements) if el & said)
        if scored and item.criterion.kind == "award-criterion":
            elements |= item.scored_by
        phrases = tuple(sorted({read.index.phrases[p] for p in pids}))
        found.append(Clause(members, anchor, verdict, via, elements, phrases, other_kind))
    return found


def _reach(item: CompiledCriterion, read: Scan) -> dict[int, str]:
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


def _verdict(item: CompiledCriterion, read: Scan, j: int, via: str) -> cues.Verdict:
    """How binding the topic sentences of block j are, each read with its lead-in.

    A sentence that names the topic and rules it out ("Sociale clausule: niet van toepassing.") settles it.
    """
    sents = read.sentences(j)
    lead_block = _lead_in(read.document.blocks, j)
    lead = read.sentences(lead_block)[-1] if lead_block is not None else None
    candidates: list[tuple[Sentence, Sentence | None]] = []  # a topic sentence and the lead-in it follows
    opened = via != VIA_SENTENCE  # the topic stands above this block: every sentence is about it
    # under a heading naming the topic, a paragraph binds for it only where it says something of the criterion
    # ("Vrije varianten zijn niet toegelaten" under "Afval voorkomen" binds for nothing of it)
    if via == VIA_HEADING and not _about_it(item, read.phrases_in[j].keys()):
        opened = False
    framed: str | None = None  # why a sentence naming the topic is not about it (`frames`)
    for sentence in sents:
        named = sentence.about(item.frames) & item.topic
        if opened or named:
            candidates.append((sentence, lead))
        elif sentence.phrases & item.topic:
            framed = framed or sentence.framed_as(sentence.phrases & item.topic, item.frames)
        if sentence.opens:
            lead = sentence  # "De opdrachtnemer leeft volgende normen na: A. De basisnormen van de IAO ..."
        if named and (sentence.opens or len(sentence.text.split()) <= LABEL_WORDS):
            opened = True  # "Social return." or "... volgende vereisten inzake kinderarbeid:" opens the block
    best = cues.Verdict(-99, (framed,) if framed else ())
    for sentence, opener in candidates:
        if sentence.verdict.score <= cues.VETO:
            return sentence.verdict
        verdict = sentence.verdict
        if opener is not None and opener is not sentence and opener.verdict.score > verdict.score:
            verdict = cues.Verdict(opener.verdict.score, (*opener.verdict.cues, "aanloopzin"))
        if verdict.score > best.score:
            best = verdict
    return best


def _about_it(item: CompiledCriterion, phrases: AbstractSet[int]) -> bool:
    """Whether these phrases say something of the criterion itself: its topic or an element of the requirement
    (not only how it is proven or what else is accepted)."""
    if item.topic & phrases:
        return True
    return any(el & phrases for k, el in enumerate(item.elements) if k not in item.procedural)


def _extent(item: CompiledCriterion, read: Scan, j: int) -> tuple[int, int]:
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


def _could_take(
    item: CompiledCriterion, read: Scan, anchor: int, members: Sequence[int], said: AbstractSet[int]
) -> bool:
    """Its topic stands in the clause or above it, and one of its elements among what the clause says."""
    topic = any(item.topic & read.phrases_in[i].keys() for i in (*read.headings[anchor], *members))
    return topic and any(el & said for el in item.elements)


def _titles(items: Iterable[CompiledCriterion]) -> str:
    return ", ".join(f"'{t}'" for t in sorted({i.criterion.title for i in items}))


def requirement_twins(compiled: Sequence[CompiledCriterion]) -> dict[str, tuple[CompiledCriterion, ...]]:
    """Per criterion, the criteria of the other side that share its topic where both apply: for an award
    criterion its requirement twins, for a requirement its award twins.

    A clause without scoring is then the requirement's, a scored one the award criterion's, when that twin holds
    one of its elements there. Without such a twin, an award criterion takes an unscored clause as half of
    itself (the topic is required, but not scored), and a requirement a scored clause (scored, not required).
    """
    twins: dict[str, tuple[CompiledCriterion, ...]] = {}
    for a in compiled:
        award = a.criterion.kind == "award-criterion"
        others = tuple(
            b
            for b in compiled
            if (b.criterion.kind == "award-criterion") != award
            and b.criterion.theme == a.criterion.theme
            and not b.criterion.retired
            and a.topic & b.topic
            and (
                a.criterion.applies_to_all
                or b.criterion.applies_to_all
                or set(a.criterion.product_groups) & set(b.criterion.product_groups)
            )
        )
        if others:
            twins[a.criterion.id] = others
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
