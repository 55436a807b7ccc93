"""The monitor's figures from tenders built through the real services, worked out by hand.

The cleaning bestek has 24 applicable criteria, 7 of them essential (weight 2): a total weight of 31. The
statuses after review are set by the test (so they do not move with the engine); the machine's figures are
compared with the analyses' own scores.
A: Facilitair beheer, 10/02/2026, ILO, submitted; after review every criterion met: 100.0, essential complete.
B: Facilitair beheer, 03/05/2026, no ILO; after review every criterion missing: 0.0.
C: Sport, 20/11/2025, ILO; after review only hr-ilo-core-conventions (essential) met: 100 × 2 / 31 = 6.5.
D: Sport, 15/03/2026, never analysed: not counted.
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from procurement.extensions import db
from procurement.monitor import Filters, Monitor, compute, custom, quarter, query, sorted_rows, trend_quarters, year
from tests.monitor.fixture import day, machine_scores, review_all, submit_and_mark_met, tender

TODAY = date(2026, 12, 1)


@pytest.fixture
def world(app: Flask) -> tuple[Flask, dict[str, int]]:
    ids = {
        "A": tender(app, "A", "Facilitair beheer", day(2026, 2, 10), ilo=True),
        "B": tender(app, "B", "Facilitair beheer", day(2026, 5, 3), ilo=False),
        "C": tender(app, "C", "Sport", day(2025, 11, 20), ilo=True),
        "D": tender(app, "D", "Sport", day(2026, 3, 15), ilo=True, run=False),
    }
    submit_and_mark_met(app, ids["A"])
    review_all(app, ids["B"])
    review_all(app, ids["C"], met=("hr-ilo-core-conventions",))
    return app, ids


def monitor(app: Flask, period=None, filters: Filters | None = None) -> Monitor:  # type: ignore[no-untyped-def]
    with app.app_context():
        facts = query.facts(db.session)
    return compute(facts.tenders, period or year(2026), filters or Filters(), today=TODAY, titles=facts.titles,
                   group_names=facts.group_names)


def test_the_year_counts_each_analysed_tender_once_machine_and_after_review(world) -> None:  # type: ignore[no-untyped-def]
    app, ids = world

    m = monitor(app)

    assert m.tender_ids == (ids["A"], ids["B"])
    h = m.headline
    assert h.tenders == 2
    assert (h.essential_machine.count, h.essential_machine.total, h.essential_machine.percent) == (0, 2, 0.0)
    assert (h.essential_reviewed.count, h.essential_reviewed.total, h.essential_reviewed.percent) == (1, 2, 50.0)
    machine = machine_scores(app, ids["A"], ids["B"])
    assert (h.score_machine.value, h.score_machine.count) == (round(sum(machine) / 2, 1), 2)
    assert (h.score_reviewed.value, h.score_reviewed.count) == (50.0, 2)  # (100 + 0) / 2


def test_per_theme_the_share_with_a_met_criterion_and_the_mean_theme_score(world) -> None:  # type: ignore[no-untyped-def]
    app, _ = world

    themes = {t.theme: t for t in monitor(app).themes}
    last_year = {t.theme: t for t in monitor(app, year(2025)).themes}

    assert (themes["social-economy"].with_met.count, themes["social-economy"].with_met.total) == (1, 2)
    assert themes["social-economy"].score.value == 50.0  # A (100) and B (0)
    # C: human rights 2 of 9 (ILO, weight 2, beside 2 other essentials and 3 others); energy 0 of 4
    assert (last_year["human-rights"].with_met.count, last_year["human-rights"].score.value) == (1, 22.2)
    assert (last_year["energy-efficiency"].with_met.count, last_year["energy-efficiency"].with_met.total) == (0, 1)
    assert last_year["energy-efficiency"].score.value == 0.0


def test_per_department_and_product_group(world) -> None:  # type: ignore[no-untyped-def]
    app, _ = world

    m = monitor(app, custom(date(2025, 1, 1), date(2026, 12, 31)))

    departments = {r.name: r.figures for r in m.departments}
    assert departments["Facilitair beheer"].tenders == 2
    assert departments["Facilitair beheer"].essential_reviewed.count == 1
    assert departments["Sport"].tenders == 1 and departments["Sport"].score_reviewed.value == 6.5
    (group,) = m.product_groups
    assert group.key == "cleaning-services" and group.figures.tenders == 3
    assert [r.name for r in sorted_rows(m.departments, "bestekken")] == ["Facilitair beheer", "Sport"]
    assert [r.name for r in sorted_rows(m.departments, "score")] == ["Facilitair beheer", "Sport"]  # 50 > 6.5


def test_the_most_missed_criteria_name_their_tenders_oldest_first(world) -> None:  # type: ignore[no-untyped-def]
    app, ids = world

    criteria = {c.criterion: c for c in monitor(app).criteria}

    assert len(criteria) == 20  # the top 20 of 24: B misses every one, A none after review
    assert {(c.missing, c.partial, c.applicable) for c in criteria.values()} == {(1, 0, 2)}
    assert all([t.id for t in c.tenders] == [ids["B"]] for c in criteria.values())
    wide = monitor(app, custom(date(2025, 1, 1), date(2026, 12, 31))).criteria
    first = wide[0]  # missing in B and C (C has only the ILO clause)
    assert (first.missing, first.applicable, [t.id for t in first.tenders]) == (2, 3, [ids["C"], ids["B"]])
    assert len(wide) == 20 and {c.missing for c in wide} == {2}  # 21 criteria missed twice, ILO once: out
    assert "hr-ilo-core-conventions" not in {c.criterion for c in wide}
    assert all(c.title != c.criterion for c in wide)  # the catalogue's titles


def test_filters_narrow_every_figure(world) -> None:  # type: ignore[no-untyped-def]
    app, ids = world

    sport = monitor(app, year(2025), Filters(department="Sport"))
    submitted = monitor(app, filters=Filters(review_state="ter_controle"))
    first_quarter = monitor(app, quarter(2026, 1))
    other_group = monitor(app, filters=Filters(product_group="it-hardware"))

    assert sport.tender_ids == (ids["C"],) and sport.headline.score_reviewed.value == 6.5
    assert submitted.tender_ids == (ids["A"],)
    assert first_quarter.tender_ids == (ids["A"],)  # D (15/03) has no finished analysis
    assert other_group.headline.tenders == 0 and other_group.headline.score_machine.value is None


def test_the_trend_covers_eight_quarters_up_to_today(world) -> None:  # type: ignore[no-untyped-def]
    app, _ = world

    trend = {q.period.label: q.figures for q in monitor(app).trend}

    assert list(trend) == [p.label for p in trend_quarters(TODAY)]
    assert list(trend)[0] == "2025 K1" and list(trend)[-1] == "2026 K4"
    assert (trend["2025 K4"].tenders, trend["2026 K1"].tenders, trend["2026 K2"].tenders) == (1, 1, 1)
    assert trend["2026 K1"].essential_reviewed.percent == 100.0
    assert trend["2026 K3"].tenders == 0


def test_periods_cover_their_days() -> None:
    assert quarter(2026, 4).holds(date(2026, 12, 31)) and not quarter(2026, 4).holds(date(2027, 1, 1))
    assert custom(date(2026, 3, 1), date(2026, 3, 31)).holds(date(2026, 3, 31))
    assert year(2026).label == "2026" and quarter(2026, 2).label == "2026 K2"
