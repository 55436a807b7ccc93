"""The search synonyms file: read in its order, and a broken entry named with the file and group."""

from pathlib import Path

import pytest

from procurement.catalogue import CatalogueError
from procurement.search.synonyms import SYNONYMS_NAME, load_synonyms, parse_synonyms


def test_the_repository_file_holds_the_groups_in_order_first_the_canonical_form() -> None:
    groups = load_synonyms()
    assert groups[0][:2] == ("ilo", "iao")
    assert ("kleding", "kledij") in groups
    assert all(len(g) >= 2 for g in groups)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- [a, b]\n", "criteria/search/synonyms.yaml: bestand moet alleen een lijst 'synonyms' bevatten"),
        ("synonyms: []\n", "criteria/search/synonyms.yaml, veld 'synonyms': moet een niet-lege lijst van groepen zijn"),
        ("synonyms:\n  - [kleding, kledij]\n  - [mvo]\n",
         "criteria/search/synonyms.yaml, groep 2: moet een lijst van minstens twee niet-lege teksten zijn"),
        ("synonyms:\n  - [kleding, 3]\n",
         "criteria/search/synonyms.yaml, groep 1: moet een lijst van minstens twee niet-lege teksten zijn"),
        ("synonyms:\n  - [kleding, \"-\"]\n",
         "criteria/search/synonyms.yaml, groep 1 (kleding): '-' bevat geen woord van minstens twee letters"),
        ("synonyms:\n  - [kleding, kledij]\n  - [werkkleding, kledij]\n",
         "criteria/search/synonyms.yaml, groep 2 (werkkleding): 'kledij' staat ook in groep 1"),
        ("synonyms: [\n", "criteria/search/synonyms.yaml: geen geldige YAML"),
    ],
)
def test_a_broken_entry_is_refused_naming_the_file_and_group(text: str, message: str) -> None:
    with pytest.raises(CatalogueError) as refused:
        parse_synonyms(SYNONYMS_NAME, text)
    assert str(refused.value).startswith(message)


def test_a_missing_file_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"^criteria/search/synonyms.yaml: kan het bestand"):
        load_synonyms(tmp_path / "synonyms.yaml")
