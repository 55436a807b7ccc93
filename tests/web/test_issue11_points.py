"""The blocking and rough points of issue 11 on the pages themselves: roles, errors in place, what each role
sees, titles, Dutch plurals, downloads, document properties, favicon, contrast."""

from __future__ import annotations

import html
import io
import re

import docx
from builders import DOCX_NAME, ILO_ID, cleaning_bestek, post_tender
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from procurement.config import ROOT
from procurement.extensions import db
from procurement.models import Analysis, Finding, FindingReview, Tender, User


def text(response: object) -> str:
    body = response.get_data(as_text=True)  # type: ignore[attr-defined]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def latest_seen(app: Flask) -> dict[str, str]:
    with app.app_context():
        return {"analysis_id": str(db.session.scalar(select(func.max(Analysis.id))))}


def ilo_finding(app: Flask) -> int:
    with app.app_context():
        found = db.session.scalar(select(Finding.id).where(Finding.criterion == ILO_ID))
        assert found is not None
        return found


def test_the_role_checkboxes_ask_for_one_role_not_for_all_of_them(app: Flask) -> None:
    admin = app.test_client(roles=("beheerder",))
    form = admin.get("/beheer/gebruikers/nieuw").get_data(as_text=True)
    boxes = re.findall(r"<input[^>]*type=\"checkbox\"[^>]*>", form)

    made = admin.post("/beheer/gebruikers/nieuw", data={"name": "een.rol", "roles": ["aankoper"],
                                                        "password": "een lang wachtwoord 1",
                                                        "repeat": "een lang wachtwoord 1"})
    none = admin.post("/beheer/gebruikers/nieuw", data={"name": "geen.rol", "password": "een lang wachtwoord 1",
                                                        "repeat": "een lang wachtwoord 1"})

    assert len(boxes) == 4 and not any("required" in box for box in boxes)
    assert made.status_code == 302
    assert "Kies minstens één rol." in text(none)
    with app.app_context():
        assert db.session.scalar(select(User.roles).where(User.name == "een.rol")) == ["aankoper"]


def test_an_override_without_a_reason_is_refused_in_place_with_the_chosen_status_kept(app: Flask) -> None:
    client = app.test_client()
    post_tender(client, [(DOCX_NAME, cleaning_bestek(ilo=False))])
    fid = ilo_finding(app)

    response = client.post(f"/bestekken/1/bevindingen/{fid}", data={"decision": "override", "status": "met",
                                                                    "reason": "  "})
    page = response.get_data(as_text=True)

    assert response.status_code == 422 and "Location" not in response.headers  # no jump to an anchor
    assert "Niet bewaard: Geef de reden waarom de status anders is." in page
    form = page[page.index(f"/bestekken/1/bevindingen/{fid}"):]
    form = form[:form.index("</form>")]
    assert 'value="override" checked' in form and '<option value="met" selected>' in form
    assert re.search(r'<textarea id="reason-\d+"[^>]*aria-invalid="true"[^>]*autofocus', form)
    with app.app_context():
        assert db.session.scalar(select(func.count(FindingReview.id))) == 0


def test_sending_back_without_a_comment_is_refused_in_place_and_the_tender_stays_under_review(app: Flask) -> None:
    office = app.test_client(roles=("aankoopdienst",))
    reviewer = app.test_client(roles=("duurzaamheid",))
    post_tender(office, [(DOCX_NAME, cleaning_bestek())])
    office.post("/bestekken/1/indienen", data=latest_seen(app))

    response = reviewer.post("/bestekken/1/beslissing", data={**latest_seen(app), "action": "send_back",
                                                              "comment": ""})
    page = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "Niet bewaard: Schrijf erbij wat de aankoopdienst moet aanpassen." in page
    assert re.search(r'<textarea id="comment"[^>]*aria-invalid="true"[^>]*autofocus', page)
    with app.app_context():
        assert db.session.get_one(Tender, 1).review_state == "ter_controle"


