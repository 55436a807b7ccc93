"""`procurement serve`: the embedded default (SQLite file, catalogue, demo on first start) under waitress."""

from __future__ import annotations

import logging
import os
from typing import Any

from sqlalchemy.engine import make_url
from waitress import serve as waitress_serve

from procurement.app import create_app

log = logging.getLogger(__name__)


def embedded_overrides(environ: dict[str, str] | os._Environ[str] | None = None) -> dict[str, Any]:
    """Demo accounts for a quick look, unless the environment chose a database or said otherwise itself."""
    env = os.environ if environ is None else environ
    if "PROCUREMENT_DEMO_ACCOUNTS" in env or "PROCUREMENT_SQLALCHEMY_DATABASE_URI" in env:
        return {}
    return {"DEMO_ACCOUNTS": True}


def serve(host: str = "127.0.0.1", port: int = 5000) -> int:
    logging.getLogger("procurement").setLevel(logging.INFO)
    app = create_app(embedded_overrides() or None)
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    print(f"Duurzame aankopen draait op http://{shown}:{port}/ (stoppen: Ctrl+C)", flush=True)
    print(f"Database: {make_url(app.config['SQLALCHEMY_DATABASE_URI']).render_as_string()}", flush=True)
    demo = app.extensions["procurement"].demo_accounts
    if demo:
        print("DEMO-accounts, enkel om te proberen (de wachtwoorden veranderen bij elke start):", flush=True)
        for account in demo:
            print(f"  {account.name:<24} wachtwoord {account.password}   rol {account.role}", flush=True)
    try:
        waitress_serve(app, host=host, port=port, threads=4, ident="procurement")
    except KeyboardInterrupt:
        pass
    worker = app.extensions["procurement"].worker
    if worker is not None:
        worker.stop()
    return 0
