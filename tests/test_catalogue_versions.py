"""The catalogue lives in the database as versions: criteria/ imported when new, edits published, YAML in and out."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from builders import DOCX_NAME, ILO_ID, cleaning_bestek, post_tender
from catalogue_forms import form_data
from conftest import current_checker_of
from flask import Flask
from sqlalchemy import event, func, select
from sqlalchemy.orm import ORMExecuteState, Session

from procurement.catalogue import default_path, from_data, load
from procurement.catalogue.diff import criteria_of
from procurement.extensions import db
from procurement.models import Analysis, AuditEvent, CatalogueVersion, Finding
from procurement.reports import view
from procurement.services import catalogue_edit as edit
from procurement.services import current_version
from procurement.services.catalogue import FIRST_NOTE, FOLDER_NOTE, KnownVersion


def versions(app: Flask) -> list[CatalogueVersion]:
    with app.app_context():
        rows = list(db.session.scalars(select(CatalogueVersion).order_by(CatalogueVersion.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def ilo(app: Flask) -> dict[str, object]:
    with app.app_context():
        row = current_version(db.session)
        assert row is not None and row.source is not None
        return dict(criteria_of(row.source)[ILO_ID])


def publish(app: Flask, note: str = "Titel verduidelijkt.", label: str = "") -> CatalogueVersion:
    with app.app_context():
        row = edit.publish(db.session, None, note=note, label=label)
        db.session.refresh(row)
        db.session.expunge(row)
        return row


def token_of(page: str) -> str:
    found = re.search(r'name="form_token" type="hidden" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


@pytest.fixture
def keeper(app: Flask) -> object:
    return app.test_client(roles=("duurzaamheid",))


def test_the_first_start_imports_criteria_and_a_second_start_adds_nothing(make_app: Callable[..., Flask]) -> None:
    first = make_app()
    make_app()

    (only,) = versions(first)
    assert only.note == FIRST_NOTE and only.origin == "criteria" and only.source is not None
    assert only.content_hash == load().content_hash
    assert current_checker_of(first).version == only.version


def test_a_changed_criteria_folder_is_imported_as_the_new_current_version(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    folder = tmp_path / "criteria"
    shutil.copytree(default_path(), folder)
    make_app(CATALOGUE_DIR=str(folder))
    (folder / "catalogue.yaml").write_text('label: "2026.2"\n', encoding="utf-8")

    app = make_app(CATALOGUE_DIR=str(folder))

    first, second = versions(app)
    assert second.note == FOLDER_NOTE and second.label == "2026.2"
    assert current_checker_of(app).version == second.version  # the matcher follows the database


def test_an_edit_is_a_draft_until_published_and_then_new_analyses_use_it_while_old_reports_stay(
    app: Flask, keeper: object
) -> None:
    office = app.test_client(roles=("aankoopdienst",))
    post_tender(office, [(DOCX_NAME, cleaning_bestek())])
    raw = ilo(app)
    response = keeper.post(f"/catalogusbeheer/criteria/{ILO_ID}",  # type: ignore[attr-defined]
                           data=form_data(raw, title="IAO-kernverdragen in de hele keten"))
    assert response.status_code == 302
    assert current_checker_of(app).catalogue.criterion(ILO_ID).title == raw["title"]  # only a draft so far

    row = publish(app, note="Titel IAO-clausule ingekort.")
    office.post("/bestekken/1/opnieuw", data={"opnieuw-form_token": "na-publicatie"})

    assert current_checker_of(app).version == row.version
    with app.app_context():
        old, new = db.session.scalars(select(Analysis).order_by(Analysis.id)).all()
        assert new.catalogue_version_id == row.id and old.catalogue_version_id != row.id
        titles = {f.criterion: f.title for f in view.build(old).findings}
        assert titles[ILO_ID] == raw["title"]  # the old report shows what it showed
        assert {f.criterion: f.title for f in view.build(new).findings}[ILO_ID] == "IAO-kernverdragen in de hele keten"
        assert db.session.scalar(select(func.count()).select_from(edit.CatalogueDraft)) == 0


def test_the_editing_form_applies_the_loader_rules_field_by_field(app: Flask, keeper: object) -> None:
    raw = ilo(app)

    def errors(**changes: object) -> str:
        response = keeper.post(f"/catalogusbeheer/criteria/{ILO_ID}", data=form_data(raw, **changes))  # type: ignore[attr-defined]
        assert response.status_code == 200
        return str(response.get_data(as_text=True))

    assert "lijst van SDG-nummers 1 tot 17" in errors(sdgs="8, 99")
    assert "eForms-codes als" in errors(eforms="BT-XYZ")
    assert "Geef minstens één zin waaraan het element herkend wordt." in errors(**{"elements-0-phrases": " "})
    assert "moet tussen 1 en het aantal elementen liggen" in errors(min_elements="9")
    assert "Geef een titel." in errors(title="")
    with app.app_context():
        assert edit.drafts(db.session) == []


def test_a_new_criterion_needs_an_unused_id_and_goes_in_its_product_group_file(app: Flask, keeper: object) -> None:
    raw = {**ilo(app), "id": "clean-hr-fair-wages", "title": "Eerlijke lonen in de schoonmaak",
           "product_groups": ["cleaning-services"], "essential": False}

    reused = keeper.post("/catalogusbeheer/nieuw-criterium", data=form_data({**raw, "id": ILO_ID}))  # type: ignore[attr-defined]
    made = keeper.post("/catalogusbeheer/nieuw-criterium", data=form_data(raw))  # type: ignore[attr-defined]

    assert "dit kenmerk bestaat al of werd vroeger gebruikt" in reused.get_data(as_text=True)
    assert made.status_code == 302
    again = keeper.post("/catalogusbeheer/criteria/clean-hr-fair-wages",  # type: ignore[attr-defined]
                        data=form_data({**raw, "title": "Eerlijke lonen voor het schoonmaakpersoneel"}))
    assert again.status_code == 302  # a new criterion's draft can be edited before it is published
    with app.app_context():
        (draft,) = edit.drafts(db.session)
        assert draft.is_new and draft.file == "cleaning-services.yaml"
        assert draft.data["title"] == "Eerlijke lonen voor het schoonmaakpersoneel"
    row = publish(app, note="Nieuw criterium eerlijke lonen.")
    assert "clean-hr-fair-wages" in row.criteria


def test_a_retired_criterion_is_skipped_by_new_analyses_but_never_deleted(app: Flask, keeper: object) -> None:
    office = app.test_client(roles=("aankoopdienst",))
    post_tender(office, [(DOCX_NAME, cleaning_bestek())])

    keeper.post(f"/catalogusbeheer/criteria/{ILO_ID}/intrekken")  # type: ignore[attr-defined]
    row = publish(app, note="IAO-clausule ingetrokken.")
    office.post("/bestekken/1/opnieuw", data={"opnieuw-form_token": "na-intrekking"})

    assert row.criteria[ILO_ID]["retired"] is True
    assert current_checker_of(app).catalogue.criterion(ILO_ID).retired  # still there, retired
    with app.app_context():
        judged = db.session.execute(select(Finding.analysis_id, Finding.status).where(Finding.criterion == ILO_ID))
        assert [tuple(r) for r in judged] == [(1, "met")]  # the new analysis (2) no longer judges it
        assert ILO_ID in {f.criterion for f in view.build(db.session.get_one(Analysis, 1)).findings}
    routes = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("catalogue_admin.")]
    assert not any("DELETE" in (r.methods or ()) for r in routes)


def test_publishing_needs_a_note_and_a_catalogue_that_passes_the_check(app: Flask, keeper: object) -> None:
    raw = ilo(app)
    keeper.post(f"/catalogusbeheer/criteria/{ILO_ID}",  # type: ignore[attr-defined]
                data=form_data(raw, clause="De opdrachtnemer levert de goederen franco aan het stadhuis."))
    overview = keeper.get("/catalogusbeheer/").get_data(as_text=True)  # type: ignore[attr-defined]

    no_note = keeper.post("/catalogusbeheer/publiceren", data={"note": ""})  # type: ignore[attr-defined]
    failing = keeper.post("/catalogusbeheer/publiceren", data={"note": "Nieuwe tekst."})  # type: ignore[attr-defined]

    assert "Dit concept haalt de controle niet" in overview and f"{ILO_ID}: eigen clausuletekst" in overview
    assert "Schrijf wat er verandert en waarom." in no_note.get_data(as_text=True)
    assert "haalt de controle niet" in failing.get_data(as_text=True)
    assert len(versions(app)) == 1


def test_the_export_is_the_criteria_layout_and_imports_back_as_a_new_version(app: Flask, keeper: object) -> None:
    current = versions(app)[0]
    archive = keeper.get(f"/catalogusbeheer/versies/{current.id}/export.zip").data  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        files = {Path(n).name: yaml.safe_load(z.read(n)) for n in z.namelist()}
        names = z.namelist()
    assert sorted(names) == sorted(f"criteria/{p.name}" for p in default_path().glob("*.yaml"))
    assert from_data(files).content_hash == current.content_hash  # reviewable in git, same content

    with app.app_context(), pytest.raises(KnownVersion):
        edit.import_files(db.session, None, [("criteria.zip", archive)], note="Zelfde inhoud.")
    changed = yaml.safe_dump({"label": "2026.3"}).encode()
    response = keeper.post("/catalogusbeheer/importeren", content_type="multipart/form-data",  # type: ignore[attr-defined]
                           data={"note": "Nieuw label uit git.", "files": [(io.BytesIO(changed), "catalogue.yaml")]})

    assert response.status_code == 302
    newest = versions(app)[-1]
    assert newest.origin == "import" and newest.label == "2026.3" and newest.note == "Nieuw label uit git."


def test_an_import_may_not_drop_a_criterion_that_analyses_refer_to(app: Flask) -> None:
    post_tender(app.test_client(roles=("aankoopdienst",)), [(DOCX_NAME, cleaning_bestek())])
    with app.app_context():
        source = current_version(db.session).source  # type: ignore[union-attr]
        general = dict(source["general.yaml"])
        general["criteria"] = [c for c in general["criteria"] if c["id"] != ILO_ID]
        upload = [("general.yaml", yaml.safe_dump(general, allow_unicode=True).encode())]

        with pytest.raises(edit.CatalogueRefused) as refused:
            edit.import_files(db.session, None, upload, note="IAO weg.")

    assert f"ontbreekt: {ILO_ID}" in refused.value.problems and "trek ze in" in refused.value.message


def test_chosen_tenders_are_rechecked_with_the_newest_version_beside_their_old_analyses(
    app: Flask, keeper: object
) -> None:
    office = app.test_client(roles=("aankoopdienst",))
    post_tender(office, [(DOCX_NAME, cleaning_bestek())], token="a")
    post_tender(office, [(DOCX_NAME, cleaning_bestek(ilo=False))], token="b", title="Tweede")
    row = publish(app, note="Enkel een nieuw label.", label="2026.9")
    listing = keeper.get("/catalogusbeheer/hercontrole").get_data(as_text=True)  # type: ignore[attr-defined]

    keeper.post("/catalogusbeheer/hercontrole", data={"tenders": ["2"], "form_token": token_of(listing)})  # type: ignore[attr-defined]

    assert listing.count("checked") == 2  # both on an older version, so both proposed
    with app.app_context():
        rows = db.session.execute(select(Analysis.tender_id, Analysis.catalogue_version_id).order_by(Analysis.id))
        assert [tuple(r) for r in rows] == [(1, 1), (2, 1), (2, row.id)]
    page = app.test_client(roles=("aankoopdienst",)).get("/bestekken/1").get_data(as_text=True)
    assert "De huidige is <span class=\"version\" title=\"technische code 2026.9+" in page
    assert "Enkel een nieuw label." in page


def test_a_version_page_shows_its_note_and_what_changed_field_by_field(app: Flask, keeper: object) -> None:
    raw = ilo(app)
    keeper.post(f"/catalogusbeheer/criteria/{ILO_ID}", data=form_data(raw, ambition="2"))  # type: ignore[attr-defined]
    row = publish(app, note="Ambitie van de IAO-clausule verhoogd.")

    page = app.test_client(roles=("aankoper",)).get(f"/catalogusbeheer/versies/{row.id}").get_data(as_text=True)

    assert "Ambitie van de IAO-clausule verhoogd." in page and "Gewijzigde criteria (1)" in page
    assert "ambitieniveau" in page and "verwijderd: </span>1<" in page and "toegevoegd: </span>2<" in page


def test_the_matcher_of_a_version_is_compiled_once_per_process(app: Flask) -> None:
    first, second = current_checker_of(app), current_checker_of(app)

    assert first.matcher is second.matcher
    assert first.catalogue is second.catalogue  # built from the stored source once, then cached


def test_publishing_content_equal_to_a_known_version_keeps_every_draft(app: Flask, keeper: object) -> None:
    raw = ilo(app)
    keeper.post(f"/catalogusbeheer/criteria/{ILO_ID}", data=form_data(raw, ambition="2"))  # type: ignore[attr-defined]
    publish(app, note="Ambitie verhoogd.")
    keeper.post(f"/catalogusbeheer/criteria/{ILO_ID}", data=form_data(raw))  # type: ignore[attr-defined]

    refused = keeper.post("/catalogusbeheer/publiceren", data={"note": "Terug naar vroeger."})  # type: ignore[attr-defined]

    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "er is niets nieuws om te bewaren" in page
    assert "verwijderd: </span>2<" in page and "toegevoegd: </span>1<" in page  # still shows the draft's change
    with app.app_context():
        assert [d.criterion for d in edit.drafts(db.session)] == [ILO_ID]
    assert len(versions(app)) == 2


def test_publishing_deletes_only_the_drafts_it_read_and_keeps_one_saved_meanwhile(app: Flask) -> None:
    with app.app_context():
        source = current_version(db.session).source  # type: ignore[union-attr]
        other_id = next(cid for cid in criteria_of(source) if cid != ILO_ID)
        other = {**criteria_of(source)[other_id], "title": "Een titel die later kwam"}
        edit.save_draft(db.session, None, {**ilo(app), "title": "IAO-kernverdragen in de hele keten"}, new=False)

        def save_meanwhile(state: ORMExecuteState) -> None:
            if state.is_delete:
                with Session(db.engine) as colleague:
                    edit.save_draft(colleague, None, other, new=False)

        event.listen(db.session, "do_orm_execute", save_meanwhile)
        try:
            row = edit.publish(db.session, None, note="Titel verduidelijkt.")
        finally:
            event.remove(db.session, "do_orm_execute", save_meanwhile)

        assert criteria_of(row.source)[ILO_ID]["title"] == "IAO-kernverdragen in de hele keten"  # type: ignore[arg-type]
        assert criteria_of(row.source)[other_id]["title"] != "Een titel die later kwam"  # type: ignore[arg-type]
        assert [d.criterion for d in edit.drafts(db.session)] == [other_id]


@pytest.mark.parametrize("sdgs", ["²", "8, ³", "٣", "8, 1½", "9" * 5000])
def test_an_sdg_that_is_not_written_in_plain_digits_is_a_form_error_not_a_crash(
    app: Flask, keeper: object, sdgs: str
) -> None:
    response = keeper.post(f"/catalogusbeheer/criteria/{ILO_ID}", data=form_data(ilo(app), sdgs=sdgs))  # type: ignore[attr-defined]

    assert response.status_code == 200
    assert "Enkel nummers, gescheiden door komma&#39;s (bv. 3, 8, 12)." in response.get_data(as_text=True)
    with app.app_context():
        assert edit.drafts(db.session) == []


def test_posting_the_recheck_form_twice_queues_each_tender_once(app: Flask, keeper: object) -> None:
    office = app.test_client(roles=("aankoopdienst",))
    post_tender(office, [(DOCX_NAME, cleaning_bestek())], token="a")
    post_tender(office, [(DOCX_NAME, cleaning_bestek(ilo=False))], token="b", title="Tweede")
    publish(app, note="Enkel een nieuw label.", label="2026.9")
    form = {"tenders": ["1", "2"],
            "form_token": token_of(keeper.get("/catalogusbeheer/hercontrole").get_data(as_text=True))}  # type: ignore[attr-defined]

    first = keeper.post("/catalogusbeheer/hercontrole", data=form)  # type: ignore[attr-defined]
    second = keeper.post("/catalogusbeheer/hercontrole", data=form, follow_redirects=True)  # type: ignore[attr-defined]
    tokenless = keeper.post("/catalogusbeheer/hercontrole", data={"tenders": ["1"]})  # type: ignore[attr-defined]

    assert first.status_code == 302
    assert "Deze hercontrole werd al verstuurd" in second.get_data(as_text=True)
    assert "Het formulier is verlopen; probeer opnieuw." in tokenless.get_data(as_text=True)
    with app.app_context():
        rows = db.session.execute(select(Analysis.tender_id).order_by(Analysis.id))
        assert [r.tender_id for r in rows] == [1, 2, 1, 2]
        events = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action == "catalogue.recheck"))
        assert list(events) == ["catalogue.recheck"]
