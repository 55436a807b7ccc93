"""Documents read and checked in a child process with a memory and a wall-clock limit: a hostile file costs
that child, never the web server, the worker or `procurement check`.

Children come from multiprocessing's forkserver (spawn where there is none): a clean single-threaded process
that imported the parsers and the matcher once, so starting a child is cheap and safe while the web server runs
threads. Each child lowers its own RLIMIT_AS (and RLIMIT_CPU, in case its parent dies) before it reads anything;
the parent waits on a pipe with a deadline per document and kills the child when it passes.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from procurement.catalogue import Catalogue
from procurement.documents.model import UnreadableDocument
from procurement.matching import Matcher, Report

try:
    import resource
except ImportError:  # Windows: no rlimits, the wall-clock limit still holds
    resource = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

DEFAULT_MEMORY_MB = 500
DEFAULT_SECONDS = 60.0
# Imported once in the fork server, so that a child starts with them loaded.
PRELOAD = [
    "procurement.sandbox",
    "procurement.documents.docx",
    "procurement.documents.odt",
    "procurement.documents.pdf",
    "procurement.documents.text",
    "procurement.matching",
    "procurement.sandbox_server",
]
RESERVE = 4 << 20  # bytes a child sets aside to report that it ran out of memory
NEAR_LIMIT = 0.9  # a failure after the address space reached this share of the limit counts as out of memory
CPU_SPARE = 10  # seconds of CPU beyond the wall-clock budget before the kernel ends an orphaned child

TOO_COMPLEX = "{subject} te groot of te complex om te controleren: "
MEMORY = (
    "{doing} vraagt meer dan {mb} MB werkgeheugen. "
    "Laad het document op zonder grote ingesloten bestanden, of splits het."
)
TIME = "{doing} duurt langer dan {seconds}. Splits het document en laad de delen apart op."
CRASHED = "{doing} brak af (meer dan {mb} MB werkgeheugen, of een fout in een bibliotheek)."


@dataclass(frozen=True, slots=True)
class Limits:
    """What one child may take: address space in MB, and seconds of wall-clock time for each document."""

    memory_mb: int = DEFAULT_MEMORY_MB
    seconds: float = DEFAULT_SECONDS

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> Limits:
        """From the app's configuration (PARSE_MEMORY_MB, PARSE_SECONDS) or PROCUREMENT_* environment names."""
        memory = config.get("PARSE_MEMORY_MB", config.get("PROCUREMENT_PARSE_MEMORY_MB", DEFAULT_MEMORY_MB))
        seconds = config.get("PARSE_SECONDS", config.get("PROCUREMENT_PARSE_SECONDS", DEFAULT_SECONDS))
        limits = cls(int(memory), float(seconds))
        if limits.memory_mb < 64 or limits.seconds <= 0:
            raise ValueError("PARSE_MEMORY_MB must be at least 64 and PARSE_SECONDS positive")
        return limits


@dataclass(frozen=True, slots=True)
class Summary:
    """What an upload keeps of a document read in a child: its format, its size in blocks, the parser's notes."""

    format: str
    blocks: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Checked:
    """The matcher's report on the files, and per file the parser's notes (what was cut off or guessed)."""

    report: Report
    notes: tuple[tuple[str, ...], ...]


class Refused(UnreadableDocument):
    """A document that cannot be checked: `index` in the files given, None for the check of all of them."""

    def __init__(self, reason: str, index: int | None) -> None:
        super().__init__(reason)
        self.index = index


class SandboxFailed(RuntimeError):
    """The child hit an internal error (a bug, not the document): the type name of its exception."""


@dataclass(frozen=True, slots=True)
class _Job:
    files: tuple[tuple[str, bytes], ...]
    limits: Limits
    catalogue: Catalogue | None = None  # None: read only
    product_groups: tuple[str, ...] | None = None
    all_criteria: bool = False
    named: bool = True  # evidence names its file (a tender of several documents)