def test_no_role_is_offered_an_action_it_cannot_use(app: Flask) -> None:
    reviewer = app.test_client(roles=("duurzaamheid",))
    office = app.test_client(roles=("aankoopdienst",))
    post_tender(office, [(DOCX_NAME, cleaning_bestek())])

    for path in ("/", "/bestekken/", "/bestekken/1"):
        body = reviewer.get(path).get_data(as_text=True)
        assert "/bestekken/nieuw" not in body and "Nieuw bestek" not in body, path
    assert "Nieuw bestek" in office.get("/bestekken/").get_data(as_text=True)
    buyer = app.test_client(roles=("aankoper",)).get("/").get_data(as_text=True)
    assert "/bestekken/" not in buyer and "/catalogusbeheer/" not in buyer and "/beheer/" not in buyer


def test_the_trail_names_criteria_by_their_title_and_pages_speak_dutch_plurals(app: Flask) -> None:
    client = app.test_client()
    post_tender(client, [(DOCX_NAME, cleaning_bestek(ilo=False))])
    client.post(f"/bestekken/1/bevindingen/{ilo_finding(app)}",
                data={"decision": "override", "status": "met", "reason": "bijlage 3"})

    trail = text(client.get("/bestekken/1/audit"))
    report = text(client.get("/bestekken/1"))
    overview = text(client.get("/audit/"))

    title = "Fundamentele arbeidsnormen van de IAO in de hele toeleveringsketen"
    assert f"„{title}”: ontbreekt → aanwezig: bijlage 3" in trail
    assert ILO_ID not in trail
    assert "(1 bevinding beoordeeld, 1 aangepast)" in report
    for page in (trail, report, overview):
        assert not re.search(r"\w\((en|s|len|ken)\)", page)


def test_downloads_carry_the_tender_reference_and_the_city_as_author(make_app: object) -> None:
    app = make_app(CITY_NAME="Stad Mechelen")  # type: ignore[operator]
    client = app.test_client()
    post_tender(client, [(DOCX_NAME, cleaning_bestek(ilo=False))], reference="2026/041")
    analysis_id = latest_seen(app)["analysis_id"]
    client.post("/selectie/toevoegen", data={"criterium": ILO_ID})

    annex = client.get(f"/bestekken/1/analyses/{analysis_id}/bijlage.docx")
    table = client.get(f"/bestekken/1/analyses/{analysis_id}/rapport.csv")
    bundle = client.get("/selectie/duurzaamheidsclausules.docx")

    page = client.get("/bestekken/1").get_data(as_text=True)
    assert 'download="rapport-2026/041.json">JSON</a>' in page  # saved, not opened in the tab
    assert 'filename=duurzaamheidsclausules-2026-041.docx' in annex.headers["Content-Disposition"]
    assert "filename=rapport-2026-041.csv" in table.headers["Content-Disposition"]
    for data in (annex.data, bundle.data):
        properties = docx.Document(io.BytesIO(data)).core_properties
        assert properties.author == "Stad Mechelen" and properties.last_modified_by == "Stad Mechelen"


def test_a_tender_without_a_reference_downloads_under_its_title(client: FlaskClient, app: Flask) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())], title="Schoonmaak / stadhuis", reference="")

    annex = client.get(f"/bestekken/1/analyses/{latest_seen(app)['analysis_id']}/bijlage.docx")

    assert "filename=duurzaamheidsclausules-Schoonmaak-stadhuis.docx" in annex.headers["Content-Disposition"]


def test_every_page_links_the_favicon_and_it_is_served(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(fore: str, back: str) -> float:
    high, low = sorted((luminance(fore), luminance(back)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_grey_evidence_lines_have_at_least_4_5_to_1_contrast_and_are_never_faded() -> None:
    css = (ROOT / "static" / "style.css").read_text(encoding="utf-8")
    muted = re.search(r"--muted:\s*(#[0-9a-f]{6})", css)
    evidence = re.search(r"\.evidence \{[^}]*background:\s*(#[0-9a-f]{6})", css)
    assert muted and evidence

    assert contrast(muted.group(1), evidence.group(1)) >= 4.5
    assert contrast(muted.group(1), "#ffffff") >= 4.5
    assert not re.search(r"\.evidence[^{]*\{[^}]*opacity", css)  # opacity would blend the grey away again
