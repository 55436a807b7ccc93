"""Saved clause bundles: named, per user, listed on "Mijn selecties", shared by link, exported as the current one."""

from __future__ import annotations

import io
import re

import docx
from accounts import login
from builders import ILO_ID
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from procurement.extensions import db
from procurement.models import AuditEvent, SavedBundle

AWARD = "energy-life-cycle-cost-award"


def person(app: Flask, role: str, name: str) -> FlaskClient:
    client = app.test_client(roles=())
    login(client, role, name=name)
    return client


def buyer(app: Flask, name: str = "bram") -> FlaskClient:
    return person(app, "aankoper", name)


def choose(client: FlaskClient, *ids: str) -> None:
    for criterion_id in ids:
        client.post("/selectie/toevoegen", data={"criterium": criterion_id})


def save(client: FlaskClient, name: str) -> object:
    return client.post("/selectie/bewaren", data={"name": name})


def link(app: Flask, name: str) -> str:
    with app.app_context():
        token = db.session.scalar(select(SavedBundle.token).where(SavedBundle.name == name))
    return f"/selectie/gedeeld/{token}"


def test_a_saved_bundle_is_listed_on_mijn_selecties_and_outlives_the_session(app: Flask) -> None:
    bram = buyer(app)
    choose(bram, ILO_ID, AWARD)

    saved = save(bram, "Schoonmaak 2027")
    again = buyer(app)  # a new session of the same person: the session's selection is gone, the saved one not
    mine = again.get("/selectie/mijn/").get_data(as_text=True)
    shown = again.get(link(app, "Schoonmaak 2027")).get_data(as_text=True)

    assert saved.status_code == 302 and saved.location == link(app, "Schoonmaak 2027")  # type: ignore[attr-defined]
    assert "Schoonmaak 2027" in mine and "2 criteria" in mine
    assert re.findall(r'<article class="finding" id="c-([a-z0-9-]+)"', shown) == [AWARD, ILO_ID]  # bestek order
    assert "Selectie verwijderen" in shown
    with app.app_context():
        assert db.session.scalars(select(AuditEvent.action).where(AuditEvent.action == "bundle.saved")).all()


def test_saving_under_the_same_name_replaces_and_an_empty_name_is_refused_beside_the_field(app: Flask) -> None:
    bram = buyer(app)
    choose(bram, ILO_ID)
    save(bram, "Werkkledij")
    choose(bram, AWARD)

    replaced = bram.post("/selectie/bewaren", data={"name": "Werkkledij"}, follow_redirects=True)
    refused = save(bram, "   ")

    assert "de vorige met die naam is vervangen" in replaced.get_data(as_text=True)
    with app.app_context():
        rows = db.session.scalars(select(SavedBundle)).all()
        assert [(r.name, r.criteria) for r in rows] == [("Werkkledij", [ILO_ID, AWARD])]
    assert refused.status_code == 422  # type: ignore[attr-defined]
    body = refused.get_data(as_text=True)  # type: ignore[attr-defined]
    assert "Geef je selectie een naam." in body and 'aria-invalid="true"' in body


def test_a_colleague_opens_the_link_downloads_it_and_takes_it_as_a_selection_but_cannot_delete_it(
    app: Flask,
) -> None:
    bram = buyer(app)
    choose(bram, ILO_ID, AWARD)
    save(bram, "Catering stadhuis")
    url = link(app, "Catering stadhuis")
    colleague = person(app, "aankoopdienst", "carla")

    page = colleague.get(url).get_data(as_text=True)
    word = colleague.get(f"{url}/duurzaamheidsclausules.docx")
    colleague.post(f"{url}/openen")
    own = colleague.get("/selectie/").get_data(as_text=True)
    refused = colleague.post(f"{url}/verwijderen", follow_redirects=True).get_data(as_text=True)

    assert "bewaard door bram" in page and "Selectie verwijderen" not in page
    assert word.headers["Content-Disposition"].endswith("duurzaamheidsclausules-catering-stadhuis.docx")
    assert len(docx.Document(io.BytesIO(word.data)).paragraphs) > 3
    assert f'id="c-{ILO_ID}"' in own and f'id="c-{AWARD}"' in own
    assert "Enkel wie een selectie bewaarde, kan ze verwijderen." in refused
    assert "Catering stadhuis" not in colleague.get("/selectie/mijn/").get_data(as_text=True)  # per user


def test_the_link_needs_a_sign_in_and_an_unknown_link_is_a_404(app: Flask) -> None:
    bram = buyer(app)
    choose(bram, ILO_ID)
    save(bram, "Groen")
    url = link(app, "Groen")

    anonymous = app.test_client(roles=()).get(url)

    assert anonymous.status_code == 302 and anonymous.location.startswith("/aanmelden")
    assert bram.get("/selectie/gedeeld/bestaat-niet").status_code == 404
    assert bram.get("/selectie/gedeeld/" + "x" * 41).status_code == 404


def test_the_owner_deletes_a_saved_bundle(app: Flask) -> None:
    bram = buyer(app)
    choose(bram, ILO_ID)
    save(bram, "Weg ermee")
    url = link(app, "Weg ermee")

    page = bram.post(f"{url}/verwijderen", follow_redirects=True).get_data(as_text=True)

    assert "De selectie „Weg ermee” is verwijderd." in page
    assert bram.get(url).status_code == 404
