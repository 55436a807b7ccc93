"""The catalogue keeper's pages as rows: the re-check choice from each tender's latest analysis, the drafts' check."""

from __future__ import annotations

from builders import DOCX_NAME, ILO_ID, cleaning_bestek, post_tender
from flask import Flask
from sqlalchemy import event

from procurement.catalogue.diff import criteria_of
from procurement.extensions import db
from procurement.models import Analysis
from procurement.queries import catalogue_admin
from procurement.services import catalogue_edit as edit
from procurement.services import current_version


def _ilo() -> dict[str, object]:
    row = current_version(db.session)
    assert row is not None and row.source is not None
    return dict(criteria_of(row.source)[ILO_ID])


def test_recheck_proposes_the_tenders_whose_latest_analysis_used_an_older_version(app: Flask) -> None:
    office = app.test_client(roles=("aankoopdienst",))
    post_tender(office, [(DOCX_NAME, cleaning_bestek())], token="a")
    with app.app_context():
        old = current_version(db.session)
        assert old is not None
        edit.save_draft(db.session, None, {**_ilo(), "title": "IAO-clausule"}, new=False)
        new = edit.publish(db.session, None, note="Titel.")
        post_tender(office, [(DOCX_NAME, cleaning_bestek())], token="b", title="Tweede")

        rows = catalogue_admin.recheck_candidates(db.session, new.id)

        assert [(r.id, r.title, r.version, r.older, r.frozen) for r in rows] == [
            (2, "Tweede", new.version, False, False),
            (1, "Schoonmaak stadsgebouwen", old.version, True, False),
        ]


def test_the_recheck_choice_loads_no_analysis_object_only_the_columns_of_each_latest(app: Flask) -> None:
    office = app.test_client(roles=("aankoopdienst",))
    for n in range(3):
        post_tender(office, [(DOCX_NAME, cleaning_bestek())], token=f"t{n}", title=f"Bestek {n}")
    loaded: list[Analysis] = []

    def count(target: Analysis, _context: object) -> None:
        loaded.append(target)

    with app.app_context():
        current = current_version(db.session)
        assert current is not None
        db.session.expunge_all()
        event.listen(Analysis, "load", count)
        try:
            rows = catalogue_admin.recheck_candidates(db.session, current.id)
        finally:
            event.remove(Analysis, "load", count)

    assert len(rows) == 3 and not any(r.older for r in rows)
    assert loaded == []


def test_the_drafts_check_runs_once_per_draft_content(app: Flask) -> None:
    with app.app_context():
        edit.save_draft(db.session, None, {**_ilo(), "clause": "De opdrachtnemer levert franco aan het stadhuis."},
                        new=False)
        first = catalogue_admin.overview(db.session)
        cached = len(catalogue_admin._problems)
        again = catalogue_admin.overview(db.session)

        assert first.problems == again.problems and any(p.startswith(f"{ILO_ID}: eigen clausuletekst")
                                                        for p in first.problems)
        assert len(catalogue_admin._problems) == cached  # the second visit found the first one's check
        assert first.drafted == {ILO_ID} and [d.what for d in first.drafts] == ["gewijzigd"]
