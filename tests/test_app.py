"""create_app: defaults, PROCUREMENT_* environment variables, test config, the secret key, the demo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from procurement import config
from procurement.demo import DEMO_TITLE
from procurement.extensions import db
from procurement.models import DONE, Analysis, Tender


def test_the_defaults_put_the_database_and_uploads_in_the_instance_folder() -> None:
    defaults = config.defaults(config.INSTANCE)

    assert defaults["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{config.ROOT / 'instance' / 'procurement.sqlite'}"
    assert defaults["UPLOAD_DIR"] == str(config.ROOT / "instance" / "uploads")
    assert (config.ROOT / "procurement" / "app.py").exists()  # resolved from the package, not the cwd


def test_environment_variables_override_the_defaults_and_the_test_config_overrides_both(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROCUREMENT_WORKER_POLL_SECONDS", "2.5")
    monkeypatch.setenv("PROCUREMENT_STALE_ANALYSIS_MINUTES", "7")

    app = make_app(STALE_ANALYSIS_MINUTES=9)

    assert app.config["WORKER_POLL_SECONDS"] == 2.5
    assert app.config["STALE_ANALYSIS_MINUTES"] == 9


def test_an_unknown_analysis_mode_is_refused(make_app: Callable[..., Flask]) -> None:
    with pytest.raises(ValueError, match="ANALYSIS_MODE"):
        make_app(ANALYSIS_MODE="celery")


def test_the_secret_key_is_made_once_and_kept(tmp_path: Path) -> None:
    first = config.secret_key(tmp_path)
    second = config.secret_key(tmp_path)

    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_the_first_start_seeds_an_analysed_demo_tender_and_a_second_start_does_not(
    make_app: Callable[..., Flask],
) -> None:
    first = make_app(SEED_DEMO=True)
    with first.app_context():
        tender = db.session.scalars(select(Tender).where(Tender.title == DEMO_TITLE)).one()
        assert tender.demo
        made = db.session.scalar(select(func.count(Tender.id)))  # with the real-size set (tests/test_demo_set.py)
        analysis = db.session.scalars(select(Analysis).where(Analysis.tender_id == tender.id)).one()
        assert analysis.status == DONE
        statuses = {f.status for f in analysis.findings}
        assert {"met", "missing"} <= statuses  # an interesting first report
    assert DEMO_TITLE in first.test_client().get("/").get_data(as_text=True)

    second = make_app(SEED_DEMO=True)

    with second.app_context():
        assert db.session.scalar(select(func.count(Tender.id))) == made
        assert db.session.scalar(select(func.count(Analysis.id))) == made


def test_the_demo_bestek_is_a_cleaning_services_docx_with_its_sections(make_app: Callable[..., Flask]) -> None:
    from conftest import current_checker_of

    from procurement.demo import build_demo_bestek
    from procurement.documents import parse

    document = parse(build_demo_bestek(), "demo.docx")
    matcher = current_checker_of(make_app()).matcher

    assert document.format == "docx"
    headings = [b.text for b in document.blocks if b.kind == "heading"]
    for section in ("Voorwerp van de opdracht", "Selectie", "Technische specificaties", "Gunningscriteria",
                    "Uitvoeringsvoorwaarden"):
        assert any(section in h for h in headings)
    assert [g.id for g in matcher.detect_product_groups(document)][:1] == ["cleaning-services"]
