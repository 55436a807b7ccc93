"""The catalogue check refuses phrases that say nothing alone, and checks `refines` and the look-alikes (`not:`)."""

from __future__ import annotations

import copy

import pytest

from procurement.catalogue import CatalogueError, from_data
from procurement.catalogue.loader import read_files
from procurement.catalogue_lint import lint, negative_check, phrase_problems


@pytest.fixture(scope="module")
def files():
    return read_files()


def criterion_raw(files, criterion_id: str) -> dict:
    for data in files.values():
        for raw in (data or {}).get("criteria", []) if isinstance(data, dict) else ():
            if raw.get("id") == criterion_id:
                return raw
    raise KeyError(criterion_id)


def test_the_repository_catalogue_has_no_bare_number_or_generic_word_as_a_phrase(files) -> None:
    assert phrase_problems(from_data(files)) == []


def test_a_bare_number_a_generic_word_and_a_two_letter_word_are_refused(files) -> None:
    changed = copy.deepcopy(files)
    raw = criterion_raw(changed, "hr-ilo-core-conventions")
    raw["recognition"]["phrases"] = [*raw["recognition"]["phrases"], "29", "leveranciers", "de"]
    problems = phrase_problems(from_data(changed), only={"hr-ilo-core-conventions"})
    assert len(problems) == 3
    assert any("'29' is een los getal" in p for p in problems)
    assert any("'leveranciers' is een algemeen woord" in p for p in problems)
    assert any("'de' is te kort" in p for p in problems)


def test_equivalence_words_are_refused_in_an_element_of_the_requirement_itself(files) -> None:
    changed = copy.deepcopy(files)
    raw = criterion_raw(changed, "san-env-ecolabel-soap")
    label = next(e for e in raw["recognition"]["elements"] if e["id"] == "label")
    label["phrases"] = [*label["phrases"], "of gelijkwaardig"]
    problems = phrase_problems(from_data(changed), only={"san-env-ecolabel-soap"})
    assert problems == [
        "san-env-ecolabel-soap: element 'label': frase 'of gelijkwaardig' zegt wat ook aanvaard wordt, niet wat "
        "geëist wordt (elk bestek zegt 'of gelijkwaardig'); zet ze in een element 'equivalent' of 'proof'"
    ]
    label["phrases"].remove("of gelijkwaardig")
    label["id"] = "equivalent"  # where they belong: an element about what else is accepted
    label["phrases"].append("of gelijkwaardig")
    assert phrase_problems(from_data(changed), only={"san-env-ecolabel-soap"}) == []


def test_a_label_and_its_proof_without_the_substances_do_not_make_the_chemicals_criterion_met(files) -> None:
    from procurement.documents.model import Block, Document, Location
    from procurement.matching import compile_catalogue

    matcher = compile_catalogue(from_data(files))
    # a clause of organic cotton: GOTS named, a certificate asked, an equivalent accepted; nothing of what the
    # chemicals criterion requires (which substances, which label level) beyond the label's name
    text = ("De katoen van de werkkleding is voor 100 % biologisch geteeld. De inschrijver bezorgt het "
            "GOTS-certificaat of een gelijkwaardig bewijs.")
    blocks = (Block("Technische specificaties", "heading", Location("Technische specificaties", 1), level=2),
              Block(text, "paragraph", Location("Technische specificaties", 2)))
    report = matcher.run(Document("b.docx", "docx", blocks), product_groups=["work-clothing"])
    chemicals = next(f for f in report.findings if f.criterion == "cloth-env-hazardous-chemicals")
    assert chemicals.status != "met"


def test_a_qualified_number_and_a_standard_number_are_accepted(files) -> None:
    changed = copy.deepcopy(files)
    raw = criterion_raw(changed, "hr-ilo-core-conventions")
    raw["recognition"]["phrases"] = [*raw["recognition"]["phrases"], "nr 29", "14001"]
    assert phrase_problems(from_data(changed), only={"hr-ilo-core-conventions"}) == []