def read(files: Sequence[tuple[str, bytes]], limits: Limits) -> list[Summary]:
    """Parse every file in one child; Refused (with the index of the file) for the first that cannot be read."""
    result: list[Summary] = _run(_Job(tuple(files), limits), None)
    return result


def check(
    files: Sequence[tuple[str, bytes]],
    catalogue: Catalogue,
    limits: Limits,
    *,
    product_groups: Sequence[str] | None = None,
    all_criteria: bool = False,
    named: bool = True,
    on_step: Callable[[int], None] | None = None,
) -> Checked:
    """Parse the files and check them together against `catalogue` in one child (the matcher's run_tender).

    `on_step(i)` is called as the child starts on file i, and with len(files) as it starts the check itself.
    """
    job = _Job(
        tuple(files), limits, catalogue, tuple(product_groups) if product_groups else None, all_criteria, named
    )
    result: Checked = _run(job, on_step)
    return result


def fork_from_here(catalogue: Catalogue) -> None:
    """For a single-threaded caller (the `procurement check` command): children are forked from this process,
    with the parsers it imported and `catalogue` compiled once here, instead of from a fork server that would
    import and compile everything again. Call before the first check; a threaded server must not use this."""
    with _lock:
        if not _contexts and "fork" in multiprocessing.get_all_start_methods():
            _contexts.append(multiprocessing.get_context("fork"))
    if _context().get_start_method() == "fork" and catalogue.content_hash not in _compiled:
        import procurement.documents.docx  # noqa: F401  (what the children parse with, loaded once)
        import procurement.documents.pdf  # noqa: F401

        _compiled[catalogue.content_hash] = _compile(catalogue)


def warm_up() -> None:
    """Start the fork server now (it imports the parsers), while the caller does something else."""
    context = _context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


# --- the parent side -------------------------------------------------------------------------------------------

_lock = threading.Lock()
_contexts: list[Any] = []


def _context() -> Any:
    with _lock:
        if not _contexts:
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                context.set_forkserver_preload(PRELOAD)
            _contexts.append(context)
        return _contexts[0]


def _run(job: _Job, on_step: Callable[[int], None] | None) -> Any:
    context = _context()
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(writer, job), name="procurement-sandbox", daemon=True)
    try:
        process.start()
    finally:
        writer.close()  # the child holds its own end: EOF here means it is gone
    step = 0
    try:
        deadline = time.monotonic() + job.limits.seconds
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                log.warning("sandbox: step %s over %s s, child killed", step, job.limits.seconds)
                raise _refused(TIME, job, step)
            if not reader.poll(remaining):
                continue
            try:
                kind, value = reader.recv()
            except (EOFError, OSError):
                log.warning("sandbox: child ended without an answer at step %s", step)
                raise _refused(CRASHED, job, step) from None
            if kind == "step":
                step = value
                deadline = time.monotonic() + job.limits.seconds
                if on_step is not None:
                    on_step(step)
            elif kind == "done":
                return value
            elif kind == "refused":
                raise Refused(value, _index(job, step))
            elif kind == "memory":
                log.warning("sandbox: step %s over %s MB", step, job.limits.memory_mb)
                raise _refused(MEMORY, job, step)
            else:
                raise SandboxFailed(value)
    finally:
        reader.close()
        _end(process)


def _end(process: Any) -> None:
    if process.is_alive():
        process.kill()
    process.join(10)
    if process.exitcode is not None:
        process.close()


def _index(job: _Job, step: int) -> int | None:
    return step if step < len(job.files) else None


def _refused(template: str, job: _Job, step: int) -> Refused:
    index = _index(job, step)
    subject = "Het bestand is" if index is not None or len(job.files) == 1 else "De documenten zijn samen"
    doing = "het lezen" if index is not None else "de controle"
    seconds = f"{job.limits.seconds:g}".replace(".", ",") + (" seconde" if job.limits.seconds == 1 else " seconden")
    detail = template.format(doing=doing, mb=job.limits.memory_mb, seconds=seconds)
    return Refused(TOO_COMPLEX.format(subject=subject) + detail, index)


