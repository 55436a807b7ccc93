"""Dutch error pages for every HTTP error (a 500 rolls the session back first); numbers from the URL kept in range."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.routing import IntegerConverter, Map

from procurement.extensions import db

log = logging.getLogger(__name__)
# The id columns are Integer: PostgreSQL's int4 holds at most 2**31 - 1 (SQLite more), so a larger id cannot exist
# on either database and is simply not found, never an "integer out of range" 500
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in a route: 1 .. 2**31-1, so an id the database cannot hold is a 404, never an overflow."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_ID,
                 signed: bool = False) -> None:  # werkzeug's own argument names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def bounded_int(low: int = 1, high: int = MAX_ID) -> Callable[[str], int]:
    """A `type=` for `request.args.get`: a number outside low..high counts as missing (the default)."""

    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise ValueError(f"{value} outside {low}..{high}")
        return value

    return parse


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, _page)  # every HTTP error, 500 included
    app.register_error_handler(CSRFError, _csrf)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith("/status")


def _page(error: HTTPException) -> tuple[str | dict[str, str], int, list[tuple[str, str]]]:
    if isinstance(error, SecurityError):  # a Host not in TRUSTED_HOSTS: no link can be built for it, so no page
        log.warning("request for an untrusted host refused")
        return UNTRUSTED_HOST, 400, [("Content-Type", "text/plain; charset=utf-8")]
    code = error.code or 500
    if code >= 500:
        db.session.rollback()
        log.error("internal error %s on %s %s", code, request.method, request.path)
    if code == 413:
        log.info("upload refused: request too large (%s bytes)", request.content_length)
    # keep what the error says for the client (Allow on a 405, Retry-After on a 429), not its content type
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    title = title_of(code)
    if _wants_json():
        return {"error": title}, code, headers
    page = render_template([f"errors/{code}.html", "errors/other.html"], code=code, title=title,
                           message=_MESSAGES.get(code, _MESSAGE), limit_mb=limit_mb())
    return page, code, headers


UNTRUSTED_HOST = "Ongeldige aanvraag: deze server antwoordt niet op dit adres (zie TRUSTED_HOSTS).\n"


def _csrf(error: CSRFError) -> tuple[str, int]:
    log.info("CSRF refused on %s: %s", request.path, error.description)
    return render_template("errors/400.html", csrf=True, limit_mb=limit_mb()), 400


def limit_mb() -> int:
    return int((current_app.config.get("MAX_CONTENT_LENGTH") or 0) / (1024 * 1024))


def title_of(code: int) -> str:
    return _TITLES.get(code, "Serverfout" if code >= 500 else "Fout")


_TITLES: dict[int, str] = {
    400: "Ongeldige aanvraag",
    401: "Niet aangemeld",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    408: "Aanvraag duurde te lang",
    409: "Conflict",
    410: "Niet meer beschikbaar",
    411: "Lengte ontbreekt",
    412: "Voorwaarde niet vervuld",
    413: "Bestand te groot",
    414: "Adres te lang",
    415: "Bestandstype niet ondersteund",
    416: "Bereik niet beschikbaar",
    417: "Verwachting niet vervuld",
    418: "Ik ben een theepot",
    422: "Aanvraag niet verwerkbaar",
    423: "Vergrendeld",
    424: "Afhankelijkheid mislukt",
    428: "Voorwaarde vereist",
    429: "Te veel aanvragen",
    431: "Kopregels te groot",
    451: "Niet beschikbaar om juridische redenen",
    500: "Interne fout",
    501: "Niet ondersteund",
    502: "Ongeldig antwoord van een andere server",
    503: "Dienst niet beschikbaar",
    504: "Geen tijdig antwoord van een andere server",
    505: "HTTP-versie niet ondersteund",
}
_MESSAGE = "De aanvraag kon niet verwerkt worden. Ga terug en probeer het opnieuw."
_MESSAGES: dict[int, str] = {
    401: "Meld je aan om deze pagina te zien.",
    405: "Dit adres bestaat, maar niet voor deze soort aanvraag. Gebruik de knoppen en formulieren van de "
         "toepassing in plaats van het adres zelf te typen.",
    409: "De aanvraag botst met een wijziging die intussen gebeurde. Laad de pagina opnieuw en probeer nog eens.",
    429: "Je stuurde te veel aanvragen na elkaar. Wacht even en probeer het dan opnieuw.",
    503: "De toepassing is even niet beschikbaar. Probeer het over enkele minuten opnieuw.",
}
