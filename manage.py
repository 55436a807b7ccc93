#!/usr/bin/env python3
"""Set-up and day-to-day commands that need nothing but python3: `run` the app, `test` everything.

    python3 manage.py run     # creates .venv, installs, starts http://127.0.0.1:5000
    python3 manage.py test    # creates .venv, installs (with Chromium and LibreOffice for tests), ruff, mypy, pytest
                              # on SQLite and then on a private PostgreSQL cluster, the queue tests on a private Redis

Standard library only: this file runs before anything is installed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
POSTGRESQL_BIN = Path("/usr/lib/postgresql")  # Debian's layout: /usr/lib/postgresql/<major>/bin/initdb
REDIS_CANDIDATES = ("/usr/bin/redis-server", "/usr/local/bin/redis-server")
# the user a private PostgreSQL cluster runs as when we are root (initdb refuses root); Debian's package makes it
POSTGRES_USER = "postgres"


def sh(*args: str | os.PathLike[str], **kwargs: object) -> None:
    print("+", " ".join(map(str, args)), flush=True)
    subprocess.run([str(a) for a in args], check=True, **kwargs)  # type: ignore[call-overload]


def ensure_venv(extras: str = "dev") -> None:
    """Create .venv and install the project; reinstall only when pyproject.toml changed."""
    if not (BIN / "python").exists():
        sh(sys.executable, "-m", "venv", VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    sh(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    sh(BIN / "python", "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{extras}]")
    STAMP.write_text(wanted)


def find_chromium() -> str | None:
    for path in (os.environ.get("PROCUREMENT_CHROMIUM", ""), *CHROMIUM_CANDIDATES):
        if path and Path(path).exists():
            return path
    return shutil.which("chromium")


def ensure_chromium() -> str | None:
    """Install Debian's Chromium for the browser tests when it is missing and we may (root, apt)."""
    found = find_chromium()
    if found:
        return found
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        sh("apt-get", "update", "-qq", env=env)
        sh("apt-get", "install", "-y", "-qq", "chromium", env=env)
        return find_chromium()
    print("! Chromium not found and cannot be installed here: browser tests will fail.", flush=True)
    return None


def ensure_libreoffice() -> str | None:
    """Install Debian's LibreOffice Writer (headless) when missing and we may: a test converts an annotated
    bestek to PDF with it. Without it that one test is skipped, with the reason."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for package in ("libreoffice-writer-nogui", "libreoffice-writer"):
            try:
                sh("apt-get", "update", "-qq", env=env)
                sh("apt-get", "install", "-y", "-qq", "--no-install-recommends", package, env=env)
            except subprocess.CalledProcessError:
                continue
            found = shutil.which("soffice") or shutil.which("libreoffice")
            if found:
                return found
    print("! LibreOffice not found and cannot be installed here: its conversion test is skipped.", flush=True)
    return None


def apt_install(*packages: str) -> bool:
    """Install Debian packages when we may (root, apt); False when we may not or apt failed."""
    if not (shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0):
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        sh("apt-get", "update", "-qq", env=env)
        sh("apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages, env=env)
    except subprocess.CalledProcessError:
        return False
    return True


def find_postgresql() -> Path | None:
    """The bin folder of the newest PostgreSQL server on this machine (initdb, pg_ctl, postgres)."""
    folders = sorted(POSTGRESQL_BIN.glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name), reverse=True) \
        if POSTGRESQL_BIN.is_dir() else []
    if folders:
        return folders[0].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def ensure_postgresql() -> Path | None:
    found = find_postgresql()
    if found is None and apt_install("postgresql"):
        found = find_postgresql()
    if found is None:
        print("! PostgreSQL not found and cannot be installed here: the suite runs on SQLite only.", flush=True)
    return found


def ensure_redis() -> str | None:
    found = next((p for p in REDIS_CANDIDATES if Path(p).exists()), None) or shutil.which("redis-server")
    if found is None and apt_install("redis-server"):
        found = next((p for p in REDIS_CANDIDATES if Path(p).exists()), None) or shutil.which("redis-server")
    if found is None:
        print("! redis-server not found and cannot be installed here: the queue tests are skipped.", flush=True)
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {seconds:.0f} s")


@contextlib.contextmanager
def private_postgresql(bin_dir: Path) -> Iterator[str]:
    """A throw-away cluster in a temp folder (its socket there too) on a free port; stopped and removed after.

    As root the cluster belongs to Debian's `postgres` user (initdb refuses to run as root), made when missing.
    """
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        if subprocess.run(["id", "-u", POSTGRES_USER], capture_output=True).returncode != 0:
            sh("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", POSTGRES_USER)
        prefix = ["runuser", "-u", POSTGRES_USER, "--"]
    folder = Path(tempfile.mkdtemp(prefix="procurement-pg-"))
    data = folder / "data"
    if as_root:
        shutil.chown(folder, POSTGRES_USER)
    port = free_port()
    user = POSTGRES_USER if as_root else (os.environ.get("USER") or "postgres")
    started = False
    try:
        sh(*prefix, bin_dir / "initdb", "-D", data, "-U", user, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
           stdout=subprocess.DEVNULL)
        options = f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off " \
                  "-c full_page_writes=off -c max_connections=200"
        sh(*prefix, bin_dir / "pg_ctl", "-D", data, "-l", folder / "log", "-o", options, "-w", "-t", "60", "start",
           stdout=subprocess.DEVNULL)
        started = True
        yield f"postgresql+psycopg://{user}@/postgres?host={folder}&port={port}"
    finally:
        if started:
            subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           stdout=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def private_redis(server: str) -> Iterator[str]:
    """A redis-server on a free loopback port, its folder a temp folder, nothing saved; stopped after."""
    folder = Path(tempfile.mkdtemp(prefix="procurement-redis-"))
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "", "--appendonly", "no",
         "--daemonize", "no", "--logfile", str(folder / "log")],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def cmd_run(args: list[str]) -> int:
    ensure_venv()
    return subprocess.call([str(BIN / "procurement"), "serve", *args], cwd=ROOT)


def cmd_test(args: list[str]) -> int:
    ensure_venv()
    chromium = ensure_chromium()
    ensure_libreoffice()
    env = dict(os.environ)
    if chromium:
        env["PROCUREMENT_CHROMIUM"] = chromium
    sh(BIN / "ruff", "check", ".", cwd=ROOT)
    # the whole package; the pure core and the services strictly (pyproject.toml [tool.mypy])
    sh(BIN / "mypy", "procurement", cwd=ROOT)
    postgresql = ensure_postgresql()
    redis = ensure_redis()
    # a stopped run (SIGTERM) still stops and removes the private PostgreSQL and Redis (the ExitStack below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    pytest = [str(BIN / "python"), "-m", "pytest", *args]
    with contextlib.ExitStack() as services:
        if redis:
            env["PROCUREMENT_TEST_REDIS"] = services.enter_context(private_redis(redis))
        print("== pytest on SQLite", flush=True)
        code = subprocess.call(pytest, cwd=ROOT, env=env)
        if postgresql is None:
            return code
        env["PROCUREMENT_TEST_POSTGRESQL"] = services.enter_context(private_postgresql(postgresql))
        # the tests that touch no database ran above; on PostgreSQL only those that do (conftest.py marks them)
        print("== pytest on PostgreSQL", flush=True)
        code_pg = subprocess.call([*pytest, "-m", "database"], cwd=ROOT, env=env)
        if code_pg == 5:  # none selected (e.g. a run of pure tests only): nothing failed
            code_pg = 0
    return code or code_pg


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
