"""Uploaded originals, kept unchanged and addressed by their sha256 (the user's file name never makes a path):
in a folder (one machine, or a folder every machine mounts) or in the database (every worker reaches it)."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from procurement.models import Original

_HEX = re.compile(r"^[0-9a-f]{64}$")


class Originals(Protocol):
    """Where originals live: immutable blobs under their sha256."""

    def save(self, data: bytes) -> tuple[str, bool]: ...
    def read(self, key: str) -> bytes: ...
    def exists(self, key: str) -> bool: ...
    def remove(self, key: str) -> None: ...


def checked(key: str) -> str:
    if not _HEX.match(key):
        raise ValueError("storage key must be a sha256 hex digest")
    return key


class Storage:
    """A folder of immutable blobs: `<root>/<first two hex digits>/<sha256>`."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / checked(key)[:2] / key

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


class DatabaseStorage:
    """Originals as rows of the `original` table, each saved in a transaction of its own (committed before the
    upload's own transaction, removed again when that fails, as the folder does)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, data: bytes) -> tuple[str, bool]:
        key = hashlib.sha256(data).hexdigest()
        if self.exists(key):
            return key, False
        try:
            with Session(self.engine) as session, session.begin():
                session.add(Original(sha256=key, size=len(data), data=data))
        except IntegrityError:  # another process saved the same bytes at the same moment
            return key, False
        return key, True

    def read(self, key: str) -> bytes:
        with Session(self.engine) as session:
            data = session.scalar(select(Original.data).where(Original.sha256 == checked(key)))
        if data is None:
            raise FileNotFoundError(f"original {key} is not in the database")
        return bytes(data)

    def exists(self, key: str) -> bool:
        with Session(self.engine) as session:
            return session.scalar(select(Original.size).where(Original.sha256 == checked(key))) is not None

    def remove(self, key: str) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(delete(Original).where(Original.sha256 == checked(key)))
