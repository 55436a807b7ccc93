"""What the sandbox costs and what it holds: child-process overhead, the `procurement check` wall time, and hostile
files (time, answer, the parent's memory before and after).

    python -m benchmarks.sandbox [--repeat N]

Overhead = sandbox.check() (parse + match in a child from the fork server) minus the same parse + match in this
process with a matcher already compiled, on a one-paragraph .docx and on the 300-page .docx of benchmarks.speed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.render import to_docx
from benchmarks.speed import build_bestek
from procurement import sandbox
from procurement.catalogue import load
from procurement.documents import parse
from procurement.matching import compile_catalogue

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from documents import hostile  # noqa: E402  (the tests' builders of hostile files)


def best(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def rss_mb() -> float:
    """This process' resident memory now (not its peak)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def cli_seconds(path: Path, repeat: int) -> float:
    command = [str(Path(sys.executable).with_name("procurement")), "check", str(path), "--format", "json"]
    return best(repeat, lambda: subprocess.run(command, capture_output=True, check=False, cwd=ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    limits = sandbox.Limits()
    catalogue = load()
    matcher = compile_catalogue(catalogue)
    small = hostile.simple_docx(hostile.CLAUSE)
    large = to_docx(build_bestek(catalogue, 300, 1).parts, "Stad Gent – Bestek")
    xml = len(zipfile.ZipFile(io.BytesIO(large)).read("word/document.xml"))

    start = time.perf_counter()
    sandbox.check([("klein.docx", small)], catalogue, limits)
    cold = time.perf_counter() - start
    print(f"limits: {limits.memory_mb} MB address space, {limits.seconds:g} s per document")
    print(f"first check (starts the fork server, which imports the parsers and compiles criteria/): {cold:.3f} s")
    print(f"300-page .docx: {len(large) / 1024:,.0f} KB, word/document.xml {xml / 2**20:.1f} MB")
    print()
    print(f"{'file':<22}{'in process (s)':>16}{'sandbox (s)':>14}{'overhead (s)':>14}{'procurement check (s)':>24}")
    with tempfile.TemporaryDirectory() as folder:
        for name, data in (("one paragraph .docx", small), ("300-page .docx", large)):
            repeat = args.repeat if data is small else max(2, args.repeat // 2)
            inside = best(repeat, lambda d=data: matcher.run(parse(d, "bestek.docx")))
            child = best(repeat, lambda d=data: sandbox.check([("bestek.docx", d)], catalogue, limits))
            path = Path(folder) / "bestek.docx"
            path.write_bytes(data)
            whole = cli_seconds(path, repeat)
            print(f"{name:<22}{inside:>16.3f}{child:>14.3f}{child - inside:>14.3f}{whole:>24.2f}")

    print()
    print("hostile files through sandbox.read (as the upload form does); this process' memory stays put:")
    cases: dict[str, Callable[[], bytes]] = {
        "zip with lying sizes": hostile.lying_sizes,
        "flate bomb PDF (1 GB)": lambda: hostile.flate_bomb_pdf(1024),
        "docx, 150 MB of XML": lambda: hostile.huge_xml(150),
        "docx, 20 MB of XML": lambda: hostile.huge_xml(20),
        "docx, 12 MB of XML": lambda: hostile.huge_xml(12),
        "docx, XML 100,000 deep": hostile.deep_xml,
        "DOCTYPE in [Content_Types]": lambda: hostile.with_doctype(
            "[Content_Types].xml", b'<!DOCTYPE Types [<!ENTITY % p SYSTEM "http://x/x.dtd"> %p;]>'
        ),
        ".docm renamed .docx": hostile.docm,
        "200,000 short paragraphs": lambda: hostile.short_paragraphs(200_000),
        "PDF page-tree loop": hostile.page_tree_loop_pdf,
    }
    built = {name: make() for name, make in cases.items()}
    before = rss_mb()
    for name, data in built.items():
        start = time.perf_counter()
        try:
            summary = sandbox.read([("bestand.docx", data)], limits)[0]
            answer = f"read: {summary.blocks:,} blocks" + (f"; {summary.notes[0][:70]}…" if summary.notes else "")
        except sandbox.Refused as exc:
            answer = exc.reason[:110] + "…"
        seconds = time.perf_counter() - start
        print(f"  {name:<28}{len(data) / 1024:>8,.0f} KB {seconds:>6.2f} s  {answer}")
    after = rss_mb()
    print(f"this process: resident {before:.0f} MB before reading the hostile files, {after:.0f} MB after")
    print()
    report_pages()
    return 0


def report_pages() -> None:
    """Big text uploads through the form (inline analysis): the report page and the stored evidence stay small."""
    from accounts import SignedInClient
    from builders import CPV_CLEANING, ILO_CLAUSE, post_tender
    from sqlalchemy import func, select

    from procurement.app import create_app
    from procurement.extensions import db
    from procurement.models import Analysis
    from procurement.models import Finding as FindingRow
    from procurement.startup import prepare

    filler = "De aanbesteder bezorgt de plannen van de gebouwen en de lijst van de lokalen aan de dienstverlener. "
    print("report page after a big text upload (form, inline analysis, SQLite):")
    for name, text in (
        ("one paragraph of 20 MB", f"Bestek\n\n{CPV_CLEANING}\n\n" + filler * 1_000 + ILO_CLAUSE + filler * 200_000),
        ("20 MB, the ILO clause every 10 paragraphs", f"Bestek\n\n{CPV_CLEANING}\n\n"
         + "\n\n".join(ILO_CLAUSE if n % 10 == 0 else filler * 3 for n in range(60_000))),
    ):
        with tempfile.TemporaryDirectory() as folder:
            app = create_app({
                "TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/p.sqlite", "UPLOAD_DIR": f"{folder}/u",
                "SECRET_KEY": "benchmark", "ANALYSIS_MODE": "inline", "WTF_CSRF_ENABLED": False,
            }, check=False)
            prepare(app)  # the start-up steps: the schema, criteria/
            app.test_client_class = SignedInClient
            client = app.test_client()
            start = time.perf_counter()
            with post_tender(client, [("bestek.txt", text.encode())]):
                pass
            seconds = time.perf_counter() - start
            page = client.get("/bestekken/1").get_data()
            with app.app_context():
                status = db.session.scalar(select(Analysis.status))
                rows = db.session.scalars(select(FindingRow)).all()
                evidence = sum(len(json.dumps(row.evidence)) for row in rows)
                findings = db.session.scalar(select(func.count()).select_from(FindingRow)) or 0
                db.engine.dispose()
        print(f"  {name:<44} upload + analysis {seconds:5.1f} s ({status}), page {len(page) / 1024:,.0f} kB, "
              f"stored evidence {evidence / 1024:,.0f} kB over {findings} findings")


if __name__ == "__main__":
    sys.exit(main())
