"""The findings of issue 11 tried again as an attacker would: real requests to a running server where HTTP
itself matters (Host, cookies, headers, redirects), the test client where a server adds nothing."""

from __future__ import annotations

import html
import http.client
import io
import re
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import docx
import pytest
from accounts import PASSWORD, make_user
from builders import DOCX_NAME, ILO_ID, cleaning_bestek, offer, post_tender
from catalogue_forms import form_data
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from procurement.app import create_app
from procurement.catalogue.diff import criteria_of
from procurement.config import LOOPBACK_HOSTS
from procurement.extensions import db
from procurement.models import Analysis, AuditEvent, CatalogueVersion, Finding, Tender, User
from procurement.services import catalogue_edit, current_version
from procurement.web.headers import CSP

NEW_PASSWORD = {"password": "een lang wachtwoord 1", "repeat": "een lang wachtwoord 1"}
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
APPROVE = {"action": "approve", "acknowledged": "y"}  # approving despite gaps: the safeguard ticked


@pytest.fixture
def live(make_app: Callable[..., Flask]) -> Iterator[tuple[Flask, str]]:
    """The server as `procurement serve` runs it on this computer: CSRF on, only loopback names as Host."""
    app = make_app(WTF_CSRF_ENABLED=True, TRUSTED_HOSTS=list(LOOPBACK_HOSTS))
    with serving(app) as url:
        yield app, url


class Http:
    """A client that speaks HTTP to the running server: keeps cookies, follows no redirect, sends what it is told."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, form: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        sent = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        body = urlencode(form, doseq=True) if form is not None else None
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if not value or "1970" in rest:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response.status, response.headers, text

    def token(self, path: str = "/aanmelden") -> str:
        _, _, page = self.send("GET", path)
        found = TOKEN.search(page)
        assert found is not None, page[:500]
        return html.unescape(found.group(1))

    def sign_in(self, name: str, password: str = PASSWORD, path: str = "/aanmelden") -> tuple[int, str]:
        token = self.token()
        status, headers, _ = self.send("POST", path, {"name": name, "password": password, "csrf_token": token})
        return status, headers.get("Location", "")


@contextmanager
def serving(app: Flask, host: str = "127.0.0.1", address: str = "127.0.0.1") -> Iterator[str]:
    """This app under waitress on a free port of `host` (for an app configured otherwise than `live`); the URL
    reaches it at `address` (another of this computer's addresses when it listens on all of them)."""
    from waitress import create_server

    with socket.socket() as s:
        s.bind((host, 0))
        port = s.getsockname()[1]
    server = create_server(app, host=host, port=port, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://{address}:{port}"
    finally:
        time.sleep(0.3)  # let waitress finish its last answer before its sockets close
        server.close()
        thread.join(5)


def audit(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        lines = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))
        for line in lines:
            db.session.expunge(line)
        return lines


def state(app: Flask, tender_id: int = 1) -> str:
    with app.app_context():
        return db.session.get_one(Tender, tender_id).review_state


def latest_seen(app: Flask) -> dict[str, str]:
    with app.app_context():
        return {"analysis_id": str(db.session.scalar(select(func.max(Analysis.id))))}


def analyses(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Analysis.id))) or 0


def approved_tender(app: Flask) -> tuple[FlaskClient, FlaskClient]:
    """A tender submitted by the office and approved by a reviewer: (office, reviewer)."""
    office = app.test_client(roles=("aankoopdienst",))
    reviewer = app.test_client(roles=("duurzaamheid",))
    post_tender(office, [(DOCX_NAME, cleaning_bestek(ilo=False))])
    office.post("/bestekken/1/indienen", data=latest_seen(app))
    reviewer.post("/bestekken/1/beslissing", data={**latest_seen(app), **APPROVE})
    assert state(app) == "goedgekeurd"
    return office, reviewer


# -- approved means frozen --------------------------------------------------------------------------------------

