"""The administrator keeps the list of departments; the upload form offers it; a new name carries the tenders."""

from __future__ import annotations

from builders import DOCX_NAME, cleaning_bestek, post_tender
from flask import Flask
from sqlalchemy import select

from procurement.extensions import db
from procurement.models import Department, Tender


def test_the_administrator_adds_renames_and_deactivates_a_department(app: Flask) -> None:
    admin = app.test_client(roles=("beheerder",))
    office = app.test_client(roles=("aankoopdienst",))
    post_tender(office, [(DOCX_NAME, cleaning_bestek())], department="Facilitair beheer")

    admin.post("/beheer/diensten/", data={"name": " Facilitair   beheer "})
    refused = admin.post("/beheer/diensten/", data={"name": "facilitair beheer"}, follow_redirects=True)
    with app.app_context():
        department_id = db.session.scalars(select(Department.id)).one()
    offered = office.get("/bestekken/nieuw").get_data(as_text=True)
    admin.post(f"/beheer/diensten/{department_id}/naam", data={"name": "Facility"})
    admin.post(f"/beheer/diensten/{department_id}/actief", data={"active": "0"})

    assert "staat al in de lijst" in refused.get_data(as_text=True)
    assert '<option value="Facilitair beheer">' in offered and 'list="diensten"' in offered
    with app.app_context():
        department = db.session.get_one(Department, department_id)
        assert (department.name, department.active) == ("Facility", False)
        assert db.session.scalars(select(Tender.department)).one() == "Facility"  # the tender follows
    assert '<option value="Facility">' not in office.get("/bestekken/nieuw").get_data(as_text=True)
    assert app.test_client(roles=("duurzaamheid",)).get("/beheer/diensten/").status_code == 403
