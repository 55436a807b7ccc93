"""The monitor page and its exports: the figures of the chosen period and filters, charts with their tables."""

from __future__ import annotations

import csv
import io

import docx
import pytest
from flask import Flask
from PIL import Image

from procurement.monitor.charts import LABEL_WIDTH
from procurement.web.monitor import facts_cache, warm
from tests.monitor.fixture import day, review_all, submit_and_mark_met, tender


@pytest.fixture
def world(app: Flask) -> Flask:
    a = tender(app, "Schoonmaak A", "Facilitair beheer", day(2026, 2, 10), ilo=True)
    b = tender(app, "Schoonmaak B", "Facilitair beheer", day(2026, 5, 3), ilo=False)
    c = tender(app, "Schoonmaak C", "Sport", day(2025, 11, 20), ilo=True)
    submit_and_mark_met(app, a)
    review_all(app, b)
    review_all(app, c, met=("hr-ilo-core-conventions",))
    return app


def test_the_page_shows_the_figures_of_the_year_with_charts_and_their_tables(world: Flask) -> None:
    page = world.test_client().get("/monitor/?periode=jaar&jaar=2026").get_data(as_text=True)

    assert '<dd id="aantal">2</dd>' in page
    assert "1 van 2 (50,0 %)" in page  # every essential criterion after review: A
    assert "50,0 (2 bestekken)" in page  # mean score after review
    assert page.count('role="img"') == 3 and "<desc id=\"themas-d\">" in page
    assert "<style" not in page and "<script>" not in page and " style=" not in page  # the CSP allows neither
    assert "Facilitair beheer" in page and "Reinigingsdiensten" in page or "cleaning" in page


def test_a_filter_and_another_period_change_the_figures(world: Flask) -> None:
    client = world.test_client()

    sport = client.get("/monitor/?periode=jaar&jaar=2025&dienst=Sport").get_data(as_text=True)
    quarter = client.get("/monitor/?periode=kwartaal&jaar=2026&kwartaal=2").get_data(as_text=True)
    custom = client.get("/monitor/?periode=eigen&van=2025-01-01&tot=2026-12-31").get_data(as_text=True)

    assert '<dd id="aantal">1</dd>' in sport and "6,5 (1 bestek)" in sport
    assert '<dd id="aantal">1</dd>' in quarter and "0 van 1 (0,0 %)" in quarter
    assert '<dd id="aantal">3</dd>' in custom


def test_nonsense_in_the_query_falls_back_to_this_year(world: Flask) -> None:
    response = world.test_client().get("/monitor/?periode=kwartaal&jaar=abc&kwartaal=9&van=gisteren&status=x")

    assert response.status_code == 200


def test_the_csv_export_is_semicolon_separated_utf8_with_bom(world: Flask) -> None:
    response = world.test_client().get("/monitor/export.csv?periode=jaar&jaar=2026")

    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "monitor-2026.csv" in response.headers["Content-Disposition"]
    data = response.get_data()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    figures = {r[0]: r[1:] for r in rows if r}
    assert figures["bestekken"] == ["2", "2"]
    assert figures["essentiële criteria volledig (na beoordeling) %"] == ["50,0", "2"]
    assert figures["Facilitair beheer"][0] == "2"
    assert "2026 K1" in figures


def test_the_word_report_holds_the_figures_the_charts_and_a_text_per_theme(world: Flask) -> None:
    response = world.test_client().get("/monitor/rapport.docx?periode=jaar&jaar=2026")

    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.get_data()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "1 van 2 (50,0 %)" in cells and "50,0 (2 bestekken)" in cells
    assert "Sociale economie: in 1 van de 2 bestekken" in text
    assert len(document.inline_shapes) == 4  # themes, departments, product groups, trend
    images = [Image.open(io.BytesIO(r.target_part.blob)) for r in document.part.rels.values() if "image" in r.reltype]
    assert [i.format for i in images] == ["PNG"] * 4
    for image in images:
        labels = image.crop((0, 0, 2 * LABEL_WIDTH - 20, image.height)).convert("L")
        assert labels.getextrema()[0] < 100  # dark text in the label column: bar names or the axis' numbers


def test_the_buyers_may_not_see_the_monitor(app: Flask) -> None:
    assert app.test_client(roles=("aankoper",)).get("/monitor/").status_code == 403
    assert app.test_client(roles=("aankoopdienst",)).get("/monitor/").status_code == 200
    assert app.test_client(roles=("beheerder",)).get("/monitor/export.csv").status_code == 200


def test_the_figures_follow_a_new_tender_and_a_review_at_once(world: Flask) -> None:
    client = world.test_client()
    assert '<dd id="aantal">2</dd>' in client.get("/monitor/?jaar=2026").get_data(as_text=True)

    d = tender(world, "Schoonmaak D", "Sport", day(2026, 6, 1), ilo=True)
    counted = client.get("/monitor/?jaar=2026").get_data(as_text=True)
    review_all(world, d, met=("hr-ilo-core-conventions",))
    reviewed = client.get("/monitor/?jaar=2026&dienst=Sport").get_data(as_text=True)

    assert '<dd id="aantal">3</dd>' in counted
    assert "6,5 (1 bestek)" in reviewed  # D after review: only the ILO clause met


def test_a_web_process_reads_the_facts_at_start_so_its_first_page_decodes_only_what_changed(world: Flask) -> None:
    warm(world).join(60)
    cache = facts_cache(world)
    assert cache.decoded_rows == 3  # the three analysed tenders

    assert world.test_client().get("/monitor/").status_code == 200
    assert cache.decoded_rows == 3  # nothing changed since: nothing decoded again