def test_an_approved_tender_refuses_a_new_analysis_new_groups_and_a_recheck_and_keeps_its_analysis(
    app: Flask,
) -> None:
    office, reviewer = approved_tender(app)
    before = analyses(app)

    again = office.post("/bestekken/1/opnieuw", data={"opnieuw-form_token": "a1"}, follow_redirects=True)
    groups = reviewer.post("/bestekken/1/productgroepen", data={"groepen-form_token": "g1",
                                                                "groepen-product_groups": ["cleaning-services"]},
                           follow_redirects=True)
    recheck = reviewer.post("/catalogusbeheer/hercontrole", data={"tenders": ["1"], "form_token": "r1"})
    page = reviewer.get("/bestekken/1").get_data(as_text=True)

    assert analyses(app) == before and state(app) == "goedgekeurd"
    assert "de goedgekeurde analyse blijft ongewijzigd" in again.get_data(as_text=True)
    assert "de goedgekeurde analyse blijft ongewijzigd" in groups.get_data(as_text=True)
    refused = html.unescape(recheck.get_data(as_text=True))
    assert "Goedgekeurde bestekken blijven bij hun goedgekeurde analyse" in refused
    with app.app_context():
        assert db.session.get_one(Tender, 1).product_groups == []  # the refused correction left nothing behind
    assert "Opnieuw analyseren met de huidige catalogus" not in page and "Productgroepen corrigeren" not in page
    approved = audit(app, "review.approved")[-1].analysis_id
    assert f'name="analysis_id" type="hidden" value="{approved}"' in page or f"analyses/{approved}/" in page


def test_an_approved_tender_shows_the_analysis_that_was_approved_even_when_a_later_one_exists(app: Flask) -> None:
    office, reviewer = approved_tender(app)
    approved = int(latest_seen(app)["analysis_id"])
    with app.app_context():  # an analysis that finished after the approval (queued before it, say)
        tender = db.session.get_one(Tender, 1)
        later = Analysis(tender=tender, batch=1, status="done", score=1.0, essential_complete=False,
                         catalogue_version_id=tender.analyses[0].catalogue_version_id)
        db.session.add(later)
        db.session.commit()
        later_id = later.id

    page = reviewer.get("/bestekken/1").get_data(as_text=True)

    assert f"analyses/{approved}/bijlage.docx" in page
    assert f"analyses/{later_id}/bijlage.docx" not in page


# -- trusted hosts, demo sign-in ----------------------------------------------------------------------------------

def test_the_running_server_answers_only_to_the_host_names_it_trusts(live: tuple[Flask, str]) -> None:
    _, url = live
    client = Http(url)

    good, _, _ = client.send("GET", "/aanmelden")
    rebound, _, body = client.send("GET", "/aanmelden", headers={"Host": f"evil.example:{client.port}"})
    proxied, _, _ = client.send("GET", "/aanmelden", headers={"Host": "aankopen.stad.be"})

    assert good == 200
    assert rebound == 400 and "antwoordt niet op dit adres" in body
    assert proxied == 400


def test_outside_tests_the_app_needs_its_host_names_and_serve_trusts_only_loopback_by_itself(tmp_path: Path) -> None:
    from conftest import app_config

    from procurement.web.serve import embedded_overrides

    production = {**app_config(tmp_path), "TESTING": False, "SECRET_KEY": "k" * 32}
    with pytest.raises(ValueError, match="TRUSTED_HOSTS is required"):
        create_app(production)
    assert embedded_overrides({}, host="127.0.0.1")["TRUSTED_HOSTS"] == list(LOOPBACK_HOSTS)
    assert "TRUSTED_HOSTS" not in embedded_overrides({}, host="0.0.0.0")  # the environment must list them


@pytest.mark.sqlite_only
def test_demo_sign_in_is_only_for_this_computer_and_a_page_of_this_site(make_app: Callable[..., Flask]) -> None:
    app = make_app(DEMO_ACCOUNTS=True, WTF_CSRF_ENABLED=True, TRUSTED_HOSTS=list(LOOPBACK_HOSTS))
    with serving(app) as url:
        client = Http(url)
        token = client.token()
        form = {"account": "demo-beheerder", "csrf_token": token}
        other_site, _, _ = client.send("POST", "/aanmelden/demo", form, headers={"Origin": "http://evil.example"})
        no_origin, _, _ = client.send("POST", "/aanmelden/demo", form)
        assert "user_id" not in client.cookies.get("session", "")  # nothing signed in yet
        same, headers, _ = client.send("POST", "/aanmelden/demo", form, headers={"Origin": url})
        signed_in, _, _ = client.send("GET", "/beheer/gebruikers/")

    assert other_site == 403 and no_origin == 403
    assert same == 302 and headers["Location"] == "/" and signed_in == 200


