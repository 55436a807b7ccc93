"""`procurement catalogue check`: the rules a catalogue must meet beyond its schema.

Besides the loader's validation: every product group has criteria in every theme (unless it says why not),
at least a minimum of criteria per group, and every criterion's own clause text is recognised as `met` by the
matcher (the catalogue must recognise itself; that is why this module sits above procurement.catalogue and
procurement.matching rather than inside the catalogue package, which imports neither the matcher nor anything
above it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from procurement.catalogue.model import SECTION_NAMES, THEME_NAMES, THEMES, Catalogue, Criterion
from procurement.documents.model import Block, Document, Location
from procurement.matching import Finding, Matcher, compile_catalogue
from procurement.matching.engine import PROCEDURAL_ELEMENTS
from procurement.text import tokens

NO_GROUP = "-"  # a product group no criterion has: only the clauses of every bestek apply

MIN_PER_GROUP = 6
SHORT_TERMS = frozenset({"db", "kg", "w", "wh", "ml", "m1", "m2", "m3", "uv", "e1", "n1"})  # units and classes
MIN_THEMES_PER_GROUP = 3
# words that say what else is accepted, not what is required: only in an element about proof or equivalence
EQUIVALENCE_WORDS = frozenset({"gelijkwaardig", "gelijkwaardige", "evenwaardig", "evenwaardige", "gelijkaardig",
                               "equivalent"})


def clause_document(criterion: Criterion, text: str | None = None) -> Document:
    """A small bestek holding only this criterion's clause (or `text`), under the heading of its bestek section."""
    heading = SECTION_NAMES[criterion.section]
    paragraphs = [p.strip() for p in (criterion.clause if text is None else text).split("\n\n") if p.strip()]
    blocks = [Block(heading, "heading", Location(None, 1), level=1)]
    for text in paragraphs:
        blocks.append(Block(" ".join(text.split()), "paragraph", Location(heading, len(blocks) + 1)))
    return Document(filename=f"{criterion.id}.txt", format="txt", blocks=tuple(blocks))


def judged_alone(matcher: Matcher, criterion: Criterion, document: Document) -> Finding:
    """The criterion's finding in a bestek of its own product groups (a general one: of none), leaving out the
    groups where a criterion that refines it is judged instead."""
    refined = {g for c in matcher.catalogue.criteria if c.refines == criterion.id for g in c.product_groups}
    groups = [g for g in criterion.product_groups if g not in refined]
    if criterion.product_groups and not groups:  # refined everywhere: judged on its own only with all criteria
        report = matcher.run(document, all_criteria=True)
    else:
        report = matcher.run(document, product_groups=groups or (NO_GROUP,))
    return next(f for f in report.findings if f.criterion == criterion.id)


def self_check(catalogue: Catalogue, only: Collection[str] | None = None, matcher: Matcher | None = None) -> list[str]:
    """Criteria whose own clause text is not found as `met` (of `only` these ids, when given)."""
    matcher = matcher or compile_catalogue(catalogue)
    problems = []
    for criterion in catalogue.criteria:
        if criterion.retired or (only is not None and criterion.id not in only):
            continue
        finding = judged_alone(matcher, criterion, clause_document(criterion))
        if finding.status != "met":
            detail = "; ".join(finding.missing_elements) or finding.explanation
            problems.append(
                f"{criterion.id}: eigen clausuletekst wordt herkend als '{finding.status}' "
                f"in plaats van 'met' ({detail})"
            )
    return problems


def negative_check(
    catalogue: Catalogue, only: Collection[str] | None = None, matcher: Matcher | None = None
) -> list[str]:
    """Look-alike sentences (`not:`) that are found as their criterion after all."""
    matcher = matcher or compile_catalogue(catalogue)
    problems = []
    for criterion in catalogue.criteria:
        if criterion.retired or (only is not None and criterion.id not in only):
            continue
        for k, sentence in enumerate(criterion.negatives, 1):
            finding = judged_alone(matcher, criterion, clause_document(criterion, sentence))
            if finding.status in ("met", "partial"):
                problems.append(
                    f"{criterion.id}: tegenvoorbeeld {k} ('{sentence[:60]}') wordt herkend als '{finding.status}'"
                )
    return problems


def phrase_problems(catalogue: Catalogue, only: Collection[str] | None = None) -> list[str]:
    """Recognition phrases that say nothing on their own: a bare number, a generic word, a word of 1-2 letters."""
    problems = []
    for criterion in catalogue.criteria:
        if criterion.retired or (only is not None and criterion.id not in only):
            continue
        phrases = [*criterion.recognition.phrases, *(p for e in criterion.recognition.elements for p in e.phrases)]
        for phrase in phrases:
            problem = phrase_problem(catalogue, phrase)
            if problem:
                problems.append(f"{criterion.id}: {problem}")
        for element in criterion.recognition.elements:
            if element.id in PROCEDURAL_ELEMENTS:
                continue
            for phrase in element.phrases:
                if EQUIVALENCE_WORDS & set(tokens(phrase)):
                    problems.append(
                        f"{criterion.id}: element '{element.id}': frase '{phrase}' zegt wat ook aanvaard wordt, niet "
                        f"wat geëist wordt (elk bestek zegt 'of gelijkwaardig'); zet ze in een element "
                        f"'equivalent' of 'proof'"
                    )
    return problems


