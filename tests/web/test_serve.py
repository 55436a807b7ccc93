"""`procurement serve` starts the embedded default under waitress: database, catalogue, demo, demo accounts, worker."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from procurement.config import ROOT
from procurement.demo import DEMO_TITLE
from procurement.web.serve import embedded_overrides, is_loopback

DEMO_LINE = re.compile(r"^\s+(demo-\S+)\s+wachtwoord (\S+)\s+rol (\S+)$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_demo_accounts_and_the_example_tender_belong_to_the_embedded_default_only() -> None:
    loopback = {"TRUSTED_HOSTS": ["127.0.0.1", "localhost", "::1", "[::1]"]}
    # README's `manage.py run`: nothing configured
    assert embedded_overrides({}) == {"DEMO_ACCOUNTS": True, "SEED_DEMO": True, **loopback}
    assert embedded_overrides({"PROCUREMENT_SQLALCHEMY_DATABASE_URI": "postgresql://db/x"}) == loopback
    # the environment decides itself
    assert embedded_overrides({"PROCUREMENT_DEMO_ACCOUNTS": "false"}) == {"SEED_DEMO": True, **loopback}
    assert embedded_overrides({"PROCUREMENT_SEED_DEMO": "false"}) == {"DEMO_ACCOUNTS": True, **loopback}
    assert "TRUSTED_HOSTS" not in embedded_overrides({"PROCUREMENT_TRUSTED_HOSTS": '["aankopen.stad.be"]'})


def test_serve_on_a_host_other_computers_can_reach_turns_the_demo_accounts_off() -> None:
    for host in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"):
        assert is_loopback(host), host
        assert embedded_overrides({}, host=host)["DEMO_ACCOUNTS"] is True
    for host in ("0.0.0.0", "", "::", "192.168.1.10", "10.0.0.1", "example.org", "localhost.example.org"):
        assert not is_loopback(host), host
        assert embedded_overrides({}, host=host)["DEMO_ACCOUNTS"] is False
    # even when the environment asked for them
    assert embedded_overrides({"PROCUREMENT_DEMO_ACCOUNTS": "true"}, host="0.0.0.0") == {
        "DEMO_ACCOUNTS": False, "SEED_DEMO": True,
    }  # and no trusted hosts chosen for it: the environment must list them


@pytest.mark.slow
def test_serve_prints_the_demo_accounts_and_one_of_them_sees_the_demo_on_the_first_screen(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PROCUREMENT_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'serve.sqlite'}",
        "PROCUREMENT_UPLOAD_DIR": str(tmp_path / "uploads"),
        "PROCUREMENT_SECRET_KEY": "serve-test-" + "k" * 32,
        "PROCUREMENT_DEMO_ACCOUNTS": "true",  # as the embedded default does (its database is set here)
        "PROCUREMENT_SEED_DEMO": "true",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "procurement.cli", "serve", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    base = f"http://127.0.0.1:{port}"
    try:
        login_page = ""
        deadline = time.monotonic() + 120  # the first start seeds the real-size demo
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with opener.open(f"{base}/", timeout=2) as response:  # anonymous: the login page
                    login_page = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "Aanmelden" in login_page and "Demo-omgeving" in login_page, "".join(lines) or "no answer"
        accounts = {m.group(3): (m.group(1), m.group(2)) for m in map(DEMO_LINE.match, lines) if m}
        assert set(accounts) == {"aankoopdienst", "aankoper", "duurzaamheid", "beheerder"}
        name, password = accounts["aankoopdienst"]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)
        assert token
        form = urllib.parse.urlencode({"name": name, "password": password, "csrf_token": token.group(1)}).encode()
        with opener.open(f"{base}/aanmelden", data=form, timeout=10) as response:
            page = response.read().decode()
        assert DEMO_TITLE in page and "klaar" in page  # the demo was analysed before the first screen
        assert "demo-account" in page  # marked as a demo in the UI
    finally:
        process.terminate()
        process.wait(timeout=10)
        reader.join(5)
        process.stdout.close()  # type: ignore[union-attr]
    assert f"http://127.0.0.1:{port}/" in "".join(lines)
    assert "DEMO-accounts" in "".join(lines)
