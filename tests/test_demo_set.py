"""The real-size demo: example bestekken from the catalogue's own clauses, seeded once and only in the embedded
default."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select

from procurement.catalogue import load
from procurement.demo import DEMO_TITLE
from procurement.demo_set import DEPARTMENTS, SET_SIZE, build_bestek, example_tenders, quarter_start
from procurement.documents import parse
from procurement.extensions import db
from procurement.models import DONE, Analysis, Department, Tender
from procurement.review import STATES
from procurement.web.serve import embedded_overrides
from tests.monitor.fixture import day, tender

TODAY = date(2026, 12, 2)


def test_the_example_set_spreads_over_departments_groups_quarters_and_review_states() -> None:
    catalogue = load()
    examples = example_tenders(catalogue, TODAY)

    assert len(examples) == SET_SIZE and examples == example_tenders(catalogue, TODAY)  # the same every time
    assert {e.group for e in examples} == {g.id for g in catalogue.product_groups}
    assert {e.department for e in examples} <= set(DEPARTMENTS) and len({e.department for e in examples}) >= 6
    quarters = {quarter_start(e.created, 0) for e in examples}
    assert quarters == {quarter_start(TODAY, back) for back in range(8)}
    assert all(quarter_start(TODAY, 7) <= e.created <= TODAY for e in examples)
    assert {e.state for e in examples} == set(STATES)
    assert sum(1 for e in examples if e.omitted) > SET_SIZE // 2 and any(e.shortened for e in examples)
    assert any(not e.omitted for e in examples) or any(len(e.omitted) == 1 for e in examples)


def test_an_example_bestek_is_a_real_docx_holding_its_clauses_and_not_what_it_leaves_out() -> None:
    catalogue = load()
    example = next(e for e in example_tenders(catalogue, TODAY) if e.omitted)
    group = next(g for g in catalogue.product_groups if g.id == example.group)
    criteria = {c.id: c for c in catalogue.criteria}

    document = parse(build_bestek(example, group), "voorbeeld.docx")

    text = "\n".join(b.text for b in document.blocks)
    assert document.format == "docx" and f"CPV-code: {group.cpv[0]}" in text
    headings = [b.text for b in document.blocks if b.kind == "heading"]
    assert "3. Technische specificaties" in headings and "5. Bijzondere uitvoeringsvoorwaarden" in headings
    first_held = " ".join(example.clauses[0][1].split("\n\n")[0].split())
    assert first_held in text
    for omitted in example.omitted:
        assert " ".join(criteria[omitted].clause.split())[:80] not in " ".join(text.split())


@pytest.mark.sqlite_only  # the embedded default is SQLite: its demo accounts refuse any other database
def test_the_embedded_default_seeds_the_real_size_demo_once_and_production_seeds_nothing(
    make_app: Callable[..., Flask],
) -> None:
    production = make_app(SEED_DEMO=False)  # wsgi.py: the defaults, nothing configured
    with production.app_context():
        assert db.session.scalar(select(func.count(Tender.id))) == 0

    embedded = make_app(**embedded_overrides({}))  # `procurement serve` / `python3 manage.py run`

    with embedded.app_context():
        tenders = list(db.session.scalars(select(Tender)))
        assert len(tenders) == SET_SIZE + 1 and DEMO_TITLE in {t.title for t in tenders}
        assert all(t.demo for t in tenders)
        assert {t.review_state for t in tenders} == set(STATES)
        assert {a.status for a in db.session.scalars(select(Analysis))} == {DONE}
        managed = set(db.session.scalars(select(Department.name)))
        assert {t.department for t in tenders} <= managed and len(managed) >= 6
    year = date.today().year
    page = embedded.test_client().get(f"/monitor/?periode=jaar&jaar={year}").get_data(as_text=True)
    this_year = 1 + sum(1 for e in example_tenders(load(), date.today()) if e.created.year == year)  # + the example
    assert f'<dd id="aantal">{this_year}</dd>' in page and this_year >= SET_SIZE // 8
    assert "Openbaar domein" in page and "Milieu-impact" in page

    again = make_app(**embedded_overrides({}))  # a second start adds nothing

    with again.app_context():
        assert db.session.scalar(select(func.count(Tender.id))) == SET_SIZE + 1
        assert db.session.scalar(select(func.count(Analysis.id))) == SET_SIZE + 1


def test_a_database_with_tenders_of_its_own_gets_no_example_set(make_app: Callable[..., Flask]) -> None:
    own = make_app()
    tender(own, "Eigen schoonmaak", "Facilitair beheer", day(2026, 3, 1), ilo=True, run=False)

    started = make_app(SEED_DEMO=True)

    with started.app_context():
        titles = set(db.session.scalars(select(Tender.title)))
        assert titles == {"Eigen schoonmaak", DEMO_TITLE}