def test_a_look_alike_that_the_matcher_finds_is_reported(files) -> None:
    changed = copy.deepcopy(files)
    raw = criterion_raw(changed, "hr-ilo-core-conventions")
    raw["not"] = ["De opdrachtnemer verbindt zich ertoe geen kinderarbeid of dwangarbeid toe te laten, ook niet bij "
                  "zijn onderaannemers, zoals de IAO-verdragen nr. 29 en 138 bepalen."]
    problems = negative_check(from_data(changed), only={"hr-ilo-core-conventions"})
    assert len(problems) == 1 and "tegenvoorbeeld 1" in problems[0]


def test_every_look_alike_in_the_catalogue_is_refused(files) -> None:
    catalogue = from_data(files)
    assert sum(len(c.negatives) for c in catalogue.criteria) >= 10
    assert negative_check(catalogue) == []


def test_refines_must_name_a_general_criterion_of_the_same_theme(files) -> None:
    changed = copy.deepcopy(files)
    criterion_raw(changed, "clean-se-reserved-lot")["refines"] = "hr-ilo-core-conventions"
    with pytest.raises(CatalogueError, match="refines"):
        from_data(changed)
    criterion_raw(changed, "clean-se-reserved-lot")["refines"] = "bestaat-niet"
    with pytest.raises(CatalogueError, match="refines"):
        from_data(changed)


def test_a_general_criterion_is_covered_where_a_specific_one_restates_it(files) -> None:
    from procurement.documents.model import Block, Document, Location
    from procurement.matching import compile_catalogue

    catalogue = from_data(files)
    text = ("Perceel 2 is voorbehouden aan maatwerkbedrijven; ten minste 30 % van de werknemers zijn personen met een "
            "handicap, wat de inschrijver aantoont met het attest van erkenning. Het perceel omvat de schoonmaak van "
            "de kantoren.")
    doc = Document("b.docx", "docx", (Block("Voorbehouden perceel", "heading", Location(None, 1), 1),
                                      Block(text, "paragraph", Location("Voorbehouden perceel", 2))))
    report = compile_catalogue(catalogue).run(doc, product_groups=["cleaning-services"])
    by_id = {f.criterion: f for f in report.findings}
    assert by_id["clean-se-reserved-lot"].status in ("met", "partial")
    assert by_id["se-reserved-contract"].status == "not_applicable"
    assert "Gedekt door" in by_id["se-reserved-contract"].explanation


def test_the_whole_catalogue_check_passes(files) -> None:
    assert lint(from_data(files)) == []


def test_the_overlap_lint_lists_pairs_whose_clauses_are_found_as_each_other(files) -> None:
    from procurement.catalogue_lint import overlaps

    catalogue = from_data(files)
    pairs = overlaps(catalogue)
    assert all(catalogue.criterion(a).theme == catalogue.criterion(b).theme for a, b, _ in pairs)
    assert not any(catalogue.criterion(a).refines == b or catalogue.criterion(b).refines == a for a, b, _ in pairs)
    # a reserved lot restates the general reservation: `refines` settles it, so the pair is not listed
    assert ("clean-se-reserved-lot", "se-reserved-contract", "met") not in pairs


def test_the_catalogue_check_lists_overlaps_and_findings_in_ordinary_contract_text(tmp_path) -> None:
    import subprocess
    import sys
    from pathlib import Path

    folder = tmp_path / "achtergrond"
    folder.mkdir()
    (folder / "voorwaarden.txt").write_text(
        "Artikel 5 – Levering\n\nDe leverancier levert de goederen franco op het adres van de stad.\n\n"
        "Artikel 6 – Sociale clausule\n\nDe opdrachtnemer verbindt zich ertoe ten minste 5 % van de "
        "opdrachtwaarde te besteden aan de inzet van langdurig werkzoekenden, begeleid door een mentor.\n",
        encoding="utf-8",
    )
    cli = Path(sys.executable).with_name("procurement")
    out = subprocess.run([str(cli), "catalogue", "check", "--background", str(folder)], capture_output=True,
                         text=True, check=True).stdout
    assert "Overlap:" in out
    assert "Achtergrondcorpus" in out and "1 teksten" in out
    assert "se-training-work-experience" in out  # the planted clause is reported as a (false) background finding
