"""Real tender documents for the web and service tests: .docx bestekken built with python-docx."""

from __future__ import annotations

import io
from typing import Any

import docx
from flask.testing import FlaskClient
from sqlalchemy import select

from procurement.extensions import db
from procurement.models import Department
from procurement.services import departments

CPV_CLEANING = "CPV-code: 90910000-9 (Reinigingsdiensten)."
# A complete ILO clause (every element of hr-ilo-core-conventions), written as a bestek would.
ILO_CLAUSE = (
    "De opdrachtnemer verbindt zich ertoe de basisverdragen van de Internationale Arbeidsorganisatie (IAO) na te "
    "leven: het verbod op dwangarbeid (nr. 29 en 105), de vrijheid van vereniging en het recht op collectief "
    "onderhandelen (nr. 87 en 98), gelijke beloning en geen discriminatie (nr. 100 en 111) en het verbod op "
    "kinderarbeid (nr. 138 en 182). Dit geldt voor de hele toeleveringsketen, ook voor zijn onderaannemers en "
    "leveranciers."
)
ILO_ID = "hr-ilo-core-conventions"
DOCX_NAME = "bestek-schoonmaak.docx"


def bestek(*sections: tuple[str, list[str]], title: str = "Bestek voor de schoonmaak van stadsgebouwen") -> bytes:
    """A .docx with a title and, per section, a heading and its paragraphs."""
    document = docx.Document()
    document.add_heading(title, level=0)
    for heading, paragraphs in sections:
        document.add_heading(heading, level=1)
        for text in paragraphs:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def cleaning_bestek(*, ilo: bool = True, extra: list[str] | None = None) -> bytes:
    """A cleaning-services bestek, with or without the ILO clause."""
    conditions = [ILO_CLAUSE] if ilo else ["De opdrachtnemer voert de prestaties uit volgens het schoonmaakplan."]
    return bestek(
        ("1. Voorwerp van de opdracht", ["Deze opdracht betreft de schoonmaak van de stadsgebouwen.", CPV_CLEANING]),
        ("2. Technische specificaties", ["De kantoren worden dagelijks gereinigd.", *(extra or [])]),
        ("3. Uitvoeringsvoorwaarden", conditions),
    )


def annex_bestek() -> bytes:
    """A second document of a tender: an annex with the social clauses (the ILO clause among them)."""
    return bestek(("Bijlage A. Sociale bepalingen", [ILO_CLAUSE]), title="Bijlage bij het bestek")


def post_tender(
    client: FlaskClient,
    files: list[tuple[str, bytes]],
    *,
    title: str = "Schoonmaak stadsgebouwen",
    token: str = "token-1",
    product_groups: list[str] | None = None,
    follow: bool = False,
    **fields: str,
) -> Any:
    """Post the new-tender form as a browser would (multipart, one or more files)."""
    data: dict[str, Any] = {
        "title": title,
        "reference": fields.get("reference", "2026/001"),
        "department": fields.get("department", ""),  # "(geen dienst)"; a name must be in the managed list
        "form_token": token,
        "files": [(io.BytesIO(content), name) for name, content in files],
    }
    if product_groups:
        data["product_groups"] = product_groups
    return client.post("/bestekken/nieuw", data=data, content_type="multipart/form-data", follow_redirects=follow)


def offer(department: str) -> int:
    """The department in the managed list (within an app context), as an administrator adds it; its id."""
    found = db.session.scalar(select(Department.id).where(Department.name == department))
    return found if found is not None else departments.add(db.session, None, department).id
