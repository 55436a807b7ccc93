"""Catalogue search for buyers (pure): an index per catalogue version, synonyms from criteria/search/."""

from procurement.search.index import Hit, Query, Results, SearchIndex, terms

__all__ = ["Hit", "Query", "Results", "SearchIndex", "terms"]
