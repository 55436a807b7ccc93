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
