"""`procurement check` honours its contract: JSON shape, exit codes, no database, readable text output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from procurement.catalogue import THEMES

STATUSES = {"met", "partial", "missing", "not_applicable"}
ILO_CLAUSE = (
    "De opdrachtnemer verbindt zich ertoe de basisverdragen van de Internationale Arbeidsorganisatie (IAO) na te "
    "leven: het verbod op dwangarbeid (nr. 29 en 105), de vrijheid van vereniging (nr. 87 en 98), gelijke beloning "
    "en geen discriminatie (nr. 100 en 111) en het verbod op kinderarbeid (nr. 138 en 182). Dit geldt ook voor "
    "zijn onderaannemers en leveranciers."
)


def run_check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "procurement.cli", "check", *args], capture_output=True, text=True, cwd=cwd
    )


def make_bestek(path: Path, clause: str | None) -> Path:
    document = docx.Document()
    document.add_heading("Bestek schoonmaak van de stadsgebouwen", level=1)
    document.add_heading("Voorwerp van de opdracht", level=2)
    document.add_paragraph("Deze opdracht betreft de schoonmaak van kantoren. CPV 90910000-9 Schoonmaakdiensten.")
    document.add_heading("Bijzondere uitvoeringsvoorwaarden", level=2)
    if clause:
        document.add_paragraph(clause)
    document.add_paragraph("De betaling gebeurt binnen dertig dagen na ontvangst van de factuur.")
    document.save(path)
    return path


@pytest.fixture
def bestek(tmp_path: Path) -> Path:
    return make_bestek(tmp_path / "bestek-schoonmaak.docx", ILO_CLAUSE)


def test_json_output_has_the_contract_shape(bestek: Path, tmp_path: Path) -> None:
    result = run_check(str(bestek), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) >= {"catalogue_version", "engine_version", "documents"}
    (doc,) = out["documents"]
    assert doc["file"] == str(bestek)
    assert doc["error"] is None
    assert set(doc["themes"]) == set(THEMES)
    for theme in doc["themes"].values():
        assert set(theme) == {"score", "met", "partial", "missing", "applicable"}
        assert theme["score"] is None or 0 <= theme["score"] <= 100
    assert 0 <= doc["score"] <= 100 and round(doc["score"], 1) == doc["score"]
    assert isinstance(doc["essential_complete"], bool)
    for finding in doc["findings"]:
        assert finding["status"] in STATUSES
        assert finding["theme"] in THEMES
        assert {"criterion", "type", "essential", "similarity", "missing_elements", "evidence"} <= set(finding)
        if finding["status"] == "missing":
            assert finding["evidence"] == []
        for evidence in finding["evidence"]:
            assert evidence["text"]
            assert evidence["location"]["paragraph"] >= 1
            assert evidence["location"]["page"] is None


def test_the_ilo_clause_is_found_with_its_evidence_and_location(bestek: Path, tmp_path: Path) -> None:
    out = json.loads(run_check(str(bestek), "--format", "json", cwd=tmp_path).stdout)
    finding = next(f for f in out["documents"][0]["findings"] if f["criterion"] == "hr-ilo-core-conventions")
    assert finding["status"] == "met"
    assert "Internationale Arbeidsorganisatie" in finding["evidence"][0]["text"]
    assert finding["evidence"][0]["location"]["section"] == "Bijzondere uitvoeringsvoorwaarden"


def test_a_cpv_code_reveals_the_product_group(bestek: Path, tmp_path: Path) -> None:
    out = json.loads(run_check(str(bestek), "--format", "json", cwd=tmp_path).stdout)
    groups = out["documents"][0]["product_groups"]
    assert {"id": "cleaning-services", "source": "detected", "evidence": "CPV 90910000"} in groups


def test_a_given_product_group_skips_detection(bestek: Path, tmp_path: Path) -> None:
    out = json.loads(run_check(str(bestek), "--product-group", "catering", "--format", "json", cwd=tmp_path).stdout)
    assert out["documents"][0]["product_groups"] == [{"id": "catering", "source": "given", "evidence": "opgegeven"}]


def test_an_unreadable_file_exits_2_names_the_file_and_the_others_are_still_checked(
    bestek: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "kapot.docx"
    broken.write_bytes(b"PK\x03\x04 dit is geen echt document")
    result = run_check(str(broken), str(bestek), "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{broken}:")
    docs = json.loads(result.stdout)["documents"]
    assert docs[0]["error"] and docs[0]["findings"] == []
    assert docs[1]["error"] is None and docs[1]["findings"]


def test_a_missing_file_exits_2_with_a_dutch_reason(tmp_path: Path) -> None:
    result = run_check(str(tmp_path / "bestaat-niet.docx"), "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    assert "bestaat niet" in result.stderr


def test_all_criteria_judges_criteria_outside_the_product_groups(bestek: Path, tmp_path: Path) -> None:
    out = json.loads(run_check(str(bestek), "--all-criteria", "--format", "json", cwd=tmp_path).stdout)
    assert all(f["status"] != "not_applicable" for f in out["documents"][0]["findings"])


def test_text_output_is_a_readable_dutch_summary(bestek: Path, tmp_path: Path) -> None:
    result = run_check(str(bestek), "--format", "text", cwd=tmp_path)
    assert result.returncode == 0
    assert "Score:" in result.stdout and "Essentiële criteria volledig" in result.stdout


def test_check_writes_nothing_to_disk_not_even_to_a_configured_database(bestek: Path, tmp_path: Path) -> None:
    database, uploads = tmp_path / "db" / "procurement.sqlite", tmp_path / "uploads"
    env = {
        **os.environ,
        "PROCUREMENT_SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "PROCUREMENT_UPLOAD_DIR": str(uploads),
    }
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = subprocess.run(
        [sys.executable, "-m", "procurement.cli", "check", str(bestek), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0
    assert not database.exists() and not database.parent.exists() and not uploads.exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_the_same_input_gives_the_same_output_whatever_the_hash_seed(bestek: Path, tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.append(
            subprocess.run(
                [sys.executable, "-m", "procurement.cli", "check", str(bestek), "--all-criteria", "--format", "json"],
                capture_output=True,
                text=True,
                cwd=tmp_path,
                env=env,
            ).stdout
        )
    assert outputs[0] == outputs[1] and json.loads(outputs[0])["documents"][0]["findings"]


def test_hostile_files_each_get_one_dutch_line_on_stderr_and_the_rest_is_checked(bestek: Path, tmp_path: Path) -> None:
    import zipfile

    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as member:  # 200 MB of zeros, streamed
            chunk = b"0" * (1 << 20)
            for _ in range(200):
                member.write(chunk)
    odd = tmp_path / "rare\nnaam é.pdf"
    odd.write_bytes(b"%PDF-1.7\n kapot")
    empty = tmp_path / "leeg.docx"
    empty.write_bytes(b"")
    result = run_check(str(bomb), str(odd), str(empty), str(bestek), "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3, lines
    assert "zip-bom" in lines[0] and "leeg" in lines[2]
    assert lines[1].startswith(str(tmp_path / "rare?naam é.pdf"))
    docs = json.loads(result.stdout)["documents"]
    assert [bool(d["error"]) for d in docs] == [True, True, True, False]


def test_a_product_group_given_twice_is_listed_once(bestek: Path, tmp_path: Path) -> None:
    result = run_check(
        str(bestek), "--product-group", "catering", "--product-group", "catering", "--format", "json", cwd=tmp_path
    )
    assert [g["id"] for g in json.loads(result.stdout)["documents"][0]["product_groups"]] == ["catering"]


def test_a_device_is_refused_instead_of_read_without_end(tmp_path: Path) -> None:
    result = run_check("/dev/zero", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2 and "geen gewoon bestand" in result.stderr
