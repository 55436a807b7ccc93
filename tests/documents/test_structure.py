"""Shared text rules: whitespace, hyphenation, heading lines, sections and numbering."""

from __future__ import annotations

import pytest

from procurement.documents.structure import RawBlock, assemble, heading_level, join_lines, normalise


def test_normalise_collapses_spaces_and_drops_soft_hyphens_and_zero_width_marks() -> None:
    assert (
        normalise(" Een\u00a0 tekst\tmet af\u00adbreking\u200b en ﬁets ")
        == "Een tekst met afbreking en fiets"
    )


def test_normalise_keeps_newlines_only_when_asked() -> None:
    assert normalise("regel een \n\n regel twee") == "regel een regel twee"
    assert normalise("regel een \n\n regel twee", keep_newlines=True) == "regel een\nregel twee"


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["ver-", "plicht"], "verplicht"),
        (["het FSC-", "label"], "het FSC-label"),
        (["in Noord-", "Brabant"], "in Noord-Brabant"),
        (["CO2-", "uitstoot"], "CO2-uitstoot"),
        (["beleids-", "en uitvoeringsregels"], "beleids- en uitvoeringsregels"),
        (["2020-", "2024"], "2020-2024"),
        (["gewone", "regel"], "gewone regel"),
    ],
)
def test_join_lines_undoes_hyphenation_but_keeps_real_hyphens(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("3.2 Sociale bepalingen", 2),
        ("3.2.1. Kinderarbeid", 3),
        ("1. Inleiding", 1),
        ("B.1. VOORWERP EN AARD VAN DE OPDRACHT", 2),
        ("Artikel 14 – Prijsherziening", 2),
        ("Art. 7 Waarborg", 2),
        ("Hoofdstuk 3 Technische bepalingen", 1),
        ("BIJZONDERE UITVOERINGSVOORWAARDEN", 1),
        ("# Titel", 1),
        ("De opdrachtnemer levert gerecycleerd papier.", None),
        ("3.2 Sociale bepalingen ..... 14", None),
        ("1.1 Inkopende organisatie 6", None),
        ("15 juni 2023 werd het verbod van kracht", None),
        ("Versiebeheer:", None),
        ("• OPSOMMING", None),
        ("BTW", None),
    ],
)
def test_heading_level_recognises_numbered_named_and_capital_headings(line: str, level: int | None) -> None:
    assert heading_level(line) == level


def test_assemble_numbers_blocks_and_gives_each_the_nearest_heading_above() -> None:
    blocks = assemble(
        [
            RawBlock("Inleiding zonder kop."),
            RawBlock("  ", "paragraph"),
            RawBlock("Sociale bepalingen", "heading", 2, page=3),
            RawBlock("cel een\n\ncel twee", "table-cell", page=3),
            RawBlock("Kop zonder niveau", "heading"),
        ]
    )

    assert [(b.text, b.location.paragraph, b.location.section, b.location.page) for b in blocks] == [
        ("Inleiding zonder kop.", 1, None, None),
        ("Sociale bepalingen", 2, "Sociale bepalingen", 3),
        ("cel een\ncel twee", 3, "Sociale bepalingen", 3),
        ("Kop zonder niveau", 4, "Kop zonder niveau", None),
    ]
    assert [b.level for b in blocks] == [None, 2, None, 1]
