"""`procurement serve` starts the embedded default under waitress: database, catalogue, demo, worker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from procurement.config import ROOT
from procurement.demo import DEMO_TITLE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_starts_the_app_with_the_demo_on_the_first_screen(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PROCUREMENT_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'serve.sqlite'}",
        "PROCUREMENT_UPLOAD_DIR": str(tmp_path / "uploads"),
        "PROCUREMENT_SECRET_KEY": "serve-test",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "procurement.cli", "serve", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert DEMO_TITLE in page, process.stdout.read() if process.poll() is not None else "no answer"
        assert "klaar" in page  # the demo was analysed before the first screen
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in output
