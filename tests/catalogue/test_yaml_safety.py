"""Catalogue YAML: dates stay text (a catalogue is stored as JSON), uploads may not use aliases."""

from __future__ import annotations

import json

import pytest

from procurement.catalogue.loader import CatalogueError, load, parse_yaml


def test_a_date_in_uploaded_yaml_stays_text_so_the_catalogue_can_be_stored_as_json() -> None:
    data = parse_yaml("catalogue.yaml", 'label: "2026.2"\nupdated: 2026-01-01\n')

    assert data["updated"] == "2026-01-01"
    assert json.dumps(data)


def test_anchors_and_aliases_in_uploaded_yaml_are_refused_with_the_file_named() -> None:
    laughs = 'a: &a ["ha", "ha"]\nb: [*a, *a]\nc: [*b, *b]\n'

    with pytest.raises(CatalogueError, match="catalogue.yaml.*aliassen"):
        parse_yaml("catalogue.yaml", laughs)


def test_the_repository_catalogue_still_loads_with_the_fast_loader() -> None:
    assert len(load().criteria) >= 150
