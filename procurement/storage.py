"""Uploaded originals, kept unchanged and addressed by their sha256 (the user's file name never makes a path)."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

_HEX = re.compile(r"^[0-9a-f]{64}$")


class Storage:
    """A folder of immutable blobs: `<root>/<first two hex digits>/<sha256>`."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        if not _HEX.match(key):
            raise ValueError("storage key must be a sha256 hex digest")
        return self.root / key[:2] / key

    def save(self, data: bytes) -> tuple[str, bool]:
        """Store the bytes; return (key, created). Never overwrites: equal bytes share one blob."""
        key = hashlib.sha256(data).hexdigest()
        target = self.path(key)
        if target.is_file():
            return key, False
        target.parent.mkdir(parents=True, exist_ok=True)
        # A temp file in the same folder, then an atomic rename: a reader never sees half a file.
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return key, True

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def remove(self, key: str) -> None:
        """Delete a blob this request created and did not keep (a failed upload); never a shared one."""
        self.path(key).unlink(missing_ok=True)
