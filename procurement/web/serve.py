"""`procurement serve`: the embedded default (SQLite file, catalogue, demo on first start) under waitress.

Before it serves it runs the start-up steps itself (procurement/startup.py: the database upgrade, the catalogue
sync, the demo accounts or their end, the examples), then the worker's (abandoned analyses queued again), so
`python3 manage.py run` needs no other command.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from typing import Any

from sqlalchemy.engine import make_url
from waitress import serve as waitress_serve

from procurement.app import create_app
from procurement.cli_setup import demo_lines
from procurement.config import LOOPBACK_HOSTS
from procurement.startup import DatabaseNotReady, prepare, start_worker
from procurement.web.monitor import warm

log = logging.getLogger(__name__)


def embedded_overrides(
    environ: dict[str, str] | os._Environ[str] | None = None, host: str = "127.0.0.1"
) -> dict[str, Any]:
    """The example tender and demo accounts for a quick look on this computer, and the Host names it answers to.

    Neither when the environment chose a database (not the embedded default) or said otherwise itself; never
    demo accounts when other computers can reach the server (a host that is not loopback). On loopback the
    server trusts only loopback names as Host (a DNS-rebinding page cannot reach it); elsewhere the environment
    must list them (PROCUREMENT_TRUSTED_HOSTS).
    """
    env = os.environ if environ is None else environ
    overrides: dict[str, Any] = {}
    if is_loopback(host) and "PROCUREMENT_TRUSTED_HOSTS" not in env:
        overrides["TRUSTED_HOSTS"] = list(dict.fromkeys([*LOOPBACK_HOSTS, host.strip().lower()]))
    if "PROCUREMENT_SQLALCHEMY_DATABASE_URI" not in env:
        if "PROCUREMENT_SEED_DEMO" not in env:
            overrides["SEED_DEMO"] = True
        if "PROCUREMENT_DEMO_ACCOUNTS" not in env:
            overrides["DEMO_ACCOUNTS"] = True
    if not is_loopback(host):
        overrides["DEMO_ACCOUNTS"] = False
    return overrides


def is_loopback(host: str) -> bool:
    """Only this computer can reach a server on this host: 127.0.0.0/8, ::1 or localhost."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:  # another host name (or "" / 0.0.0.0: every interface)
        return False


def serve(host: str = "127.0.0.1", port: int = 5000) -> int:
    logging.getLogger("procurement").setLevel(logging.INFO)
    try:
        app = create_app(embedded_overrides(host=host) or None, check=False)
        demo = prepare(app).demo_accounts
    except ValueError as exc:
        print(f"De toepassing start niet: {exc}", flush=True)
        return 2
    except DatabaseNotReady as exc:  # e.g. a database a newer version upgraded
        print(f"De toepassing start niet: {exc.message}", flush=True)
        return 2
    running = start_worker(app)
    warm(app)  # the monitor's figures, read once in the background
    if not is_loopback(host):
        print(f"Demo-accounts staan uit: op {host or 'alle netwerkkaarten'} kunnen ook andere computers de "
              "toepassing bereiken.", flush=True)
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    print(f"Duurzame aankopen draait op http://{shown}:{port}/ (stoppen: Ctrl+C)", flush=True)
    print(f"Database: {make_url(app.config['SQLALCHEMY_DATABASE_URI']).render_as_string()}", flush=True)
    if demo:
        print("\n".join(demo_lines(demo)), flush=True)
    try:
        waitress_serve(app, host=host, port=port, threads=4, ident="procurement")
    except KeyboardInterrupt:
        pass
    if running is not None:
        running.stop()
    return 0
