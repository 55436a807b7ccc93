"""Parsed catalogue files kept as JSON, keyed by the file's bytes and the parser: a YAML parse costs 0.3 s a start.

The cache is data only (JSON, never code), read back into the same validation as a fresh parse, and only used
when JSON holds the parsed value exactly. Folder: `PROCUREMENT_CACHE_DIR`, else `$XDG_CACHE_HOME/procurement`,
else `~/.cache/procurement`. It is used only when it is this account's own: a real folder (not a link) owned by
the current user with no access for others (made 0700), and files owned by the current user. Writes are atomic (a
temporary file renamed into place). A folder that cannot be made, is not private or cannot be written is skipped
without a word: the cache only saves time.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import yaml

FORMAT = "2"  # bump when what is stored or how the loader parses changes
KEEP = 64  # files kept; older ones are removed when a new one is written


def folder() -> Path | None:
    configured = os.environ.get("PROCUREMENT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory (a container user without a passwd entry)
            return None
    return Path(base) / "procurement"


def _private(where: Path) -> bool:
    """A real folder of this account that nobody else may read or write."""
    try:
        info = os.lstat(where)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o077


def _key(raw: bytes, loader: str) -> str:
    salt = f"{FORMAT}\0{yaml.__version__}\0{loader}\0".encode()
    return hashlib.sha256(salt + raw).hexdigest()


def read(raw: bytes, loader: str = "") -> Any | None:
    """The parsed value stored for these file bytes (parsed by `loader`), or None."""
    where = folder()
    if where is None or not _private(where):
        return None
    try:
        fd = os.open(where / f"yaml-{_key(raw, loader)}.json", os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        if os.fstat(fd).st_uid != os.geteuid():
            return None
        with os.fdopen(fd, encoding="utf-8") as handle:
            fd = -1
            return json.loads(handle.read())
    except (OSError, ValueError):
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def write(raw: bytes, data: Any, loader: str = "") -> None:
    """Keep the parsed value for these bytes when JSON holds it exactly (string keys, no dates or sets)."""
    where = folder()
    if where is None:
        return
    try:
        text = json.dumps(data, ensure_ascii=False)
        if json.loads(text) != data:
            return
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(where):
            return
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".yaml-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, where / f"yaml-{_key(raw, loader)}.json")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(where)
    except (OSError, TypeError, ValueError):
        return


def _prune(where: Path) -> None:
    """Keep the KEEP newest files: every edit of a catalogue file adds one."""
    files = sorted(where.glob("yaml-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
