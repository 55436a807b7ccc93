"""The sustainability office's review queue on the home page, and the tender list's filters and sort."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.monitor.fixture import day, submit_and_mark_met, tender


@pytest.fixture
def world(app: Flask) -> dict[str, int]:
    ids = {
        "A": tender(app, "Schoonmaak A", "Facilitair beheer", day(2026, 2, 10), ilo=True),
        "B": tender(app, "Schoonmaak B", "Facilitair beheer", day(2026, 5, 3), ilo=False),
        "C": tender(app, "Schoonmaak C", "Sport", day(2025, 11, 20), ilo=True),
    }
    submit_and_mark_met(app, ids["B"])
    submit_and_mark_met(app, ids["C"])
    return ids


def titles(page: str) -> list[str]:
    return re.findall(r'<a href="/bestekken/\d+">(Schoonmaak \w)</a>', page)


def test_the_home_page_of_the_sustainability_office_lists_what_waits_for_review_oldest_first(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    page = app.test_client(roles=("duurzaamheid",)).get("/").get_data(as_text=True)
    queue = page[page.index('id="te-beoordelen"'):page.index('id="cijfers"')]

    assert "2 bestekken wachten" in queue
    assert titles(queue) == ["Schoonmaak C", "Schoonmaak B"]  # C was made first
    assert re.search(r'class="num">\d+,\d', queue) and "onvolledig" in queue  # score and essential-complete


def test_the_procurement_office_sees_no_review_queue(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    page = app.test_client(roles=("aankoopdienst",)).get("/").get_data(as_text=True)

    assert 'id="te-beoordelen"' not in page


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["Schoonmaak B", "Schoonmaak A", "Schoonmaak C"]),
    ("status=ter_controle", ["Schoonmaak B", "Schoonmaak C"]),
    ("dienst=Sport", ["Schoonmaak C"]),
    ("productgroep=cleaning-services&sorteer=oudste", ["Schoonmaak C", "Schoonmaak A", "Schoonmaak B"]),
    ("productgroep=it-hardware", []),
    ("score_van=1&score_tot=100", ["Schoonmaak A", "Schoonmaak C"]),  # with the ILO clause
    ("score_tot=0", ["Schoonmaak B"]),
    ("sorteer=score-laag", ["Schoonmaak B", "Schoonmaak A", "Schoonmaak C"]),
    ("van=2026-01-01&tot=2026-02-10", ["Schoonmaak A"]),
    ("score_van=abc&van=gisteren", ["Schoonmaak B", "Schoonmaak A", "Schoonmaak C"]),  # nonsense filters nothing
])
def test_the_tender_list_filters_and_sorts(client, world, query: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/bestekken/?{query}")

    assert response.status_code == 200
    assert titles(response.get_data(as_text=True)) == expected
