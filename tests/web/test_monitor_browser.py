"""In a real Chromium: the sustainability office opens the monitor, changes period and filter, downloads the exports."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from procurement.extensions import db
from procurement.models import DONE, Analysis
from tests.monitor.fixture import day, submit_and_mark_met, tender

pytestmark = pytest.mark.browser


def analysed(app) -> None:  # type: ignore[no-untyped-def]
    """The live app's worker may have claimed an analysis first: wait until every one is done."""
    for _ in range(100):
        with app.app_context():
            if all(s == DONE for s in db.session.scalars(select(Analysis.status))):
                return
        time.sleep(0.2)
    raise AssertionError("analyses did not finish")


def test_the_monitor_follows_period_and_filter_and_downloads_both_exports(page, live, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app, url = live
    a = tender(app, "Schoonmaak A", "Facilitair beheer", day(2026, 2, 10), ilo=True)
    tender(app, "Schoonmaak B", "Facilitair beheer", day(2026, 5, 3), ilo=False)
    tender(app, "Schoonmaak C", "Sport", day(2025, 11, 20), ilo=True)
    analysed(app)
    submit_and_mark_met(app, a)

    page.goto(f"{url}/")
    page.click("nav >> text=Monitor")
    page.select_option("#periode", "jaar")
    page.fill("#jaar", "2026")
    page.click("form.filters button[type=submit]")
    assert page.text_content("#aantal") == "2"
    assert page.text_content("#essentieel") == "1 van 2 (50,0 %)"
    assert page.locator("svg[role=img]").count() == 3

    page.fill("#jaar", "2025")
    page.select_option("#dienst", "Sport")
    page.click("form.filters button[type=submit]")
    assert page.text_content("#aantal") == "1"
    assert "dienst Sport" in page.text_content("#selectie")

    with page.expect_download() as waiting:
        page.click("text=Cijfers als CSV")
    saved = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert saved.name == "monitor-2025.csv" and {r[0]: r[1] for r in rows if r}["bestekken"] == "1"

    page.fill("#jaar", "2026")
    page.select_option("#dienst", "")
    page.click("form.filters button[type=submit]")
    with page.expect_download() as waiting:
        page.click("text=Rapport als Word")
    saved = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    document = docx.Document(str(saved))
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "1 van 2 (50,0 %)" in cells and len(document.inline_shapes) == 4
