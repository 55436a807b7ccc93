#!/usr/bin/env python3
"""Set-up and day-to-day commands that need nothing but python3: `run` the app, `test` everything.

    python3 manage.py run     # creates .venv, installs, starts http://127.0.0.1:5000
    python3 manage.py test    # creates .venv, installs (with Chromium and LibreOffice for tests), ruff, mypy, pytest

Standard library only: this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


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
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *args], cwd=ROOT, env=env)


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
