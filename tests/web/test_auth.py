"""Signing in and out: Dutch login page, argon2 passwords, sessions that expire, no default or demo account."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from accounts import PASSWORD, make_user
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from procurement import config
from procurement.extensions import db
from procurement.models import User
from procurement.services import users
from procurement.startup import Prepared
from procurement.web.auth import SEEN_AT, SIGNED_IN_AT, USER

SAME_ORIGIN = {"Origin": "http://localhost"}  # what a browser sends with a form of the test client's site


def sign_in(client: FlaskClient, name: str, password: str, next_url: str | None = None) -> object:
    url = "/aanmelden" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"name": name, "password": password})


def anonymous(app: Flask) -> FlaskClient:
    return app.test_client(roles=())


def test_an_anonymous_visitor_is_sent_to_the_dutch_login_page_and_back_after_signing_in(app: Flask) -> None:
    make_user(app, "aankoopdienst", name="an")
    client = anonymous(app)

    refused = client.get("/bestekken/?q=schoonmaak")
    login = client.get(refused.headers["Location"]).get_data(as_text=True)
    signed_in = sign_in(client, "An", PASSWORD, next_url="/bestekken/?q=schoonmaak")

    assert refused.status_code == 302 and refused.headers["Location"].startswith("/aanmelden?next=")
    assert '<html lang="nl">' in login and "Gebruikersnaam" in login and "Wachtwoord" in login
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/bestekken/?q=schoonmaak"
    assert client.get("/bestekken/").status_code == 200


def test_a_wrong_password_an_unknown_name_and_a_deactivated_user_get_the_same_dutch_answer(app: Flask) -> None:
    make_user(app, "aankoper", name="bea")
    gone = make_user(app, "aankoper", name="carl")
    with app.app_context():
        db.session.get_one(User, gone).active = False
        db.session.commit()
    client = anonymous(app)

    answers = [sign_in(client, name, password) for name, password in
               [("bea", "fout wachtwoord!"), ("niemand", PASSWORD), ("carl", PASSWORD)]]

    for answer in answers:
        assert answer.status_code == 200  # type: ignore[attr-defined]
        assert "Onbekende gebruikersnaam of fout wachtwoord" in answer.get_data(as_text=True)  # type: ignore[attr-defined]
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target", ["//elders.example/x", "https://elders.example/", "/\\elders", "javascript:x"])
def test_after_signing_in_the_way_back_never_leaves_the_site(app: Flask, target: str) -> None:
    make_user(app, "aankoopdienst", name="dirk")

    response = sign_in(anonymous(app), "dirk", PASSWORD, next_url=target)

    assert response.headers["Location"] == "/"  # type: ignore[attr-defined]


def test_passwords_are_stored_as_argon2id_hashes_never_as_text(app: Flask) -> None:
    with app.app_context():
        user = users.create_user(db.session, None, name="eva", password="correct paard batterij", roles=["aankoper"])

        assert user.password_hash.startswith("$argon2id$")
        assert "correct paard" not in user.password_hash


def test_signing_in_starts_a_session_that_ends_after_the_lifetime(app: Flask) -> None:
    client = app.test_client(roles=("aankoper",))
    assert client.get("/").status_code == 200
    eight_hours_ago = time.time() - app.permanent_session_lifetime.total_seconds() - 1
    with client.session_transaction() as session:
        session[SIGNED_IN_AT] = eight_hours_ago  # seen a minute ago, but signed in too long ago
        session[SEEN_AT] = time.time() - 60
    response = client.get("/")

    assert response.status_code == 302 and response.headers["Location"].startswith("/aanmelden")
    assert "Je sessie is verlopen" in client.get("/aanmelden").get_data(as_text=True)


def test_a_session_without_requests_for_the_idle_time_ends(app: Flask) -> None:
    client = app.test_client(roles=("aankoper",))
    with client.session_transaction() as session:
        session[SEEN_AT] = time.time() - app.config["SESSION_IDLE_MINUTES"] * 60 - 1

    assert client.get("/").status_code == 302


def test_the_session_cookie_is_permanent_http_only_and_same_site(app: Flask) -> None:
    make_user(app, "aankoopdienst", name="fien")
    client = anonymous(app)

    response = sign_in(client, "fien", PASSWORD)

    cookie = response.headers["Set-Cookie"]  # type: ignore[attr-defined]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert app.permanent_session_lifetime.total_seconds() == 8 * 3600


def test_signing_out_is_a_post_with_the_csrf_token(make_app: Callable[..., Flask]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client(roles=("aankoper",))
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'action="/afmelden">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', page)
    assert token

    assert client.get("/afmelden").status_code == 405
    assert client.post("/afmelden").status_code == 400  # no token: refused, still signed in
    assert client.get("/").status_code == 200
    assert client.post("/afmelden", data={"csrf_token": token.group(1)}).status_code == 302
    assert client.get("/").status_code == 302


def test_a_deactivated_user_loses_an_open_session_at_the_next_request(app: Flask) -> None:
    client = app.test_client(roles=("aankoper",))
    with client.session_transaction() as session:
        user_id = session[USER]
    with app.app_context():
        db.session.get_one(User, user_id).active = False
        db.session.commit()

    assert client.get("/").status_code == 302


def test_no_account_exists_unless_someone_makes_one(make_app: Callable[..., Flask]) -> None:
    app = make_app()

    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0  # no default administrator, no default password


def test_demo_accounts_are_off_by_default_and_refused_for_a_production_database(
    make_app: Callable[..., Flask],
) -> None:
    assert config.defaults(config.INSTANCE)["DEMO_ACCOUNTS"] is False
    with pytest.raises(ValueError, match="DEMO_ACCOUNTS"):
        make_app(DEMO_ACCOUNTS=True, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://db/procurement")


@pytest.mark.sqlite_only
def test_the_embedded_default_makes_one_marked_demo_account_per_role_with_a_fresh_password(
    make_prepared: Callable[..., tuple[Flask, Prepared]],
) -> None:
    _, first = make_prepared(DEMO_ACCOUNTS=True)
    accounts = {a.role: a for a in first.demo_accounts}
    second, started_again = make_prepared(DEMO_ACCOUNTS=True)
    again = {a.role: a for a in started_again.demo_accounts}

    assert set(accounts) == {"aankoopdienst", "aankoper", "duurzaamheid", "beheerder"}
    assert all(accounts[r].password != again[r].password for r in accounts)  # never a fixed password
    client = anonymous(second)
    assert "Demo-omgeving" in client.get("/aanmelden").get_data(as_text=True)
    sign_in(client, accounts["duurzaamheid"].name, accounts["duurzaamheid"].password)
    assert client.get("/").status_code == 302  # the old password no longer works
    sign_in(client, again["duurzaamheid"].name, again["duurzaamheid"].password)
    page = client.get("/").get_data(as_text=True)
    assert "demo-account" in page and 'class="tag tag-demo"' in page
    with second.app_context():
        demo = db.session.scalars(select(User).where(User.demo.is_(True))).all()
        assert sorted(u.roles[0] for u in demo) == sorted(accounts)


@pytest.mark.sqlite_only
def test_in_the_embedded_default_one_click_signs_in_as_a_demo_account(make_app: Callable[..., Flask]) -> None:
    app = make_app(DEMO_ACCOUNTS=True)
    client = anonymous(app)

    page = client.get("/aanmelden").get_data(as_text=True)
    response = client.post("/aanmelden/demo?next=/catalogus/", data={"account": "demo-aankoper"},
                           headers=SAME_ORIGIN)

    assert 'value="demo-aankoopdienst"' in page
    assert response.status_code == 302 and response.headers["Location"] == "/catalogus/"
    assert client.get("/catalogus/").status_code == 200
    assert client.get("/bestekken/").status_code == 403  # an aankoper, nothing more


@pytest.mark.sqlite_only
def test_one_click_sign_in_is_refused_for_real_accounts_and_without_demo_accounts(
    make_app: Callable[..., Flask],
) -> None:
    demo_app = make_app(DEMO_ACCOUNTS=True)
    make_user(demo_app, "beheerder", name="echte-beheerder")
    plain_app = make_app()
    make_user(plain_app, "beheerder", name="demo-beheerder")  # a look-alike name is still no demo account

    client = anonymous(demo_app)
    refused = client.post("/aanmelden/demo", data={"account": "echte-beheerder"}, headers=SAME_ORIGIN)
    assert refused.status_code == 302 and refused.headers["Location"] == "/aanmelden"
    assert client.get("/beheer/gebruikers/").status_code == 302  # still not signed in
    assert anonymous(plain_app).post("/aanmelden/demo", data={"account": "demo-beheerder"}).status_code == 404
    assert "demo_login" not in anonymous(plain_app).get("/aanmelden").get_data(as_text=True)


@pytest.mark.sqlite_only
def test_demo_accounts_are_deactivated_and_audited_when_the_same_database_starts_without_them(
    make_prepared: Callable[..., tuple[Flask, Prepared]], make_app: Callable[..., Flask],
) -> None:
    from procurement.models import AuditEvent

    demo_app, prepared = make_prepared(DEMO_ACCOUNTS=True)
    accounts = {a.role: a for a in prepared.demo_accounts}
    demo_client = anonymous(demo_app)
    sign_in(demo_client, accounts["beheerder"].name, accounts["beheerder"].password)
    assert demo_client.get("/beheer/gebruikers/").status_code == 200

    production = make_app()  # wsgi.py on the same SQLite file

    with production.app_context():
        demo = db.session.scalars(select(User).where(User.demo.is_(True))).all()
        assert len(demo) == 4 and not any(u.active for u in demo)
        lines = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.deactivated")).all()
        assert sorted(line.subject_id for line in lines) == sorted(u.id for u in demo)
        assert all(line.actor_name == "systeem" for line in lines)
    client = anonymous(production)
    sign_in(client, accounts["beheerder"].name, accounts["beheerder"].password)
    assert client.get("/").status_code == 302  # refused: still the login page
    assert demo_client.get("/beheer/gebruikers/").status_code == 302  # the open demo session ended too
    make_app()  # a second start finds nothing left to deactivate
    with production.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "user.deactivated")) == 4


def test_a_demo_user_signs_in_only_where_demo_accounts_are_on(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    with app.app_context():
        users.create_user(db.session, None, name="demo-proef", password=PASSWORD, roles=["aankoper"], demo=True)

        assert users.authenticate(db.session, "demo-proef", PASSWORD) is None
        assert users.authenticate(db.session, "demo-proef", PASSWORD, demo_accounts=False) is None
        signed_in = users.authenticate(db.session, "demo-proef", PASSWORD, demo_accounts=True)
        assert signed_in is not None and signed_in.name == "demo-proef"


def test_a_session_signed_in_before_a_password_reset_is_signed_out_after_it(app: Flask) -> None:
    user_id = make_user(app, "aankoopdienst", name="dirk")
    admin_id = make_user(app, "beheerder", name="els")
    client = anonymous(app)
    sign_in(client, "dirk", PASSWORD)
    assert client.get("/bestekken/").status_code == 200

    with app.app_context():
        users.set_password(db.session, db.session.get_one(User, admin_id), user_id, "een nieuw lang wachtwoord",
                           actor_password=PASSWORD)

    refused = client.get("/bestekken/")
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/aanmelden")
    with client.session_transaction() as session:
        assert USER not in session
    sign_in(client, "dirk", "een nieuw lang wachtwoord")
    assert client.get("/bestekken/").status_code == 200


def test_a_session_from_before_a_deactivation_stays_ended_after_the_reactivation(app: Flask) -> None:
    user_id = make_user(app, "aankoopdienst", name="fien")
    admin_id = make_user(app, "beheerder", name="gert")
    client = anonymous(app)
    sign_in(client, "fien", PASSWORD)
    assert client.get("/bestekken/").status_code == 200
    with client.session_transaction() as session:
        kept = dict(session)  # a copy of the cookie, as someone who stole it would keep it

    with app.app_context():
        admin = db.session.get_one(User, admin_id)
        users.deactivate(db.session, admin, user_id)
        users.activate(db.session, admin, user_id)
    with client.session_transaction() as session:
        session.update(kept)

    refused = client.get("/bestekken/")
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/aanmelden")
