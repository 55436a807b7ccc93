"""Error pages are Dutch; an internal error rolls the session back and leaves nothing half-made."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import func, select

from procurement.extensions import db
from procurement.models import Tender
from procurement.web import permissions


def test_an_internal_error_gets_the_dutch_500_page_and_nothing_is_kept(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    monkeypatch.setitem(permissions.TABLE, "half_made", permissions.EVERYONE)  # a route of this test only

    def half_made() -> str:
        db.session.add(Tender(title="half"))
        db.session.flush()
        raise RuntimeError("boem")

    app.add_url_rule("/boem", view_func=half_made)

    response = app.test_client().get("/boem")

    assert response.status_code == 500
    assert "Er ging iets mis" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Tender.id))) == 0


def test_a_get_on_a_post_only_address_is_not_allowed(make_app: Callable[..., Flask]) -> None:
    response = make_app().test_client().get("/bestekken/1/opnieuw")

    assert response.status_code == 405


def test_every_other_http_error_gets_a_dutch_page_with_its_own_title_and_headers(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    from werkzeug.exceptions import Conflict, TooManyRequests

    app = make_app()
    monkeypatch.setitem(permissions.TABLE, "busy", permissions.EVERYONE)  # routes of this test only
    monkeypatch.setitem(permissions.TABLE, "clash", permissions.EVERYONE)

    def busy() -> str:
        raise TooManyRequests(retry_after=30)

    def clash() -> str:
        raise Conflict()

    app.add_url_rule("/druk", "busy", busy)
    app.add_url_rule("/botsing", "clash", clash)
    client = app.test_client()

    response = client.put("/bestekken/1")
    page = response.get_data(as_text=True)
    assert response.status_code == 405 and "Methode niet toegestaan" in page and "Method Not Allowed" not in page
    assert "GET" in response.headers["Allow"]  # what the error says for the client survives the Dutch page
    assert response.mimetype == "text/html" and "<html" in page.lower()
    busy_page = client.get("/druk")
    assert busy_page.status_code == 429 and "Te veel aanvragen" in busy_page.get_data(as_text=True)
    assert busy_page.headers["Retry-After"] == "30"
    clash_page = client.get("/botsing")
    assert clash_page.status_code == 409 and "Conflict" in clash_page.get_data(as_text=True)
    assert "Foutcode 409" in clash_page.get_data(as_text=True)


def test_api_and_status_addresses_keep_answering_errors_in_json(app: Flask) -> None:
    client = app.test_client()

    wrong_method = client.delete("/api/analyses/1")
    missing = client.get("/bestekken/999/status")

    assert wrong_method.status_code == 405 and wrong_method.get_json() == {"error": "Methode niet toegestaan"}
    assert missing.status_code == 404 and missing.get_json() == {"error": "Niet gevonden"}
