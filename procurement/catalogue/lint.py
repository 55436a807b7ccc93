"""`procurement catalogue check`: the rules a catalogue must meet beyond its schema.

Besides the loader's validation: every product group has criteria in every theme (unless it says why not),
at least a minimum of criteria per group, and every criterion's own clause text is recognised as `met` by the
matcher (the catalogue must recognise itself; that is why this module, unlike the rest of the package, uses
the matcher).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from procurement.catalogue.model import SECTION_NAMES, THEME_NAMES, THEMES, Catalogue, Criterion
from procurement.documents.model import Block, Document, Location

MIN_PER_GROUP = 6
MIN_THEMES_PER_GROUP = 3


def clause_document(criterion: Criterion) -> Document:
    """A small bestek holding only this criterion's clause, under the heading of its bestek section."""
    heading = SECTION_NAMES[criterion.section]
    paragraphs = [p.strip() for p in criterion.clause.split("\n\n") if p.strip()]
    blocks = [Block(heading, "heading", Location(None, 1), level=1)]
    for text in paragraphs:
        blocks.append(Block(" ".join(text.split()), "paragraph", Location(heading, len(blocks) + 1)))
    return Document(filename=f"{criterion.id}.txt", format="txt", blocks=tuple(blocks))


def self_check(catalogue: Catalogue, only: Collection[str] | None = None) -> list[str]:
    """Criteria whose own clause text is not found as `met` (of `only` these ids, when given)."""
    from procurement.matching import compile_catalogue

    matcher = compile_catalogue(catalogue)
    problems = []
    for criterion in catalogue.criteria:
        if criterion.retired or (only is not None and criterion.id not in only):
            continue
        report = matcher.run(clause_document(criterion), all_criteria=True)
        finding = next(f for f in report.findings if f.criterion == criterion.id)
        if finding.status != "met":
            detail = "; ".join(finding.missing_elements) or finding.explanation
            problems.append(
                f"{criterion.id}: eigen clausuletekst wordt herkend als '{finding.status}' "
                f"in plaats van 'met' ({detail})"
            )
    return problems


def coverage_problems(catalogue: Catalogue) -> list[str]:
    problems = []
    for group in catalogue.product_groups:
        own = [c for c in catalogue.criteria if group.id in c.product_groups and not c.retired]
        themes = {c.theme for c in own}
        exempt = dict(group.theme_exemptions)
        if len(own) < MIN_PER_GROUP:
            problems.append(f"productgroep {group.id}: {len(own)} criteria, minstens {MIN_PER_GROUP} nodig")
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
    """Coverage of every product group, and the self-check of every criterion (or of `only` these ids)."""
    return coverage_problems(catalogue) + self_check(catalogue, only)


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
