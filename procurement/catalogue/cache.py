"""Parsed catalogue files kept as JSON, keyed by the file's bytes: a YAML parse costs 0.3 s per start.

The cache is data only (JSON, never code), read back into the same validation as a fresh parse, and only used
when JSON holds the parsed value exactly. Folder: `PROCUREMENT_CACHE_DIR`, else `$XDG_CACHE_HOME/procurement`,
else `~/.cache/procurement`; created 0700. Writes are atomic (a temporary file renamed into place); a folder
that cannot be written is skipped without a word: the cache only saves time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

FORMAT = "1"  # bump when what is stored changes
KEEP = 64  # files kept; older ones are removed when a new one is written


def folder() -> Path:
    configured = os.environ.get("PROCUREMENT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "procurement"


def _path(raw: bytes) -> Path:
    return folder() / f"yaml-{FORMAT}-{hashlib.sha256(raw).hexdigest()}.json"


def read(raw: bytes) -> Any | None:
    """The parsed value stored for these file bytes, or None."""
    try:
        return json.loads(_path(raw).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(raw: bytes, data: Any) -> None:
    """Keep the parsed value for these bytes when JSON holds it exactly (string keys, no dates or sets)."""
    try:
        text = json.dumps(data, ensure_ascii=False)
        if json.loads(text) != data:
            return
        target = _path(raw)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".yaml-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(target.parent)
    except (OSError, TypeError, ValueError):
        return


def _prune(where: Path) -> None:
    """Keep the KEEP newest files: every edit of a catalogue file adds one."""
    files = sorted(where.glob(f"yaml-{FORMAT}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
