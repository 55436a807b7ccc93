"""One rule of applicability: a general criterion applies to every tender, another to a tender of its groups."""

from __future__ import annotations

from procurement.catalogue import load
from procurement.documents.model import Block, Document, Location
from procurement.matching import compile_catalogue


def test_the_catalogue_applies_the_general_criteria_and_those_of_the_tenders_groups_only() -> None:
    catalogue = load()
    group = catalogue.product_groups[0].id

    applicable = catalogue.applicable((group,))
    general = catalogue.applicable(())

    assert general and all(c.applies_to_all and not c.retired for c in general)
    assert set(general) < set(applicable)
    assert all(c.applies_to_all or group in c.product_groups for c in applicable)
    left_out = [c for c in catalogue.criteria if c not in applicable]
    assert left_out and all(c.retired or not c.applies_to((group,)) for c in left_out)


def test_the_engine_judges_exactly_the_applicable_criteria() -> None:
    catalogue = load()
    group = catalogue.product_groups[0].id
    document = Document(filename="b.txt", format="txt",
                        blocks=(Block("Een bestek zonder bepalingen.", "paragraph", Location(None, 1)),))

    report = compile_catalogue(catalogue).run(document, product_groups=(group,))

    outside = "Geldt niet voor de productgroepen van dit bestek."
    judged = {f.criterion for f in report.findings if f.explanation != outside}
    assert judged == {c.id for c in catalogue.applicable((group,))}