def phrase_problem(catalogue: Catalogue, phrase: str) -> str | None:
    """Why one recognition phrase says nothing on its own (Dutch), or None: the rule of phrase_problems."""
    words = tokens(phrase)
    if not words:
        return f"frase '{phrase}' bevat geen woord"
    if len(words) == 1 and _bare_number(words[0]):
        return (f"frase '{phrase}' is een los getal; schrijf het met wat het telt "
                f"(bv. 'nr {words[0]}' voor een verdrag, '{words[0]} procent')")
    if " ".join(words) in catalogue.generic_words:
        return f"frase '{phrase}' is een algemeen woord (vocabulary.yaml); gebruik een specifiekere woordgroep"
    if len(words) == 1 and len(words[0]) < 3 and words[0] not in SHORT_TERMS:
        return f"frase '{phrase}' is te kort om iets te herkennen"
    return None


def _bare_number(word: str) -> bool:
    """A count, a percentage or a year: says nothing alone (a standard's number, "14001", "17025", does)."""
    return word.isdigit() and (len(word) <= 3 or (len(word) == 4 and word[:2] in ("19", "20")))


def overlaps(catalogue: Catalogue, matcher: Matcher | None = None) -> list[tuple[str, str, str]]:
    """Pairs (a, b, status) where a's own clause is also found as b: co-applicable criteria of one theme that
    neither refines the other. Each is a candidate for `refines`, a merge or sharper phrases."""
    matcher = matcher or compile_catalogue(catalogue)
    live = [c for c in catalogue.criteria if not c.retired]
    found = []
    for a in live:
        report = matcher.run(clause_document(a), product_groups=a.product_groups or (NO_GROUP,))
        for f in report.findings:
            if f.criterion == a.id or f.theme != a.theme or f.status not in ("met", "partial"):
                continue
            b = catalogue.criterion(f.criterion)
            if a.refines == b.id or b.refines == a.id:
                continue
            found.append((a.id, b.id, f.status))
    return found


def background_findings(
    catalogue: Catalogue, documents: Collection[Document], matcher: Matcher | None = None
) -> dict[str, list[tuple[str, str, str]]]:
    """Per criterion, its met or partial findings in ordinary contract text: (file, status, quoted evidence).

    Every one is false: the background corpus holds no sustainability requirement.
    """
    matcher = matcher or compile_catalogue(catalogue)
    found: dict[str, list[tuple[str, str, str]]] = {}
    for document in documents:
        for f in matcher.run(document, all_criteria=True).findings:
            if f.status in ("met", "partial"):
                quote = next((e.text for e in f.evidence if not e.context), "")
                found.setdefault(f.criterion, []).append((document.filename, f.status, quote[:160]))
    return found


def coverage_problems(catalogue: Catalogue) -> list[str]:
    problems = []
    for group in catalogue.product_groups:
        group_criteria = [c for c in catalogue.criteria if group.id in c.product_groups and not c.retired]
        themes = {c.theme for c in group_criteria}
        exempt = dict(group.theme_exemptions)
        if len(group_criteria) < MIN_PER_GROUP:
            problems.append(f"productgroep {group.id}: {len(group_criteria)} criteria, minstens {MIN_PER_GROUP} nodig")
        if len(themes) < MIN_THEMES_PER_GROUP:
            problems.append(
                f"productgroep {group.id}: criteria in {len(themes)} thema's, minstens {MIN_THEMES_PER_GROUP}"
            )
        for theme in THEMES:
            if theme not in themes and theme not in exempt:
                problems.append(
                    f"productgroep {group.id}: geen criterium voor thema {theme} en geen reden opgegeven "
                    "(theme_exemptions)"
                )
    return problems


def lint(catalogue: Catalogue, only: Collection[str] | None = None) -> list[str]:
    """Coverage of every product group; phrases, own clause and look-alikes of every criterion (or of `only`)."""
    matcher = compile_catalogue(catalogue)
    return (
        coverage_problems(catalogue)
        + phrase_problems(catalogue, only)
        + self_check(catalogue, only, matcher)
        + negative_check(catalogue, only, matcher)
    )


def summary(catalogue: Catalogue) -> str:
    """Criteria per theme and per product group, as a table."""
    live = [c for c in catalogue.criteria if not c.retired]
    lines = [f"Catalogus {catalogue.version}: {len(live)} criteria", ""]
    header = f"{'productgroep':<22}" + "".join(f"{t[:12]:>14}" for t in THEMES) + f"{'totaal':>8}"
    lines.append(header)
    rows = [("alle bestekken", [c for c in live if c.applies_to_all])]
    rows += [(g.id, [c for c in live if g.id in c.product_groups]) for g in catalogue.product_groups]
    for name, items in rows:
        counts = Counter(c.theme for c in items)
        lines.append(f"{name:<22}" + "".join(f"{counts.get(t, 0):>14}" for t in THEMES) + f"{len(items):>8}")
    totals = Counter(c.theme for c in live)
    lines.append(f"{'totaal':<22}" + "".join(f"{totals.get(t, 0):>14}" for t in THEMES) + f"{len(live):>8}")
    lines.append("")
    lines.append("Thema's: " + ", ".join(f"{t} = {THEME_NAMES[t]}" for t in THEMES))
    return "\n".join(lines)
