"""`procurement annotate`: the bestek back as Word with comments and tracked insertions; clear refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
from docx.oxml.ns import qn

from tests.documents.pdfmaker import Line, make_pdf
from tests.reports.wordfiles import bestek


def run_annotate(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "procurement.cli", "annotate", *args], capture_output=True, text=True, cwd=cwd
    )


def test_annotate_writes_the_annotated_copy_and_says_what_it_put_in(tmp_path: Path) -> None:
    source = tmp_path / "bestek.docx"
    data = bestek(award=False)
    source.write_bytes(data)

    result = run_annotate(str(source), "-o", "geannoteerd.docx", "--product-group", "cleaning-services", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    out = docx.Document(tmp_path / "geannoteerd.docx")
    comments = len(out.comments)
    insertions = sum(1 for p in out.element.body.iter(qn("w:p")) if p.find("w:pPr/w:rPr/w:ins", p.nsmap) is not None)
    assert comments > 0 and insertions > 0
    assert result.stdout.startswith(f"geannoteerd.docx: {comments} opmerkingen, ")
    assert "nieuwe delen op het einde: Gunningscriteria" in result.stdout
    assert source.read_bytes() == data  # the original is left alone
    assert not list(tmp_path.glob(".*.part"))


def test_annotate_refuses_a_pdf_with_the_reason_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "bestek.pdf"
    source.write_bytes(make_pdf([[Line("De opdrachtnemer levert gerecycleerd papier.")]]))

    result = run_annotate(str(source), "-o", "uit.docx", cwd=tmp_path)

    assert result.returncode == 2
    assert "Enkel een Word-bestand (.docx) krijgt een geannoteerde kopie" in result.stderr
    assert not (tmp_path / "uit.docx").exists()


def test_annotate_never_overwrites_the_original_and_refuses_unknown_groups(tmp_path: Path) -> None:
    source = tmp_path / "bestek.docx"
    data = bestek()
    source.write_bytes(data)

    same = run_annotate(str(source), "-o", str(source), cwd=tmp_path)
    unknown = run_annotate(str(source), "-o", "uit.docx", "--product-group", "ruimtevaart", cwd=tmp_path)

    assert same.returncode == 2 and "mag het origineel niet overschrijven" in same.stderr
    assert unknown.returncode == 2 and "onbekende productgroep" in unknown.stderr
    assert source.read_bytes() == data and not (tmp_path / "uit.docx").exists()
