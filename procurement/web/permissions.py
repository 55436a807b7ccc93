"""Who may use which page: one table (endpoint -> roles) enforced once before every request, failing closed."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, abort, g, request
from werkzeug.wrappers import Response as BaseResponse

from procurement.roles import AANKOOPDIENST, BEHEERDER, DUURZAAMHEID, ROLES
from procurement.web import auth

log = logging.getLogger(__name__)

PUBLIC: frozenset[str] = frozenset({"<public>"})  # no sign-in needed
EVERYONE = frozenset(ROLES)  # any signed-in user
TENDERS = frozenset({AANKOOPDIENST, DUURZAAMHEID})  # those who see tenders and their reports
OFFICE = frozenset({AANKOOPDIENST})
SUSTAINABILITY = frozenset({DUURZAAMHEID})
ADMIN = frozenset({BEHEERDER})

# Every endpoint of the app, exactly once; `blueprint.*` covers a whole blueprint. An endpoint missing
# here is refused to everyone (and a test walks app.url_map to keep this table complete).
TABLE: dict[str, frozenset[str]] = {
    "static": PUBLIC,
    "auth.login": PUBLIC,
    "auth.demo_login": PUBLIC,  # 404 unless the embedded default made demo accounts
    "auth.logout": EVERYONE,
    "auth.own_password": EVERYONE,
    "main.index": EVERYONE,
    # tenders: the procurement office makes and changes them, the sustainability office reads and reviews
    "tenders.index": TENDERS,
    "tenders.show": TENDERS,
    "tenders.status": TENDERS,
    "tenders.annex": TENDERS,
    "tenders.table": TENDERS,
    "tenders.annotated": TENDERS,
    "tenders.original": TENDERS,
    "tenders.create": OFFICE,
    "tenders.upload_version": OFFICE,
    "tenders.reanalyse": TENDERS,
    "tenders.correct_groups": TENDERS,
    "api.analysis": TENDERS,
    "api.tender": TENDERS,
    "review.submit": OFFICE,
    "review.decide": SUSTAINABILITY,
    "review.finding": SUSTAINABILITY,
    "review.confirm_rest": SUSTAINABILITY,
    "audit.tender": TENDERS,
    "audit.index": frozenset({DUURZAAMHEID, BEHEERDER}),
    # the monitor: the sustainability office and the administrator; the procurement office reads it too
    "monitor.*": frozenset({DUURZAAMHEID, BEHEERDER, AANKOOPDIENST}),
    # the catalogue and clause bundles: read by everyone, edited by the sustainability office
    "catalogue.*": EVERYONE,
    "bundles.*": EVERYONE,
    "catalogue_admin.version": EVERYONE,
    "catalogue_admin.export": EVERYONE,
    "catalogue_admin.index": SUSTAINABILITY,
    "catalogue_admin.new": SUSTAINABILITY,
    "catalogue_admin.edit": SUSTAINABILITY,
    "catalogue_admin.retire": SUSTAINABILITY,
    "catalogue_admin.discard": SUSTAINABILITY,
    "catalogue_admin.publish": SUSTAINABILITY,
    "catalogue_admin.import_yaml": SUSTAINABILITY,
    "catalogue_admin.recheck": SUSTAINABILITY,
    # the list of departments the upload form offers
    "departments.*": ADMIN,
    # users
    "admin.users": ADMIN,
    "admin.create": ADMIN,
    "admin.edit": ADMIN,
    "admin.deactivate": ADMIN,
    "admin.activate": ADMIN,
    "admin.password": ADMIN,
}


def rule_for(endpoint: str) -> frozenset[str] | None:
    """The roles allowed on an endpoint (PUBLIC for everybody), or None when the table does not list it."""
    if endpoint in TABLE:
        return TABLE[endpoint]
    blueprint, _, _ = endpoint.rpartition(".")
    return TABLE.get(f"{blueprint}.*") if blueprint else None


def allowed(endpoint: str, roles: frozenset[str] | set[str] | list[str] | None) -> bool:
    """May a user with these roles (None: not signed in) use this endpoint?"""
    rule = rule_for(endpoint)
    if rule is None:
        return False
    if rule is PUBLIC:
        return True
    return bool(roles) and not rule.isdisjoint(roles or ())


def can(endpoint: str) -> bool:
    """For templates: show a link or a form only to whom may use it."""
    user = g.get("user")
    return allowed(endpoint, user.roles if user else None)


def register(app: Flask) -> None:
    """Register the check before any other request hook (CSRF included): a refusal never reaches a view."""
    app.before_request_funcs.setdefault(None, []).insert(0, enforce)
    app.context_processor(_template_values)


def enforce() -> BaseResponse | tuple[dict[str, str], int] | None:
    g.user = None
    endpoint = request.endpoint
    if endpoint == "static":
        return None  # stylesheets and scripts: no user needed, no database query
    user = g.user = auth.signed_in_user()  # also for error pages, which show the menu of who is signed in
    if endpoint is None:
        return None  # no route matched: the 404 or 405 follows
    rule = rule_for(endpoint)
    if rule is PUBLIC:
        return None
    if rule is None:
        log.error("endpoint %s is missing from the permission table: refused", endpoint)
        abort(403)
    if user is None:
        return auth.ask_to_sign_in()
    if rule.isdisjoint(user.roles):
        log.info("user %s refused on %s", user.name, endpoint)
        abort(403)
    return None


def _template_values() -> dict[str, Any]:
    return {"current_user": g.get("user"), "can": can}
