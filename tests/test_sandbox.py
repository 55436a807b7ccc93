"""Hostile files through the real upload form and the real `procurement check`: each refused (or read) with what
is really wrong, in Dutch, by a child process within the memory and time limits; nothing kept of a refusal."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from builders import DOCX_NAME, cleaning_bestek, post_tender
from documents import hostile
from flask import Flask
from sqlalchemy import func, select

from procurement.extensions import db
from procurement.models import DONE, FAILED, Analysis, Tender
from procurement.sandbox import Limits

TOO_COMPLEX = "te groot of te complex om te controleren: "
CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "lying-sizes.docx": (hostile.lying_sizes, "Het Word-document is beschadigd of onvolledig"),
    # (the files stay under 500 kB, which the test client keeps in memory)
    "flate-bomb.pdf": (lambda: hostile.flate_bomb_pdf(400), TOO_COMPLEX),
    "huge-xml.docx": (lambda: hostile.huge_xml(40), TOO_COMPLEX + "uitgepakt bevat het meer dan 24 MB XML"),
    "deep-xml.docx": (hostile.deep_xml, TOO_COMPLEX + "de XML is dieper dan 256 niveaus genest"),
    "types-doctype.docx": (
        lambda: hostile.with_doctype(
            "[Content_Types].xml", b'<!DOCTYPE Types [<!ENTITY % p SYSTEM "http://example.org/x.dtd"> %p;]>'
        ),
        "Het bestand bevat een DOCTYPE-declaratie in [Content_Types].xml.",
    ),
    "external-dtd.docx": (
        lambda: hostile.with_doctype("word/document.xml", b'<!DOCTYPE w:document SYSTEM "file:///etc/passwd">'),
        "Het bestand bevat een DOCTYPE-declaratie in word/document.xml.",
    ),
    "rels-entity.docx": (
        lambda: hostile.with_doctype(
            "word/_rels/document.xml.rels", b'<!DOCTYPE r [<!ENTITY x SYSTEM "http://example.org/">]>'
        ),
        "Het bestand bevat een DOCTYPE-declaratie in word/_rels/document.xml.rels.",
    ),
    "macro.docx": (hostile.docm, "Het bestand bevat macro's (een VBA-project)."),
    "vba-only.docx": (hostile.vba_only, "Het bestand bevat macro's (een VBA-project)."),
    "page-tree-loop.pdf": (hostile.page_tree_loop_pdf, "de paginaboom is ongeldig"),
}


def counts(app: Flask) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Tender)) or 0,
            db.session.scalar(select(func.count()).select_from(Analysis)) or 0,
        )


def run_check(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "procurement.cli", "check", *args], capture_output=True, text=True, cwd=cwd,
        env={**os.environ, **env}, timeout=120,
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_upload_is_refused_with_what_is_really_wrong_and_nothing_is_kept(app: Flask, name: str) -> None:
    make, reason = CASES[name]

    response = post_tender(app.test_client(), [(DOCX_NAME, cleaning_bestek()), (name, make())])

    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert f"{name}: " in page and reason in page
    assert "zip-bom" not in page or name == "huge-xml.docx"
    assert "is het een scan" not in page
    assert counts(app) == (0, 0)


def test_every_hostile_file_gets_one_line_on_stderr_and_the_good_one_is_still_checked(tmp_path: Path) -> None:
    names = sorted(CASES)
    for name in names:
        (tmp_path / name).write_bytes(CASES[name][0]())
    (tmp_path / DOCX_NAME).write_bytes(cleaning_bestek())

    result = run_check(*names, DOCX_NAME, "--format", "json", cwd=tmp_path)

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(names), lines
    for name, line in zip(names, lines, strict=True):
        assert line.startswith(f"{name}: ") and CASES[name][1] in line
    documents = json.loads(result.stdout)["documents"]
    assert [bool(d["error"]) for d in documents] == [True] * len(names) + [False]
    assert documents[-1]["findings"]


def test_a_real_docx_of_200000_short_paragraphs_is_checked_up_to_the_block_cap_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "lijst.docx").write_bytes(hostile.short_paragraphs(200_000))

    result = run_check("lijst.docx", "--format", "json", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    (document,) = json.loads(result.stdout)["documents"]
    assert document["error"] is None
    assert document["notes"] == [
        "Het document is te lang om volledig te controleren: alleen de eerste 50.000 van de 200.001 tekstblokken "
        "zijn gelezen; wat daarna komt, is niet gecontroleerd."
    ]
    text = run_check("lijst.docx", cwd=tmp_path).stdout
    assert "   Opmerking: Het document is te lang om volledig te controleren" in text


def test_a_document_over_the_time_limit_is_refused_with_the_limit_named(tmp_path: Path) -> None:
    (tmp_path / "lijst.docx").write_bytes(hostile.short_paragraphs(200_000))

    result = run_check("lijst.docx", cwd=tmp_path, PROCUREMENT_PARSE_SECONDS="0.5")

    assert result.returncode == 2
    assert result.stderr.strip() == (
        "lijst.docx: Het bestand is te groot of te complex om te controleren: het lezen duurt langer dan 0,5 "
        "seconden. Splits het document en laad de delen apart op."
    )


def test_a_document_over_the_memory_limit_is_refused_through_the_form(make_app: Callable[..., Flask]) -> None:
    app = make_app(PARSE_MEMORY_MB=150)

    response = post_tender(app.test_client(), [("lijst.docx", hostile.huge_xml(20))])

    page = html.unescape(response.get_data(as_text=True))
    assert "lijst.docx: Het bestand is te groot of te complex om te controleren: het lezen vraagt meer dan 150 MB " \
        "werkgeheugen." in page
    assert counts(app) == (0, 0)


def test_the_worker_reads_in_the_sandbox_too_and_names_the_file_over_the_limit(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    client = app.test_client()
    post_tender(client, [(DOCX_NAME, cleaning_bestek()), ("lijst.docx", hostile.short_paragraphs(200_000))])
    with app.app_context():
        analysis = db.session.scalars(select(Analysis)).one()
        assert analysis.status == DONE
        assert analysis.message.startswith("Analyse klaar. Opgelet: lijst.docx: Het document is te lang")
    assert "Opgelet: lijst.docx: Het document is te lang om volledig te controleren" in html.unescape(
        client.get("/bestekken/1").get_data(as_text=True)
    )

    from procurement.extensions import originals
    from procurement.services import reanalyse, run_analysis
    from procurement.services.catalogue import current_checker

    with app.app_context():
        again = reanalyse(db.session, current_checker(db.session).catalogue, 1)
        done = run_analysis(db.session, again.id, storage=originals(), limits=Limits(seconds=1))
        assert done is not None and done.status == FAILED
        assert done.error is not None and done.error.startswith(
            "lijst.docx: Het bestand is te groot of te complex om te controleren: het lezen duurt langer dan 1 seconde."
        )
