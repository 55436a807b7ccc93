"""Control characters in the catalogue's YAML (the folder, an uploaded file, the import zip) are refused, in Dutch,
naming the criterion and the field; the forms strip them (tests/web/test_security.py, test_catalogue_edit.py)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from procurement.catalogue import CatalogueError, default_path, load
from procurement.extensions import db
from procurement.models import CatalogueVersion
from procurement.services import catalogue_edit as edit

ILO_ID = "hr-ilo-core-conventions"
TITLE = "title: Fundamentele arbeidsnormen van de IAO in de hele toeleveringsketen"
LABEL = "label: verbod op dwangarbeid (IAO-verdragen 29 en 105)"


def general(old: str, new: str) -> str:
    text = (default_path() / "general.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def folder_with(tmp_path: Path, general_text: str) -> Path:
    folder = tmp_path / "criteria"
    shutil.copytree(default_path(), folder)
    (folder / "general.yaml").write_text(general_text, encoding="utf-8")
    return folder


def test_an_escaped_control_character_in_a_criterion_of_the_folder_is_refused_naming_criterion_and_field(
    tmp_path: Path,
) -> None:
    folder = folder_with(tmp_path, general(TITLE, 'title: "Fundamentele\\a arbeidsnormen van de IAO"'))

    with pytest.raises(CatalogueError) as refused:
        load(folder)

    error = refused.value
    assert (error.file, error.item, error.field) == ("general.yaml", ILO_ID, "title")
    assert str(error) == ("general.yaml, hr-ilo-core-conventions, veld 'title': bevat een onzichtbaar stuurteken "
                          "(U+0007); haal het weg (enkel tab en regeleinde zijn toegelaten)")


def test_a_control_character_typed_into_the_yaml_text_is_refused_in_dutch_with_its_line(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, general(LABEL, LABEL.replace("dwangarbeid", "dwang\x1barbeid")))

    with pytest.raises(CatalogueError) as refused:
        load(folder)

    error = refused.value
    assert (error.item, error.field) == (ILO_ID, "recognition.elements[forced-labour].label")
    line = (folder / "general.yaml").read_text(encoding="utf-8").split("\x1b")[0].count("\n") + 1
    assert f"regel {line} bevat een onzichtbaar stuurteken (U+001B)" in error.message
    assert "unacceptable" not in str(error)  # not PyYAML's English


def test_tab_and_line_breaks_stay_allowed(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, general(TITLE, 'title: "Fundamentele\\tarbeidsnormen van de IAO"'))

    assert load(folder).criterion(ILO_ID).title == "Fundamentele arbeidsnormen van de IAO"  # a space, as ever


@pytest.mark.parametrize("text", [
    general(LABEL, 'label: "verbod op dwangarbeid\\x07"'),
    general(LABEL, LABEL + "\x07"),
])
def test_the_import_zip_refuses_a_control_character_naming_criterion_and_field(app: Flask, text: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("criteria/general.yaml", text.encode("utf-8"))
    keeper = app.test_client(roles=("duurzaamheid",))

    response = keeper.post("/catalogusbeheer/importeren", content_type="multipart/form-data",
                           data={"note": "Uit git.", "files": [(io.BytesIO(buffer.getvalue()), "criteria.zip")]})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ("general.yaml, hr-ilo-core-conventions, veld &#39;recognition.elements[forced-labour].label&#39;: "
            in page) and "bevat een onzichtbaar stuurteken (U+0007)" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(CatalogueVersion.id))) == 1
        with pytest.raises(edit.CatalogueRefused):
            edit.import_files(db.session, None, [("general.yaml", text.encode("utf-8"))], note="Los bestand.")