# --- the fork server and the child side ---

_compiled: dict[str, Matcher] = {}  # by catalogue content hash: compiled in the fork server, shared by its children


def _compile(catalogue: Catalogue) -> Matcher:
    from procurement.matching import compile_catalogue

    return compile_catalogue(catalogue)


def preload_default() -> None:
    """In the fork server: compile the catalogue in criteria/ once, so a child checking with it starts ready."""
    from procurement.catalogue import CatalogueError, load

    try:
        catalogue = load(None)
    except (CatalogueError, OSError):  # a broken criteria/ is reported by whoever uses it
        return
    matcher = _compiled[catalogue.content_hash] = _compile(catalogue)
    # one small run, so that the parsers' and the matcher's lazy tables are built here once, not in every child
    from procurement.documents import parse

    matcher.run(parse(WARM_UP.encode(), "warm-up.txt"))


WARM_UP = "Artikel 1 Voorwerp\n\nDe opdrachtnemer leeft de fundamentele arbeidsnormen van de IAO na.\n"


# --------------------------------------------------------------------------------------------


def _child(conn: Connection, job: _Job) -> None:
    """Lower the limits, do the job, send one answer; every failure is an answer too.

    The child logs nothing itself (its stderr is the caller's, where `procurement check` keeps one line per
    unreadable file): the parent logs what it learns.
    """
    logging.getLogger().handlers[:] = [logging.NullHandler()]
    _limit(job)
    reserve: bytearray | None = bytearray(RESERVE)
    try:
        answer: tuple[str, Any] = ("done", _work(conn, job))
    except MemoryError:
        reserve = None
        answer = ("memory", None)
    except UnreadableDocument as exc:
        # a library that ran out of memory may say anything ("unknown error", "damaged"): the peak tells
        answer = ("memory", None) if _near_limit(job) else ("refused", exc.reason)
    except Exception as exc:  # a bug: the parent raises it as an internal error, with where it happened
        if _near_limit(job):
            answer = ("memory", None)
        else:
            answer = ("failed", f"{type(exc).__name__} at {''.join(traceback.format_tb(exc.__traceback__))}")
    try:
        conn.send(answer)
    except MemoryError:  # a result too large to send within the limit
        reserve = None
        conn.send(("memory", None))
    finally:
        del reserve
        conn.close()


def _near_limit(job: _Job) -> bool:
    """Whether this process' address space came within NEAR_LIMIT of its limit (Linux; elsewhere False)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next((line for line in status if line.startswith("VmPeak:")), "")
    except OSError:
        return False
    words = peak.split()
    return len(words) >= 2 and int(words[1]) * 1024 >= job.limits.memory_mb * 1024 * 1024 * NEAR_LIMIT


def _limit(job: _Job) -> None:
    if resource is None:
        return
    size = job.limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size, size))
    cpu = int(job.limits.seconds * (len(job.files) + 1)) + CPU_SPARE
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + CPU_SPARE))


def _work(conn: Connection, job: _Job) -> Any:
    from procurement.documents import parse

    summaries: list[Summary] = []
    documents = []
    for index, (name, data) in enumerate(job.files):
        conn.send(("step", index))
        document = parse(data, name)
        if job.catalogue is None:
            summaries.append(Summary(document.format, len(document.blocks), document.notes))
        else:
            documents.append((name if job.named else None, document))
    if job.catalogue is None:
        return summaries
    conn.send(("step", len(job.files)))
    matcher = _compiled.get(job.catalogue.content_hash) or _compile(job.catalogue)
    report = matcher.run_tender(documents, product_groups=job.product_groups, all_criteria=job.all_criteria)
    return Checked(report, tuple(document.notes for _, document in documents))