def outside_address() -> str | None:
    """An address of this computer that is not loopback: a connection to it comes from "another computer"."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("198.51.100.1", 9))  # no packet is sent: this only picks the outgoing interface
            found = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if found.startswith("127.") or found == "0.0.0.0" else found


@pytest.mark.sqlite_only
def test_over_real_http_another_computer_gets_no_demo_button_and_its_demo_sign_in_is_refused(
    make_app: Callable[..., Flask],
) -> None:
    address = outside_address()
    if address is None:
        pytest.skip("this computer has no address but loopback")
    app = make_app(DEMO_ACCOUNTS=True, WTF_CSRF_ENABLED=True, TRUSTED_HOSTS=[*LOOPBACK_HOSTS, address])
    with serving(app, host="0.0.0.0", address=address) as url:
        remote = Http(url)  # its requests arrive from `address`, not from 127.0.0.1
        status, _, page = remote.send("GET", "/aanmelden")
        token = remote.token()
        refused, _, _ = remote.send("POST", "/aanmelden/demo", {"account": "demo-beheerder", "csrf_token": token},
                                    headers={"Origin": url})
        after, _, _ = remote.send("GET", "/beheer/gebruikers/")

    assert status == 200 and "demo-beheerder" not in page
    assert refused == 403 and after == 302


@pytest.mark.sqlite_only
def test_users_made_by_a_demo_administrator_end_with_the_demo(make_app: Callable[..., Flask]) -> None:
    demo_app = make_app(DEMO_ACCOUNTS=True)
    client = demo_app.test_client(roles=())
    client.post("/aanmelden/demo", data={"account": "demo-beheerder"}, headers={"Origin": "http://localhost"})
    client.post("/beheer/gebruikers/nieuw", data={"name": "blijver", "roles": ["beheerder"], **NEW_PASSWORD})

    production = make_app()  # the same database without the demo

    with production.app_context():
        made = db.session.scalar(select(User).where(User.name == "blijver"))
        assert made is not None and made.demo and not made.active


# -- sign-in throttling, sessions -----------------------------------------------------------------------------------

def test_sign_in_is_throttled_per_account_and_every_failure_is_audited(live: tuple[Flask, str]) -> None:
    app, url = live
    make_user(app, "aankoper", name="doelwit")
    client = Http(url)

    statuses = [client.sign_in("doelwit", f"fout wachtwoord {i}")[0] for i in range(5)]
    blocked, _ = client.sign_in("doelwit", PASSWORD)  # even the right password waits now
    other = Http(url)
    status, headers, page = other.send("POST", "/aanmelden", {"name": "doelwit", "password": PASSWORD,
                                                               "csrf_token": other.token()})

    assert statuses == [200] * 5
    assert blocked == 429 and status == 429 and "Te veel mislukte aanmeldpogingen" in page
    assert int(headers["Retry-After"]) > 0
    failed = audit(app, "user.signin_failed")
    assert len(failed) == 5 and all(e.data == {"name": "doelwit", "address": "127.0.0.1"} for e in failed)
    assert all(e.subject_id is not None for e in failed)


def test_sign_in_is_throttled_per_address_across_account_names(live: tuple[Flask, str]) -> None:
    app, url = live
    make_user(app, "aankoper", name="echt")
    client = Http(url)

    for i in range(20):
        assert client.sign_in(f"geraden-{i}", "fout")[0] == 200
    blocked, _ = client.sign_in("echt", PASSWORD)

    assert blocked == 429
    assert len(audit(app, "user.signin_failed")) == 20


def test_signing_out_ends_the_session_on_the_server_so_a_copied_cookie_is_worth_nothing(
    live: tuple[Flask, str],
) -> None:
    app, url = live
    make_user(app, "aankoopdienst", name="an")
    client = Http(url)
    assert client.sign_in("an") == (302, "/")
    thief = Http(url)
    thief.cookies = dict(client.cookies)
    assert thief.send("GET", "/bestekken/")[0] == 200

    token = client.token("/")
    out, headers, _ = client.send("POST", "/afmelden", {"csrf_token": token})
    replay, replay_headers, _ = thief.send("GET", "/bestekken/")

    assert out == 302 and headers["Location"] == "/aanmelden"
    assert replay == 302 and replay_headers["Location"].startswith("/aanmelden")


def test_the_session_cookie_the_server_sends_is_http_only_same_site_and_signing_out_needs_a_post_with_token(
    live: tuple[Flask, str],
) -> None:
    app, url = live
    make_user(app, "aankoopdienst", name="fien")
    client = Http(url)
    token = client.token()

    status, signed_in, _ = client.send("POST", "/aanmelden", {"name": "fien", "password": PASSWORD,
                                                              "csrf_token": token})
    by_get, _, _ = client.send("GET", "/afmelden")
    no_token, _, _ = client.send("POST", "/afmelden", {})
    still, _, _ = client.send("GET", "/bestekken/")
    out, signed_out, _ = client.send("POST", "/afmelden", {"csrf_token": client.token("/")})
    after, _, _ = client.send("GET", "/bestekken/")

    assert status == 302
    (cookie,) = [c for c in signed_in.get_all("Set-Cookie") or [] if c.startswith("session=")]
    flags = [f.strip().lower() for f in cookie.split(";")[1:]]
    assert "httponly" in flags and "samesite=lax" in flags and "path=/" in flags
    assert any(f.startswith("expires=") for f in flags)  # permanent: it lasts the session lifetime, not the tab
    assert by_get == 405 and no_token == 400 and still == 200  # no sign-out from another site's link or form
    assert out == 302 and signed_out["Location"] == "/aanmelden"
    assert any(c.startswith("session=") for c in signed_out.get_all("Set-Cookie") or [])  # the browser's cookie goes
    assert after == 302


def test_an_error_page_from_the_running_server_keeps_its_allow_header_and_the_security_headers(
    live: tuple[Flask, str],
) -> None:
    app, url = live
    make_user(app, "aankoopdienst", name="els")
    client = Http(url)
    client.sign_in("els")

    status, headers, page = client.send("PUT", "/bestekken/1")
    missing, missing_headers, missing_page = client.send("GET", "/bestaat-niet")

    assert status == 405 and "GET" in headers["Allow"] and "Methode niet toegestaan" in page
    assert missing == 404 and "<html" in missing_page.lower()
    for sent in (headers, missing_headers):
        assert sent["Content-Security-Policy"] == CSP and sent["X-Frame-Options"] == "DENY"
        assert sent["Cache-Control"] == "no-store" and sent["Content-Type"].startswith("text/html")


def test_a_line_break_in_next_is_never_a_header_and_never_a_500(live: tuple[Flask, str]) -> None:
    app, url = live
    make_user(app, "aankoper", name="bea")
    client = Http(url)
    evil = "/%0D%0ASet-Cookie:%20gestolen=1"

    anonymous, _, _ = client.send("GET", f"/aanmelden?next={evil}")
    token = client.token(f"/aanmelden?next={evil}")
    status, headers, _ = client.send("POST", f"/aanmelden?next={evil}",
                                     {"name": "bea", "password": PASSWORD, "csrf_token": token})
    again, again_headers, _ = client.send("GET", f"/aanmelden?next={evil}")  # signed in: straight on

    assert anonymous == 200
    assert status == 302 and headers["Location"] == "/" and "gestolen" not in client.cookies
    assert again == 302 and again_headers["Location"] == "/"


# -- security headers, no inline script or style ------------------------------------------------------------------

def test_every_answer_carries_the_security_headers_and_signed_in_pages_are_never_cached(
    live: tuple[Flask, str],
) -> None:
    app, url = live
    make_user(app, "duurzaamheid", name="dirk")
    client = Http(url)

    _, anonymous, _ = client.send("GET", "/aanmelden")
    _, static, _ = client.send("GET", "/static/app.js")
    client.sign_in("dirk")
    _, signed_in, _ = client.send("GET", "/catalogus/")

    for headers in (anonymous, static, signed_in):
        assert headers["Content-Security-Policy"] == CSP
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in CSP and "'unsafe-inline'" not in CSP
    assert re.search(r"script-src 'self'(;|$)", CSP) and re.search(r"style-src 'self'(;|$)", CSP)
    assert signed_in["Cache-Control"] == "no-store"
    assert "no-store" not in (anonymous.get("Cache-Control") or "")


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=\s*[\"']", re.IGNORECASE)


def test_no_page_holds_an_inline_script_style_or_event_handler(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek(ilo=False))])
    client.post("/selectie/toevoegen", data={"criterium": ILO_ID})
    pages = ["/", "/bestekken/", "/bestekken/1", "/bestekken/1/audit", "/catalogus/", f"/catalogus/{ILO_ID}",
             "/selectie/", "/catalogusbeheer/", "/catalogusbeheer/hercontrole", "/beheer/gebruikers/",
             "/beheer/gebruikers/nieuw", "/audit/", "/account/wachtwoord", "/bestekken/nieuw", "/bestaat-niet"]

    bodies = {path: client.get(path).get_data(as_text=True) for path in pages}
    bodies["/aanmelden"] = app.test_client(roles=()).get("/aanmelden").get_data(as_text=True)
    found = {path: [m.group(0) for m in INLINE.finditer(body)] for path, body in bodies.items()}

    assert {path: inline for path, inline in found.items() if inline} == {}


# -- control characters, Word exports -------------------------------------------------------------------------------

def test_control_characters_are_stripped_from_every_text_field_the_forms_accept(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        offer("Dienst")
    post_tender(client, [(DOCX_NAME, cleaning_bestek(ilo=False))], title="Schoon\x00maak", reference="R\x1b1",
                department="Dienst\x07")
    with app.app_context():
        fid = db.session.scalar(select(Finding.id).where(Finding.criterion == ILO_ID))
    client.post(f"/bestekken/1/bevindingen/{fid}",
                data={"decision": "override", "status": "met", "reason": "staat\x01 in\tbijlage\r\n3\x0b"})
    client.post("/beheer/gebruikers/nieuw",
                data={"name": "cc", "full_name": "Co\x08ntrole", "roles": ["aankoper"], **NEW_PASSWORD})
    with app.app_context():
        raw = dict(criteria_of(current_version(db.session).source)[ILO_ID])  # type: ignore[union-attr, arg-type]
    client.post(f"/catalogusbeheer/criteria/{ILO_ID}",
                data=form_data(raw, title="IAO\x0c-normen", clause=raw["clause"] + "\x02 Einde.\x1f"))
    login = app.test_client(roles=()).post("/aanmelden", data={"name": "\x00beheer", "password": "x\x00"})

    with app.app_context():
        tender = db.session.get_one(Tender, 1)
        review = db.session.get_one(Finding, fid).review
        user = db.session.scalar(select(User).where(User.name == "cc"))
        draft = db.session.scalar(select(catalogue_edit.CatalogueDraft))
        assert (tender.title, tender.reference, tender.department) == ("Schoon maak", "R 1", "Dienst")
        assert review is not None and review.reason == "staat in\tbijlage\n3"
        assert user is not None and user.full_name == "Co ntrole"
        assert draft is not None and draft.data["title"] == "IAO -normen" and "\x02" not in draft.data["clause"]
    assert login.status_code == 200


def test_the_word_exports_open_even_when_stored_texts_hold_control_characters(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek(ilo=False))])
    with app.app_context():  # texts from before the forms stripped them, or from an imported YAML
        version = db.session.scalars(select(CatalogueVersion)).one()
        criteria = {k: dict(v) for k, v in version.criteria.items()}
        criteria[ILO_ID]["title"] = "IAO\x01-normen"
        criteria[ILO_ID]["clause"] = "De opdrachtnemer\x0b respecteert\x1f de IAO-normen."
        version.criteria = criteria
        db.session.commit()
        analysis_id = db.session.scalar(select(Analysis.id))
    client.post("/selectie/toevoegen", data={"criterium": ILO_ID})

    annex = client.get(f"/bestekken/1/analyses/{analysis_id}/bijlage.docx")
    bundle = client.get("/selectie/duurzaamheidsclausules.docx")

    assert annex.status_code == 200 and bundle.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(annex.data)).paragraphs)
    assert "IAO -normen" in text and "respecteert" in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)


# -- separation of duties, re-authentication, one's own password -------------------------------------------------------

def test_who_submitted_a_tender_cannot_approve_it_even_holding_both_roles(app: Flask) -> None:
    both = app.test_client(roles=("aankoopdienst", "duurzaamheid"))
    colleague = app.test_client(roles=("duurzaamheid",))
    post_tender(both, [(DOCX_NAME, cleaning_bestek())])
    both.post("/bestekken/1/indienen", data=latest_seen(app))

    own = both.post("/bestekken/1/beslissing", data={**latest_seen(app), **APPROVE}, follow_redirects=True)
    page = both.get("/bestekken/1").get_data(as_text=True)
    assert state(app) == "ter_controle"
    assert "zelf ingediend" in own.get_data(as_text=True)
    assert 'value="approve"' not in page and "vier ogen" in page

    colleague.post("/bestekken/1/beslissing", data={**latest_seen(app), **APPROVE})
    assert state(app) == "goedgekeurd"


def test_an_administrator_confirms_role_and_password_changes_with_their_own_password(app: Flask) -> None:
    target = make_user(app, "aankoper", name="doel")
    admin = app.test_client(roles=("beheerder",))

    missing = admin.post(f"/beheer/gebruikers/{target}", data={"roles": ["beheerder"]})
    wrong = admin.post(f"/beheer/gebruikers/{target}", data={"roles": ["beheerder"], "current_password": "fout"})
    reset = admin.post(f"/beheer/gebruikers/{target}/wachtwoord",
                       data={"password": "een nieuw lang wachtwoord", "repeat": "een nieuw lang wachtwoord"})
    with app.app_context():
        assert db.session.get_one(User, target).roles == ["aankoper"]
    assert "Bevestig met je eigen huidige wachtwoord." in missing.get_data(as_text=True)
    assert "Je eigen wachtwoord klopt niet." in wrong.get_data(as_text=True)
    assert "Bevestig met je eigen huidige wachtwoord." in reset.get_data(as_text=True)
    assert audit(app, "user.roles_changed") == [] and audit(app, "user.password_set") == []

    admin.post(f"/beheer/gebruikers/{target}", data={"roles": ["beheerder"], "current_password": PASSWORD})
    with app.app_context():
        assert db.session.get_one(User, target).roles == ["beheerder"]


def test_everyone_changes_their_own_password_after_giving_the_current_one(live: tuple[Flask, str]) -> None:
    app, url = live
    make_user(app, "aankoper", name="eigen")
    me, elsewhere = Http(url), Http(url)
    me.sign_in("eigen")
    elsewhere.sign_in("eigen")
    new = "mijn nieuw lang wachtwoord"

    token = me.token("/account/wachtwoord")
    wrong, _, page = me.send("POST", "/account/wachtwoord",
                             {"current_password": "fout", "password": new, "repeat": new, "csrf_token": token})
    token = me.token("/account/wachtwoord")
    done, headers, _ = me.send("POST", "/account/wachtwoord",
                               {"current_password": PASSWORD, "password": new, "repeat": new, "csrf_token": token})

    assert wrong == 200 and "Je huidige wachtwoord klopt niet." in page
    assert done == 302 and headers["Location"] == "/"
    assert me.send("GET", "/catalogus/")[0] == 200  # this session goes on
    assert elsewhere.send("GET", "/catalogus/")[0] == 302  # every other one has ended
    assert Http(url).sign_in("eigen", PASSWORD) == (200, "")
    assert Http(url).sign_in("eigen", new) == (302, "/")


# -- configuration: the secret key, the database file ---------------------------------------------------------------

def test_the_secret_key_from_the_environment_is_text_and_long_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from conftest import app_config

    production = {k: v for k, v in app_config(tmp_path).items() if k != "SECRET_KEY"}
    production.update(TESTING=False, TRUSTED_HOSTS=["aankopen.stad.be"])
    monkeypatch.setenv("PROCUREMENT_SECRET_KEY", "1234567890" * 4)  # JSON would make this a number
    app = create_app(production, check=False)  # about the configuration, not the database
    assert app.config["SECRET_KEY"] == "1234567890" * 4
    with app.app_context():
        db.engine.dispose()

    monkeypatch.setenv("PROCUREMENT_SECRET_KEY", "kort")
    with pytest.raises(ValueError, match="at least 32 bytes"):
        create_app(production)


def test_the_sqlite_file_and_the_folder_made_for_it_are_private(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    path = tmp_path / "nieuw" / "procurement.sqlite"
    make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")

    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for side in path.parent.glob("procurement.sqlite-*"):  # the WAL files take the database's mode
        assert stat.S_IMODE(side.stat().st_mode) & 0o077 == 0


# -- search ---------------------------------------------------------------------------------------------------------

def test_percent_and_underscore_in_a_search_are_letters_not_wildcards(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())], title="Korting 50% op schoonmaak", token="t1")
    post_tender(client, [(DOCX_NAME, cleaning_bestek())], title="Korting 50 euro", token="t2")
    post_tender(client, [(DOCX_NAME, cleaning_bestek())], title="Lot_1 ramen", token="t3")
    post_tender(client, [(DOCX_NAME, cleaning_bestek())], title="Lot 1 vloeren", token="t4")

    percent = client.get("/bestekken/?q=50%25").get_data(as_text=True)
    underscore = client.get("/bestekken/?q=Lot_1").get_data(as_text=True)
    everything = client.get("/bestekken/?q=%25").get_data(as_text=True)

    assert "Korting 50% op schoonmaak" in percent and "Korting 50 euro" not in percent
    assert "Lot_1 ramen" in underscore and "Lot 1 vloeren" not in underscore
    assert "Korting 50 euro" not in everything and "Korting 50% op schoonmaak" in everything
