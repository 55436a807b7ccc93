"""The one catalogue cache of a process: per catalogue version, the validated catalogue and what is derived from
it (its matcher, its search index, the bundle keys), each built once; the few most recently used versions kept."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from procurement.catalogue import Catalogue, default_path, from_data
from procurement.catalogue.loader import read_files
from procurement.lru import Recent
from procurement.matching import Matcher, compile_catalogue
from procurement.search import SearchIndex

T = TypeVar("T")
VERSIONS_KEPT = 4  # a version with its matcher and search index takes a few MB; more than the current one and
# the one being published or re-checked is rarely needed at once


@dataclass(frozen=True, eq=False)
class Derived(Generic[T]):
    """Something built from a catalogue version alone, kept with the version (compared by identity)."""

    name: str
    build: Callable[[Catalogue], T]


class _Version:
    """One catalogue version in the cache: the catalogue, the files it came from, and what was derived from it."""

    def __init__(self, catalogue: Catalogue, source: Mapping[str, Any] | None) -> None:
        self.catalogue, self.source = catalogue, source
        self._derived: dict[Derived[Any], Any] = {}
        self._lock = threading.Lock()  # one build of each thing per version, even when threads ask at once

    def get(self, what: Derived[T]) -> T:
        with self._lock:
            if what not in self._derived:
                self._derived[what] = what.build(self.catalogue)
            return cast(T, self._derived[what])


_versions: Recent[str, _Version] = Recent(VERSIONS_KEPT)  # by content hash
_folders: Recent[tuple[Path, tuple[tuple[str, int, int], ...]], _Version] = Recent(VERSIONS_KEPT)  # by file stamps

MATCHER: Derived[Matcher] = Derived("matcher", compile_catalogue)  # building the phrase index takes a moment
SEARCH_INDEX: Derived[SearchIndex] = Derived("search index", SearchIndex)


def _version(catalogue: Catalogue) -> _Version:
    return _versions.get_or_build(catalogue.content_hash, lambda: _Version(catalogue, None))


def derived(catalogue: Catalogue, what: Derived[T]) -> T:
    """`what` of this catalogue version, built on first use in this process while the version stays cached."""
    return _version(catalogue).get(what)


def search_index(catalogue: Catalogue) -> SearchIndex:
    return derived(catalogue, SEARCH_INDEX)


@dataclass(frozen=True, slots=True)
class Checker:
    """What an analysis needs from the catalogue: the catalogue itself and its matcher."""

    catalogue: Catalogue

    @property
    def version(self) -> str:
        return self.catalogue.version

    @property
    def matcher(self) -> Matcher:
        """Compiled once per catalogue version and process."""
        return derived(self.catalogue, MATCHER)


def read_folder(folder: Path | str | None = None) -> tuple[Catalogue, dict[str, Any]]:
    """A catalogue folder's validated catalogue and its parsed files; read again only when a file changed."""
    path = Path(folder).resolve() if folder else default_path()
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in path.glob("*.yaml")))
    found = _folders.get((path, stamp))
    if found is not None and found.source is not None:
        return found.catalogue, dict(found.source)
    files = read_files(path)
    catalogue = from_data(files)
    found = _versions.get_or_build(catalogue.content_hash, lambda: _Version(catalogue, files))
    found.source = found.source or files  # known before from the database or a plain load: now with its files
    _folders.put((path, stamp), found)
    return found.catalogue, dict(files)


def checker_from_source(content_hash: str, source: Mapping[str, Any]) -> Checker:
    """The checker of a stored catalogue version: its files validated by the loader once per process."""
    found = _versions.get_or_build(content_hash, lambda: _Version(from_data(source), source))
    return Checker(found.catalogue)


def cached(content_hash: str) -> Checker | None:
    found = _versions.get(content_hash)
    return Checker(found.catalogue) if found is not None else None
