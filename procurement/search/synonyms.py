"""The search synonyms: criteria/search/synonyms.yaml, read and validated (pure).

The sustainability office edits the file; it is not part of a catalogue version (the catalogue loader reads
only the .yaml files directly in criteria/), so editing it changes no catalogue version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from procurement.catalogue.loader import CatalogueError, default_path, parse_yaml
from procurement.text import TOKEN, fold, search_stem

SYNONYMS_PATH = default_path() / "search" / "synonyms.yaml"
SYNONYMS_NAME = "criteria/search/synonyms.yaml"  # as errors name it
SYNONYMS_KEY = "synonyms"


def stems(text: str) -> list[str]:
    """The search stems of a text's words of two letters or more, in order."""
    return [search_stem(t) for t in TOKEN.findall(fold(text)) if len(t) > 1]


def load_synonyms(path: Path = SYNONYMS_PATH, name: str = SYNONYMS_NAME) -> tuple[tuple[str, ...], ...]:
    """The synonym groups of the file, in its order; CatalogueError naming the file and group when one is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(name, None, None, f"kan het bestand met zoeksynoniemen niet lezen: {exc}") from exc
    return parse_synonyms(name, text)


def parse_synonyms(name: str, text: str) -> tuple[tuple[str, ...], ...]:
    """Synonym groups from YAML text: `synonyms:` a list of groups, each a list of at least two phrases."""
    data: Any = parse_yaml(name, text)
    if not isinstance(data, dict) or set(data) != {SYNONYMS_KEY}:
        raise CatalogueError(name, None, None, f"bestand moet alleen een lijst '{SYNONYMS_KEY}' bevatten")
    raw_groups = data[SYNONYMS_KEY]
    if not isinstance(raw_groups, list) or not raw_groups:
        raise CatalogueError(name, None, SYNONYMS_KEY, "moet een niet-lege lijst van groepen zijn")
    group_of_phrase: dict[tuple[str, ...], int] = {}
    groups: list[tuple[str, ...]] = []
    for number, raw in enumerate(raw_groups, 1):
        item = f"groep {number}"
        if not isinstance(raw, list) or len(raw) < 2 or not all(isinstance(p, str) and p.strip() for p in raw):
            raise CatalogueError(name, item, None, "moet een lijst van minstens twee niet-lege teksten zijn")
        item = f"groep {number} ({raw[0]})"
        for phrase in raw:
            key = tuple(stems(phrase))
            if not key:
                raise CatalogueError(name, item, None, f"'{phrase}' bevat geen woord van minstens twee letters")
            other = group_of_phrase.setdefault(key, number)
            if other != number:
                raise CatalogueError(name, item, None, f"'{phrase}' staat ook in groep {other}")
        groups.append(tuple(raw))
    return tuple(groups)
