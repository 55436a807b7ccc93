"""Security headers on every response: a strict CSP, no sniffing, no framing, no referrer, no caching when signed in."""

from __future__ import annotations

from flask import Flask, g
from werkzeug.wrappers import Response as BaseResponse

# Scripts, styles, images and fonts from this site only; no inline script or style (static/ holds them all).
CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def register(app: Flask) -> None:
    app.after_request(secure)


def secure(response: BaseResponse) -> BaseResponse:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if g.get("user") is not None:  # a page for one person: never in a shared or back-button cache
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response
