"""Importing the catalogue from a zip as people make them: Finder's extras, clashing names, too many files."""

from __future__ import annotations

import io
import zipfile

import pytest
import yaml
from flask import Flask
from sqlalchemy import select

from procurement.extensions import db
from procurement.models import CatalogueVersion
from procurement.services import catalogue_edit as edit

LABEL = yaml.safe_dump({"label": "2026.4"}).encode()
RESOURCE_FORK = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \xff\xfe"  # not UTF-8, not YAML


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_made_by_macos_finder_imports_without_its_resource_forks(app: Flask) -> None:
    keeper = app.test_client(roles=("duurzaamheid",))
    archive = zipped({
        "criteria/catalogue.yaml": LABEL,
        "criteria/._catalogue.yaml": RESOURCE_FORK,
        "__MACOSX/criteria/._catalogue.yaml": RESOURCE_FORK,
        "__MACOSX/criteria/catalogue.yaml": RESOURCE_FORK,
    })

    response = keeper.post("/catalogusbeheer/importeren", content_type="multipart/form-data",
                           data={"note": "Uit de Finder.", "files": [(io.BytesIO(archive), "criteria.zip")]})

    assert response.status_code == 302
    with app.app_context():
        newest = db.session.scalars(select(CatalogueVersion).order_by(CatalogueVersion.id.desc())).first()
        assert newest is not None and newest.label == "2026.4" and newest.origin == "import"


def test_a_zip_with_the_same_file_name_in_two_folders_is_refused_in_dutch(app: Flask) -> None:
    archive = zipped({"oud/general.yaml": LABEL, "nieuw/general.yaml": LABEL})

    with app.app_context(), pytest.raises(edit.CatalogueRefused) as refused:
        edit.import_files(db.session, None, [("criteria.zip", archive)], note="Twee keer hetzelfde.")

    assert "general.yaml staat er twee keer in (oud/general.yaml en nieuw/general.yaml)" in refused.value.message


def test_a_zip_with_more_members_than_a_catalogue_has_is_refused(app: Flask) -> None:
    archive = zipped({f"criteria/extra-{i}.txt": b"" for i in range(edit.MAX_ZIP_MEMBERS + 1)})

    with app.app_context(), pytest.raises(edit.CatalogueRefused) as refused:
        edit.import_files(db.session, None, [("criteria.zip", archive)], note="Te veel.")

    assert f"te veel bestanden (maximaal {edit.MAX_ZIP_MEMBERS})" in refused.value.message
