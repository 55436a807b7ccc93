"""The process's catalogue and its compiled matcher: loaded once per folder, compiled once per version."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from procurement.catalogue import Catalogue, default_path, load
from procurement.matching import Matcher, compile_catalogue

_lock = threading.Lock()
_catalogues: dict[Path, Catalogue] = {}
_matchers: dict[str, Matcher] = {}


@dataclass(frozen=True, slots=True)
class Checker:
    """What an analysis needs from the catalogue: the catalogue itself and its matcher."""

    catalogue: Catalogue
    matcher: Matcher

    @property
    def version(self) -> str:
        return self.catalogue.version


def checker_for(folder: Path | str | None = None) -> Checker:
    """The cached checker for a catalogue folder (the repository's criteria/ by default).

    Loading reads and validates every YAML file and compiling builds the phrase index, so both happen once
    per process; a changed catalogue is picked up on the next start.
    """
    path = Path(folder).resolve() if folder else default_path()
    with _lock:
        catalogue = _catalogues.get(path)
        if catalogue is None:
            catalogue = _catalogues[path] = load(path)
        matcher = _matchers.get(catalogue.version)
        if matcher is None:
            matcher = _matchers[catalogue.version] = compile_catalogue(catalogue)
    return Checker(catalogue, matcher)
