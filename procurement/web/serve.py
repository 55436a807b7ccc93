"""`procurement serve`: the embedded default (SQLite file, catalogue, demo on first start) under waitress."""

from __future__ import annotations

import logging

from sqlalchemy.engine import make_url
from waitress import serve as waitress_serve

from procurement.app import create_app

log = logging.getLogger(__name__)


def serve(host: str = "127.0.0.1", port: int = 5000) -> int:
    logging.getLogger("procurement").setLevel(logging.INFO)
    app = create_app()
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    print(f"Duurzame aankopen draait op http://{shown}:{port}/ (stoppen: Ctrl+C)", flush=True)
    print(f"Database: {make_url(app.config['SQLALCHEMY_DATABASE_URI']).render_as_string()}", flush=True)
    try:
        waitress_serve(app, host=host, port=port, threads=4, ident="procurement")
    except KeyboardInterrupt:
        pass
    worker = app.extensions["procurement"].worker
    if worker is not None:
        worker.stop()
    return 0
