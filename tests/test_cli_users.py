"""`procurement users create` makes the first administrator: a password asked or read from stdin, never a default."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from procurement.cli import main


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sqlite"
    monkeypatch.setenv("PROCUREMENT_SQLALCHEMY_DATABASE_URI", f"sqlite:///{path}")
    monkeypatch.setenv("PROCUREMENT_UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.setenv("PROCUREMENT_SECRET_KEY", "cli-test-" + "k" * 32)
    assert main(["setup"]) == 0  # what a deployment runs before the first administrator is made
    return path


def accounts(path: Path) -> list[tuple[str, str, str]]:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text("select name, roles, password_hash from account"))]
    finally:
        engine.dispose()


def test_the_first_administrator_is_made_with_a_password_from_stdin(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("een lang beheerderswachtwoord\n"))

    status = main(["users", "create", "Beheer", "--role", "beheerder", "--password-stdin"])

    assert status == 0
    assert "Gebruiker beheer aangemaakt" in capsys.readouterr().out
    ((name, roles, hashed),) = accounts(database)
    assert name == "beheer" and "beheerder" in roles and hashed.startswith("$argon2id$")


def test_the_password_is_asked_twice_without_echo(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["een lang wachtwoord 1", "een lang wachtwoord 2"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))

    assert main(["users", "create", "twee", "--role", "aankoper"]) == 2
    assert accounts(database) == []


def test_a_weak_password_or_an_unknown_role_is_refused(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))

    assert main(["users", "create", "zwak", "--role", "beheerder", "--password-stdin"]) == 2
    assert "minstens 12 tekens" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["users", "create", "x", "--role", "koning", "--password-stdin"])
    assert accounts(database) == []


def test_a_forgotten_password_is_reset_from_the_command_line(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("een lang beheerderswachtwoord\n"))
    main(["users", "create", "beheer", "--role", "beheerder", "--password-stdin"])
    before = accounts(database)[0][2]
    monkeypatch.setattr("sys.stdin", io.StringIO("een ander lang wachtwoord\n"))

    assert main(["users", "password", "beheer", "--password-stdin"]) == 0
    assert accounts(database)[0][2] != before
    main(["users", "list"])
    assert "beheer" in capsys.readouterr().out
