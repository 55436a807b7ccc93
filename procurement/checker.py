"""Catalogues and their compiled matchers, cached per process: built once per version, compiled on first use."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from procurement.catalogue import Catalogue, default_path, from_data
from procurement.catalogue.loader import read_files
from procurement.matching import Matcher, compile_catalogue

_lock = threading.Lock()
_folders: dict[tuple[Path, tuple[tuple[str, int, int], ...]], tuple[Catalogue, dict[str, Any]]] = {}
_catalogues: dict[str, Catalogue] = {}  # by content hash
_matchers: dict[str, Matcher] = {}  # by version


@dataclass(frozen=True, slots=True)
class Checker:
    """What an analysis needs from the catalogue: the catalogue itself and its matcher."""

    catalogue: Catalogue

    @property
    def version(self) -> str:
        return self.catalogue.version

    @property
    def matcher(self) -> Matcher:
        """Compiled once per catalogue version and process (building the phrase index takes a moment)."""
        with _lock:
            matcher = _matchers.get(self.catalogue.version)
            if matcher is None:
                matcher = _matchers[self.catalogue.version] = compile_catalogue(self.catalogue)
        return matcher


def read_folder(folder: Path | str | None = None) -> tuple[Catalogue, dict[str, Any]]:
    """A catalogue folder's validated catalogue and its parsed files; read again only when a file changed."""
    path = Path(folder).resolve() if folder else default_path()
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in path.glob("*.yaml")))
    key = (path, stamp)
    with _lock:
        found = _folders.get(key)
    if found is None:
        files = read_files(path)
        found = (from_data(files), files)
        with _lock:
            _folders[key] = found
            _catalogues.setdefault(found[0].content_hash, found[0])
    return found


def checker_from_source(content_hash: str, source: Mapping[str, Any]) -> Checker:
    """The checker of a stored catalogue version: its files validated by the loader once per process."""
    with _lock:
        catalogue = _catalogues.get(content_hash)
    if catalogue is None:
        catalogue = from_data(source)
        with _lock:
            _catalogues[content_hash] = catalogue
    return Checker(catalogue)


def cached(content_hash: str) -> Checker | None:
    with _lock:
        catalogue = _catalogues.get(content_hash)
    return Checker(catalogue) if catalogue is not None else None
