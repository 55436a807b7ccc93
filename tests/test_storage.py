"""Where originals live: a folder, or the database (ORIGINALS="database") that every machine reaches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from builders import DOCX_NAME, cleaning_bestek, post_tender
from flask import Flask
from sqlalchemy import func, select

from procurement.extensions import db, originals
from procurement.models import Original
from procurement.storage import DatabaseStorage


def test_originals_in_the_database_are_kept_once_per_content_and_read_back_byte_for_byte(app: Flask) -> None:
    with app.app_context():
        storage = DatabaseStorage(db.engine)
        key, created = storage.save(b"bestek")
        again, created_again = storage.save(b"bestek")

        assert (again, created, created_again) == (key, True, False)
        assert storage.read(key) == b"bestek" and storage.exists(key)
        assert db.session.scalar(select(func.count()).select_from(Original)) == 1
        storage.remove(key)
        assert not storage.exists(key)


def test_with_originals_in_the_database_an_upload_is_analysed_and_downloaded_and_no_file_is_written(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    app = make_app(ORIGINALS="database")
    client = app.test_client()
    data = cleaning_bestek()

    assert post_tender(client, [(DOCX_NAME, data)]).status_code == 302

    assert isinstance(originals(app), DatabaseStorage)
    assert "Resultaat" in client.get("/bestekken/1").get_data(as_text=True)
    with client.get("/bestekken/1/documenten/1") as response:
        assert response.status_code == 200 and response.data == data
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").rglob("*"))
