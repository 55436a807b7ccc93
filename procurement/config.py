"""Configuration defaults; PROCUREMENT_* environment variables override them, then a test mapping.

Environment: PROCUREMENT_<KEY> sets <KEY> (values parsed as JSON when they can be), for example
PROCUREMENT_SQLALCHEMY_DATABASE_URI=postgresql+psycopg://..., PROCUREMENT_ANALYSIS_MODE=inline,
PROCUREMENT_UPLOAD_DIR=/srv/uploads, PROCUREMENT_SECRET_KEY=..., PROCUREMENT_SEED_DEMO=true.
PROCUREMENT_SECRET_KEY is always read as a string (never JSON), of at least SECRET_KEY_MIN_BYTES.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]  # the repository: templates/, static/, migrations/, criteria/
INSTANCE = ROOT / "instance"
SECRET_KEY_FILE = "secret_key"
ANALYSIS_MODES = ("thread", "inline", "queue")
ORIGINALS = ("folder", "database")
SECRET_KEY_MIN_BYTES = 32
# the names this computer answers to: what `procurement serve` on a loopback address trusts as Host
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def defaults(instance: Path) -> dict[str, Any]:
    """The embedded default: a SQLite file and uploads under instance/, a background worker, the demo."""
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'procurement.sqlite'}",
        "UPLOAD_DIR": str(instance / "uploads"),
        # Where uploaded originals live: "folder" (UPLOAD_DIR: one machine, or a folder every machine mounts) or
        # "database" (the `original` table: every web process and worker that reaches the database reads them)
        "ORIGINALS": "folder",
        # A whole request (several files together); one file is also held to documents.MAX_BYTES.
        "MAX_CONTENT_LENGTH": 60 * 1024 * 1024,
        "SECRET_KEY": None,  # None: generated once and kept in instance/secret_key
        "ANALYSIS_MODE": "thread",  # "thread": background worker; "inline": analyse within the request
        "WORKER_POLL_SECONDS": 5.0,
        # Production: analyses as RQ jobs on this Redis, run by `procurement worker` processes (procurement/jobs.py);
        # with a Redis URL the analysis mode is "queue" and no web process runs an analysis itself.
        "REDIS_URL": None,  # e.g. PROCUREMENT_REDIS_URL=redis://redis.stad.be:6379/0
        "QUEUE_NAME": "analyses",
        "JOB_TIMEOUT_SECONDS": 900,  # one analysis job at most (each document also within PARSE_SECONDS)
        "JOB_RETRY_SECONDS": [30, 120, 600],  # the waits before the 2nd, 3rd and 4th try of a failed job
        "WORKER_HEARTBEAT_SECONDS": 10,  # a dead worker's job is run again some 60 s after its last heartbeat
        "QUEUE_MAINTENANCE_SECONDS": 60,  # how often a worker looks for such jobs
        # Every document is read and checked in a child process (procurement/sandbox.py) with at most this much
        # address space and this many seconds per document; beyond either it is refused as too large or complex.
        "PARSE_MEMORY_MB": 500,
        "PARSE_SECONDS": 60,
        "STALE_ANALYSIS_MINUTES": 30,  # a running analysis without progress this long is marked failed
        "CATALOGUE_DIR": None,  # None: criteria/ beside the package
        # Create and analyse the example tender on the first start: only `procurement serve` on the embedded
        # default turns this on (procurement/web/serve.py), never wsgi.py in production.
        "SEED_DEMO": False,
        # One demo account per role with a fresh password printed at start-up: only `procurement serve` on the
        # embedded SQLite database turns this on (see procurement/web/serve.py); refused for other databases.
        "DEMO_ACCOUNTS": False,
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,  # seconds: a sign-in lasts a working day at most
        "SESSION_IDLE_MINUTES": 60,  # and ends after an hour without any request
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,  # set PROCUREMENT_SESSION_COOKIE_SECURE=true behind HTTPS
        "WTF_I18N_ENABLED": False,  # WTForms' own Dutch messages (Meta.locales) instead of Flask-Babel
        # The Host names the app answers to (a request for another Host gets a 400: DNS rebinding, a stray
        # proxy). Required outside tests: `procurement serve` on loopback sets LOOPBACK_HOSTS itself; in
        # production set e.g. PROCUREMENT_TRUSTED_HOSTS='["aankopen.stad.be"]'.
        "TRUSTED_HOSTS": None,
        # Sign-in throttling, counted from the audited `user.signin_failed` lines within the window
        "SIGNIN_WINDOW_MINUTES": 15,
        "SIGNIN_MAX_PER_ACCOUNT": 5,  # failed attempts on one account name
        "SIGNIN_MAX_PER_ADDRESS": 20,  # failed attempts from one client address
        "CITY_NAME": "Stad",  # the author of exported Word documents, e.g. PROCUREMENT_CITY_NAME="Stad Leuven"
    }


def secret_key(instance: Path) -> str:
    """The key kept in the instance folder, made on first use so sessions survive a restart."""
    path = instance / SECRET_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        candidate = path.with_suffix(f".{secrets.token_hex(4)}.tmp")
        candidate.write_text(secrets.token_hex(32), encoding="utf-8")
        candidate.chmod(0o600)
        try:
            # link, not rename: when two processes start at once the first key wins and both read it
            path.hardlink_to(candidate)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                candidate.replace(path)
        finally:
            candidate.unlink(missing_ok=True)
    return path.read_text(encoding="utf-8").strip()
