"""The administrator keeps the list of departments; the upload form offers it; a new name carries the tenders."""

from __future__ import annotations

from builders import DOCX_NAME, cleaning_bestek, offer, post_tender
from flask import Flask
from sqlalchemy import select

from procurement.extensions import db
from procurement.models import Department, Tender
from procurement.services import departments


def test_the_administrator_adds_renames_and_deactivates_a_department(app: Flask) -> None:
    admin = app.test_client(roles=("beheerder",))
    office = app.test_client(roles=("aankoopdienst",))

    admin.post("/beheer/diensten/", data={"name": " Facilitair   beheer "})
    post_tender(office, [(DOCX_NAME, cleaning_bestek())], department="Facilitair beheer")
    refused = admin.post("/beheer/diensten/", data={"name": "facilitair beheer"}, follow_redirects=True)
    with app.app_context():
        department_id = db.session.scalars(select(Department.id)).one()
    offered = office.get("/bestekken/nieuw").get_data(as_text=True)
    admin.post(f"/beheer/diensten/{department_id}/naam", data={"name": "Facility"})
    admin.post(f"/beheer/diensten/{department_id}/actief", data={"active": "0"})

    assert "staat al in de lijst" in refused.get_data(as_text=True)
    assert '<option value="Facilitair beheer">Facilitair beheer</option>' in offered
    assert '<option value="">(geen dienst)</option>' in offered and "<datalist" not in offered
    with app.app_context():
        department = db.session.get_one(Department, department_id)
        assert (department.name, department.active) == ("Facility", False)
        assert db.session.scalars(select(Tender.department)).one() == "Facility"  # the tender follows
    assert '<option value="Facility">Facility</option>' not in office.get("/bestekken/nieuw").get_data(as_text=True)
    assert app.test_client(roles=("duurzaamheid",)).get("/beheer/diensten/").status_code == 403


def test_a_new_tender_names_a_department_of_the_list_or_none_and_another_name_is_refused_in_dutch(
    app: Flask,
) -> None:
    office = app.test_client(roles=("aankoopdienst",))
    with app.app_context():
        offer("Openbaar domein")

    refused = post_tender(office, [(DOCX_NAME, cleaning_bestek())], department="Sport", token="t-1")
    retired = post_tender(office, [(DOCX_NAME, cleaning_bestek())], department="Groendienst", token="t-2")
    listed = post_tender(office, [(DOCX_NAME, cleaning_bestek())], department=" openbaar  DOMEIN", token="t-3")
    none = post_tender(office, [(DOCX_NAME, cleaning_bestek())], department="", token="t-4")

    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "„Sport” staat niet in de lijst van de diensten" in page
    assert "kies een dienst uit de lijst of „(geen dienst)”" in page
    assert '<option value="Openbaar domein">Openbaar domein</option>' in page  # the choices come back
    assert retired.status_code == 200 and listed.status_code == 302 and none.status_code == 302
    with app.app_context():
        assert sorted(db.session.scalars(select(Tender.department))) == ["", "Openbaar domein"]  # the list's spelling


def test_a_department_no_longer_offered_is_refused_for_a_new_tender(app: Flask) -> None:
    with app.app_context():
        department = offer("Sport")
        departments.set_active(db.session, None, department, False)
    office = app.test_client(roles=("aankoopdienst",))

    response = post_tender(office, [(DOCX_NAME, cleaning_bestek())], department="Sport")

    assert response.status_code == 200 and "„Sport” staat niet in de lijst" in response.get_data(as_text=True)
