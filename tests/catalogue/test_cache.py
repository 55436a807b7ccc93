"""The JSON cache of parsed catalogue files: read back, ignored when broken or not private, skipped when absent."""

from __future__ import annotations

import datetime
import json
import os
import shutil
from pathlib import Path

import pytest

from procurement.catalogue import cache, load, loader


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PROCUREMENT_CACHE_DIR", str(folder))
    return folder


def meta_entry(folder: Path) -> Path:
    raw = (loader.default_path() / "catalogue.yaml").read_bytes()
    return folder / f"yaml-{cache._key(raw, loader.PARSER)}.json"


def test_a_load_stores_every_file_and_a_second_load_reads_what_is_stored(cache_dir: Path) -> None:
    first = load()
    assert len(list(cache_dir.glob("yaml-*.json"))) == len(list(loader.default_path().glob("*.yaml")))
    assert oct(cache_dir.stat().st_mode & 0o777) == "0o700"
    entry = meta_entry(cache_dir)
    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["label"] = "uit-de-cache"
    entry.write_text(json.dumps(stored), encoding="utf-8")
    assert load().label == "uit-de-cache"  # the stored parse is what the second load used
    entry.unlink()
    assert load() == first


def test_a_broken_cache_file_is_parsed_again_and_rewritten(cache_dir: Path) -> None:
    first = load()
    entry = meta_entry(cache_dir)
    entry.write_text("{niet af", encoding="utf-8")
    assert load() == first
    assert json.loads(entry.read_text(encoding="utf-8"))["label"] == first.label


def test_a_folder_others_may_write_is_not_trusted(cache_dir: Path) -> None:
    first = load()
    entry = meta_entry(cache_dir)
    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["label"] = "geplant"
    entry.write_text(json.dumps(stored), encoding="utf-8")
    cache_dir.chmod(0o777)
    try:
        assert load().label == first.label
    finally:
        cache_dir.chmod(0o700)


def test_a_link_is_not_followed(cache_dir: Path, tmp_path: Path) -> None:
    load()
    elsewhere = tmp_path / "elders"
    cache_dir.rename(elsewhere)
    os.symlink(elsewhere, cache_dir)
    assert cache.read((loader.default_path() / "catalogue.yaml").read_bytes(), loader.PARSER) is None


def test_a_changed_file_is_parsed_again(cache_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "criteria"
    shutil.copytree(loader.default_path(), folder)
    before = load(folder)
    meta = folder / "catalogue.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(before.label, "9999.9", 1), encoding="utf-8")
    assert load(folder).label == "9999.9"


def test_an_unwritable_folder_or_no_home_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("PROCUREMENT_CACHE_DIR", str(blocker / "cache"))
    assert load().criteria
    monkeypatch.delenv("PROCUREMENT_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))
    assert cache.folder() is None
    assert load().criteria


def test_a_value_json_cannot_hold_exactly_is_not_stored(cache_dir: Path) -> None:
    cache.write(b"x", {"date": datetime.date(2026, 1, 1)})
    cache.write(b"y", {1: "int key"})
    assert list(cache_dir.glob("yaml-*.json")) == []
    cache.write(b"z", {"ok": [1, "twee", None, True]})
    assert cache.read(b"z") == {"ok": [1, "twee", None, True]}
    assert cache.read(b"z", "another parser") is None


def test_old_files_are_pruned(cache_dir: Path) -> None:
    for n in range(cache.KEEP + 5):
        cache.write(str(n).encode(), {"n": n})
    assert len(list(cache_dir.glob("yaml-*.json"))) == cache.KEEP
