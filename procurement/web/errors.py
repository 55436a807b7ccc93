"""Dutch error pages (400, 403, 404, 413, 500); a 500 rolls the session back first."""

from __future__ import annotations

import logging

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from procurement.extensions import db

log = logging.getLogger(__name__)
PAGES = (400, 403, 404, 413, 500)


def register(app: Flask) -> None:
    for code in PAGES:
        app.register_error_handler(code, _page)
    app.register_error_handler(CSRFError, _csrf)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith("/status")


def _page(error: HTTPException | Exception) -> tuple[str | dict[str, str], int]:
    code = error.code if isinstance(error, HTTPException) and error.code else 500
    if code == 500:
        db.session.rollback()
        log.error("internal error on %s %s", request.method, request.path)
    if code == 413:
        log.info("upload refused: request too large (%s bytes)", request.content_length)
    if _wants_json():
        return {"error": _TITLES.get(code, "Fout")}, code
    return render_template(f"errors/{code}.html", limit_mb=_limit_mb()), code


def _csrf(error: CSRFError) -> tuple[str, int]:
    log.info("CSRF refused on %s: %s", request.path, error.description)
    return render_template("errors/400.html", csrf=True, limit_mb=_limit_mb()), 400


def _limit_mb() -> int:
    return int((current_app.config.get("MAX_CONTENT_LENGTH") or 0) / (1024 * 1024))


_TITLES = {
    400: "Ongeldige aanvraag",
    403: "Geen toegang",
    404: "Niet gevonden",
    413: "Bestand te groot",
    500: "Interne fout",
}
