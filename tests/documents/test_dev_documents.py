"""The development evaluation set parses: every file, and every evidence quote lands whole in one block."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from procurement.documents import Document, parse

DEV = Path("/work/shared/eval/dev")
CASES = json.loads((DEV / "cases.json").read_text("utf-8"))["cases"] if (DEV / "cases.json").exists() else []
LARGEST = {"dev-004.txt", "dev-012.pdf", "dev-051.pdf", "dev-018.docx", "dev-028.docx", "dev-040.docx"}

pytestmark = pytest.mark.skipif(not CASES, reason="evaluation set not present on this machine")


def flat(text: str) -> str:
    return " ".join(text.split()).casefold()


def read(name: str) -> Document:
    return parse((DEV / name).read_bytes(), name)


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_dev_document_parses_and_holds_each_evidence_quote_in_one_block(case: dict[str, object]) -> None:
    name = str(case["file"])
    document = read(name)

    assert document.format == name.rsplit(".", 1)[1]
    assert len(document.blocks) > (20 if name in LARGEST else 3)
    for evidence in case["evidence"]:  # type: ignore[attr-defined]
        quote = flat(evidence["quote"])
        assert any(quote in flat(block.text) for block in document.blocks), quote


def test_dev_pdf_sentence_over_several_lines_comes_out_unbroken() -> None:
    document = read("dev-012.pdf")

    assert (
        "Alle hout gebruikt voor regelstructuren moet het FSC- of PEFC-label dragen en de leverancier "
        "moet FSC of PEFC CoC gecertificeerd zijn:"
    ) in [block.text for block in document.blocks]
    assert document.pages == 15


def test_dev_pdf_and_its_word_twin_have_the_same_headings_in_the_same_order() -> None:
    pdf_headings = [
        b.text for b in read("dev-012.pdf").blocks if b.kind == "heading" and (b.location.page or 0) > 2
    ]
    docx_headings = [b.text for b in read("dev-018.docx").blocks if b.kind == "heading"]

    assert pdf_headings[:12] == docx_headings[2:14]
