"""The one catalogue cache: per version the catalogue, its matcher, search index and bundle keys, built once;
only the most recently used versions are kept."""

from __future__ import annotations

import copy

from procurement.catalogue import Catalogue, from_data
from procurement.catalogue.loader import META_FILE
from procurement.checker import (
    MATCHER,
    SEARCH_INDEX,
    VERSIONS_KEPT,
    Checker,
    Derived,
    cached,
    checker_from_source,
    derived,
    read_folder,
)


def test_what_is_derived_from_a_version_is_built_once_and_kept_with_it() -> None:
    catalogue, files = read_folder()
    built: list[str] = []

    def criteria(c: Catalogue) -> int:
        built.append(c.version)
        return len(c.criteria)

    count = Derived("criteria", criteria)

    assert derived(catalogue, count) == derived(catalogue, count) == len(catalogue.criteria)
    assert built == [catalogue.version]
    assert Checker(catalogue).matcher is derived(catalogue, MATCHER)
    assert derived(catalogue, SEARCH_INDEX) is derived(from_data(files), SEARCH_INDEX)  # the same content


def test_only_the_most_recently_used_versions_stay() -> None:
    _, files = read_folder()
    sources = []
    for n in range(VERSIONS_KEPT + 1):
        source = copy.deepcopy(files)
        source[META_FILE] = {**(source.get(META_FILE) or {}), "label": f"2099.{n}"}
        sources.append(source)
    catalogues = [checker_from_source(from_data(s).content_hash, s).catalogue for s in sources]

    assert cached(catalogues[0].content_hash) is None  # the oldest went when one more came
    assert all(cached(c.content_hash) is not None for c in catalogues[1:])
