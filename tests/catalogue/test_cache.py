"""The JSON cache of parsed catalogue files: same catalogue, ignored when broken, skipped when unwritable."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from procurement.catalogue import cache, load, loader


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PROCUREMENT_CACHE_DIR", str(folder))
    return folder


def test_a_second_load_reads_the_cache_and_gives_the_same_catalogue(cache_dir: Path) -> None:
    first = load()
    stored = sorted(cache_dir.glob("yaml-*.json"))
    assert len(stored) == len(list(loader.default_path().glob("*.yaml")))
    assert oct(cache_dir.stat().st_mode & 0o777) == "0o700"
    assert load() == first


def test_a_broken_cache_file_is_ignored(cache_dir: Path) -> None:
    first = load()
    for path in cache_dir.glob("yaml-*.json"):
        path.write_text("{niet af", encoding="utf-8")
    assert load() == first


def test_a_changed_file_is_parsed_again(cache_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "criteria"
    shutil.copytree(loader.default_path(), folder)
    before = load(folder)
    meta = folder / "catalogue.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(before.label, "9999.9", 1), encoding="utf-8")
    assert load(folder).label == "9999.9"


def test_an_unwritable_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("PROCUREMENT_CACHE_DIR", str(blocker / "cache"))
    assert load().criteria


def test_a_value_json_cannot_hold_exactly_is_not_stored(cache_dir: Path) -> None:
    cache.write(b"x", {"date": datetime.date(2026, 1, 1)})
    cache.write(b"y", {1: "int key"})
    assert list(cache_dir.glob("yaml-*.json")) == []
    cache.write(b"z", {"ok": [1, "twee", None, True]})
    assert cache.read(b"z") == {"ok": [1, "twee", None, True]}


def test_old_files_are_pruned(cache_dir: Path) -> None:
    for n in range(cache.KEEP + 5):
        cache.write(str(n).encode(), {"n": n})
    assert len(list(cache_dir.glob("yaml-*.json"))) == cache.KEEP
