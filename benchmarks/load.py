"""Load and fault script: parallel uploads and page readers against 2 web processes and 2 workers on loopback, on
SQLite and on PostgreSQL, with one worker killed (-9) mid-analysis; prints what was lost, duplicated or broken.

    .venv/bin/python -m benchmarks.load [--uploads 24] [--readers 4] [--databases sqlite,postgresql]

Needs Debian's redis-server and postgresql (python3 manage.py test installs them); each run starts a private
Redis and PostgreSQL cluster (manage.py's), a temp folder for everything, and stops all it started. Traffic goes
only to 127.0.0.1; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from builders import cleaning_bestek  # noqa: E402

import manage  # noqa: E402  (standard library only: the private Redis and PostgreSQL)

BIN = Path(sys.executable).parent
PASSWORD = "een-lang-wachtwoord-voor-de-meting"
ALL_DONE_SECONDS = 600  # the whole run gives up after this
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token"[^>]*value="([^"]+)"')


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    upload_status: list[int] = field(default_factory=list)
    page_seconds: list[float] = field(default_factory=list)
    server_errors: int = 0
    locked: int = 0


class Browser:
    """One person's cookie jar against one web process (urllib: nothing to install)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())

    def request(self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def sign_in(self, name: str) -> None:
        _, page = self.request("/aanmelden")
        token = CSRF.search(page)
        body = urllib.parse.urlencode(
            {"name": name, "password": PASSWORD, "csrf_token": token.group(1) if token else ""})
        status, _ = self.request("/aanmelden", body.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            raise RuntimeError(f"sign-in answered {status}")

    def upload(self, title: str, data: bytes) -> int:
        _, page = self.request("/bestekken/nieuw")
        csrf, form_token = CSRF.search(page), FORM_TOKEN.search(page)
        boundary = uuid.uuid4().hex
        fields = {"title": title, "reference": "2026/LOAD", "department": "",  # no managed list on a new database
                  "csrf_token": csrf.group(1) if csrf else "", "form_token": form_token.group(1) if form_token else ""}
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="bestek.docx"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        kind = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        status, _ = self.request("/bestekken/nieuw", body, kind)
        return status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to count (302 after an upload), not to follow."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def free_port() -> int:
    return manage.free_port()


@contextmanager
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    try:
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in started:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def run(database: str, uploads: int, readers: int, stack: ExitStack) -> dict[str, object]:
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="procurement-load-")))
    redis_url = stack.enter_context(manage.private_redis(manage.ensure_redis() or "redis-server"))
    if database == "postgresql":
        pg_bin = manage.ensure_postgresql()
        if pg_bin is None:
            raise SystemExit("no PostgreSQL on this machine")
        uri = stack.enter_context(manage.private_postgresql(pg_bin))
    else:
        uri = f"sqlite:///{folder / 'procurement.sqlite'}"
    env = {**os.environ, **{f"PROCUREMENT_{k}": v for k, v in {
        "SQLALCHEMY_DATABASE_URI": uri, "REDIS_URL": redis_url, "ORIGINALS": "database",
        "UPLOAD_DIR": str(folder / "uploads"), "SECRET_KEY": "s" * 40, "TRUSTED_HOSTS": '["127.0.0.1"]',
        "WORKER_HEARTBEAT_SECONDS": "5", "QUEUE_MAINTENANCE_SECONDS": "5", "JOB_RETRY_SECONDS": "[2, 5]",
    }.items()}}
    procs = stack.enter_context(processes())
    logs: list[Path] = []

    def start(*command: str) -> subprocess.Popen[bytes]:
        log = folder / f"log-{len(logs)}.txt"
        logs.append(log)
        with log.open("wb") as handle:
            process = subprocess.Popen(list(command), cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        procs.append(process)
        return process

    ports = [free_port(), free_port()]
    # what a deployment runs first (README): the schema and the catalogue, before any web process starts
    subprocess.run([str(BIN / "procurement"), "setup"], env=env, cwd=ROOT, check=True, capture_output=True)
    start(str(BIN / "waitress-serve"), "--threads", "4", f"--port={ports[0]}", "wsgi:app")
    manage.wait_for_port(ports[0], 120)
    start(str(BIN / "waitress-serve"), "--threads", "4", f"--port={ports[1]}", "wsgi:app")
    manage.wait_for_port(ports[1], 120)
    roles = [a for role in ("aankoopdienst", "aankoper", "duurzaamheid", "beheerder") for a in ("--role", role)]
    subprocess.run([str(BIN / "procurement"), "users", "create", "meting", "--password-stdin", *roles],
                   input=PASSWORD.encode(), env=env, cwd=ROOT, check=True, capture_output=True)
    workers = [start(str(BIN / "procurement"), "worker"), start(str(BIN / "procurement"), "worker")]

    bases = [f"http://127.0.0.1:{port}" for port in ports]
    document = cleaning_bestek(extra=[f"Artikel {i}. De opdrachtnemer reinigt lokaal {i} volgens het schema."
                                      for i in range(300)])
    tally = Tally()
    stop_reading = threading.Event()
    run_id = uuid.uuid4().hex[:6]

    def uploader(number: int) -> None:
        browser = Browser(bases[number % 2])
        browser.sign_in("meting")
        status = browser.upload(f"Belasting {run_id} {number:03d}", document)
        with tally.lock:
            tally.upload_status.append(status)
            tally.server_errors += status >= 500

    def reader(number: int) -> None:
        browser = Browser(bases[number % 2])
        browser.sign_in("meting")
        for _ in range(2000):  # bounded; ends when everything is done
            if stop_reading.is_set():
                return
            for path in ("/bestekken/", "/bestekken/1", "/"):
                began = time.monotonic()
                status, page = browser.request(path)
                with tally.lock:
                    tally.page_seconds.append(time.monotonic() - began)
                    tally.server_errors += status >= 500
                    tally.locked += "database is locked" in page
            time.sleep(0.05)

    began = time.monotonic()
    readers_threads = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(readers)]
    for thread in readers_threads:
        thread.start()
    upload_threads = [threading.Thread(target=uploader, args=(i,)) for i in range(uploads)]
    for thread in upload_threads:
        thread.start()

    # kill -9 a worker that RQ says is busy, once some analyses are done (its process group: the worker and its
    # sandbox children); its supervisor starts a new one, as systemd would
    from redis import Redis
    from rq import Worker
    from sqlalchemy import create_engine, text

    engine = create_engine(uri)
    redis = Redis.from_url(redis_url)
    killed_at = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and killed_at is None:
        with engine.connect() as connection:
            done = connection.scalar(text("select count(*) from analysis where status = 'done'"))
        busy = {w.pid for w in Worker.all(connection=redis) if w.get_state() == "busy" and w.get_current_job_id()}
        victim = next((w for w in workers if w.pid in busy), None)
        if done and victim is not None:
            os.killpg(victim.pid, signal.SIGKILL)
            victim.wait()
            killed_at = time.monotonic() - began
            start(str(BIN / "procurement"), "worker")
        time.sleep(0.05)
    for thread in upload_threads:
        thread.join(120)

    finished = None
    deadline = time.monotonic() + ALL_DONE_SECONDS
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            open_count = connection.scalar(text("select count(*) from analysis where status in ('queued', 'running')"))
        if open_count == 0:
            finished = time.monotonic() - began
            break
        time.sleep(0.2)
    stop_reading.set()
    for thread in readers_threads:
        thread.join(30)

    with engine.connect() as connection:
        titles = dict(connection.execute(
            text("select title, count(*) from tender where title like :p group by title"),
            {"p": f"Belasting {run_id} %"}).all())
        statuses = dict(connection.execute(text("select status, count(*) from analysis group by status")).all())
        done_lines = connection.execute(text(
            "select analysis_id, count(*) from audit_event where action = 'analysis.done' group by analysis_id"
            " having count(*) > 1")).all()
        retries = connection.scalar(text("select count(*) from audit_event where action = 'analysis.retry'"))
    engine.dispose()
    accepted = sum(1 for s in tally.upload_status if s == 302)
    lost = accepted - len(titles)
    duplicated = sum(c - 1 for c in titles.values() if c > 1) + len(done_lines)
    locked_in_logs = sum(log.read_text("utf-8", "replace").count("database is locked") for log in logs)
    pages = sorted(tally.page_seconds)
    return {
        "database": database,
        "uploads": uploads, "accepted": accepted, "lost": lost, "duplicated": duplicated,
        "upload answers": dict(sorted(Counter(tally.upload_status).items())),  # 302 accepted; 200 a refused form
        "500s": tally.server_errors, "database is locked": tally.locked + locked_in_logs,
        "analyses": statuses, "retries after the kill": retries,
        "pages": len(pages),
        "page p50 ms": round(1000 * statistics.median(pages)) if pages else None,
        "page p95 ms": round(1000 * pages[int(0.95 * (len(pages) - 1))]) if pages else None,
        "worker killed at s": round(killed_at, 1) if killed_at is not None else None,
        "all done after s": round(finished, 1) if finished is not None else f"not within {ALL_DONE_SECONDS} s",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=24)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    for database in args.databases.split(","):
        with ExitStack() as stack:
            result = run(database, args.uploads, args.readers, stack)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
