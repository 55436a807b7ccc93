"""Every route checks the role through the one permission table: a walk of app.url_map for every role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from accounts import make_user
from builders import DOCX_NAME, ILO_ID, cleaning_bestek, post_tender
from conftest import app_config, close, ready_app
from flask import Flask
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, Rule

from procurement.extensions import db
from procurement.models import Analysis, CatalogueVersion, Finding, StoredDocument
from procurement.roles import ROLES
from procurement.web import permissions

ANONYMOUS = "anoniem"
OURS = ("auth", "main", "tenders", "review", "audit", "admin", "catalogue_admin", "api", "monitor", "departments")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, dict[str, Any]]]:
    """One app with real rows to fill every URL parameter: a tender with an analysis, a user, a version."""
    app = ready_app(app_config(Path(tmp_path_factory.mktemp("walk")), PROPAGATE_EXCEPTIONS=False))
    post_tender(app.test_client(), [(DOCX_NAME, cleaning_bestek())])
    victim = make_user(app, "aankoper", name="iemand-anders")
    with app.app_context():
        values = {
            "tender_id": 1,
            "analysis_id": db.session.scalars(select(Analysis.id)).first(),
            "document_id": db.session.scalars(select(StoredDocument.id)).first(),
            "finding_id": db.session.scalar(select(Finding.id).where(Finding.criterion == ILO_ID)),
            "criterion_id": ILO_ID,
            "group_id": "cleaning-services",
            "user_id": victim,
            "version_id": db.session.scalars(select(CatalogueVersion.id)).first(),
            "filename": "style.css",
        }
    yield app, values
    close(app)


def url_for_rule(rule: Rule, values: dict[str, Any]) -> str:
    """The rule's URL with real rows where we know the parameter, a plain value where we do not."""
    filled = {
        name: values.get(name, 1 if isinstance(rule._converters[name], IntegerConverter) else "x")
        for name in rule.arguments
    }
    path = rule.build(filled, append_unknown=False)
    assert path is not None
    return path[1]


def routes(app: Flask) -> list[tuple[Rule, str]]:
    return sorted(
        ((rule, method) for rule in app.url_map.iter_rules() for method in rule.methods or ()
         if method not in ("HEAD", "OPTIONS")),
        key=lambda pair: (pair[0].endpoint, pair[1]),
    )


def test_every_endpoint_of_the_app_is_in_the_permission_table(world: tuple[Flask, dict[str, Any]]) -> None:
    app, _ = world

    missing = sorted({r.endpoint for r in app.url_map.iter_rules() if permissions.rule_for(r.endpoint) is None})

    assert missing == []


def test_the_table_names_no_endpoint_that_does_not_exist(world: tuple[Flask, dict[str, Any]]) -> None:
    app, _ = world
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}

    stale = [e for e in permissions.TABLE if not e.endswith(".*") and e not in endpoints]

    assert stale == []


def test_an_endpoint_missing_from_the_table_is_refused_to_everyone(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    app.add_url_rule("/vergeten", endpoint="forgotten", view_func=lambda: "geheim")

    assert app.test_client().get("/vergeten").status_code == 403  # a user with every role
    assert app.test_client(roles=()).get("/vergeten").status_code == 403


@pytest.mark.parametrize("who", [ANONYMOUS, *ROLES])
def test_every_route_answers_each_role_as_the_table_says(world: tuple[Flask, dict[str, Any]], who: str) -> None:
    app, values = world
    wrong = []
    for rule, method in routes(app):
        client = app.test_client(roles=() if who == ANONYMOUS else (who,))
        url = url_for_rule(rule, values)
        response = client.open(url, method=method, data={})
        status, location = response.status_code, response.headers.get("Location", "")
        response.close()
        to_login = status == 302 and location.startswith("/aanmelden")
        if permissions.rule_for(rule.endpoint) is permissions.PUBLIC:
            expected, ok = "open", status not in (401, 403) and not to_login
        elif who == ANONYMOUS:
            expected = "aanmelden"
            ok = to_login or (status == 401 and (url.startswith("/api/") or url.endswith("/status")))
        elif permissions.allowed(rule.endpoint, {who}):
            expected, ok = "toegelaten", status not in (401, 403) and not to_login
            if rule.endpoint == "auth.logout":  # signing out ends on the login page by design
                ok = to_login and "Je bent afgemeld" in client.get("/aanmelden").get_data(as_text=True)
        else:
            expected, ok = "403", status == 403
        if ok and rule.endpoint.split(".")[0] in OURS and status >= 500:
            ok, expected = False, f"{expected} zonder fout"
        if not ok:
            wrong.append(f"{method} {url} ({rule.endpoint}): verwacht {expected}, kreeg {status} {location}")

    assert wrong == []


def test_the_table_gives_each_role_what_the_issue_says() -> None:
    allowed = permissions.allowed
    assert allowed("tenders.create", {"aankoopdienst"}) and not allowed("tenders.create", {"duurzaamheid"})
    assert allowed("review.decide", {"duurzaamheid"}) and not allowed("review.decide", {"aankoopdienst"})
    assert allowed("review.finding", {"duurzaamheid"}) and not allowed("review.finding", {"aankoper"})
    assert allowed("catalogue.index", {"aankoper"}) and allowed("bundles.index", {"aankoper"})
    assert allowed("catalogue_admin.edit", {"duurzaamheid"}) and not allowed("catalogue_admin.edit", {"aankoper"})
    assert allowed("admin.users", {"beheerder"}) and not allowed("admin.users", {"duurzaamheid"})
    assert not allowed("tenders.show", {"aankoper"}) and not allowed("tenders.show", {"beheerder"})
    assert allowed("audit.index", {"duurzaamheid"}) and not allowed("audit.index", {"aankoopdienst"})
    assert not allowed("main.index", None) and allowed("auth.login", None)
