"""Speed and memory on long bestekken: parse, match, the whole `procurement check`, the naive method, growth.

    python -m benchmarks.speed [--seed S] [--out DIR] [--repeat N]

Builds bestekken of 10, 100 and 300 pages (about 500 words and 9 paragraphs a page, tables, one catalogue
clause every 10 pages) as .docx and as .pdf, and prints one table with the issue's targets beside the figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from benchmarks.corpus import SECTION_TITLES
from benchmarks.filler import PARTS, SECTIONS, TABLES
from benchmarks.render import Heading, Paragraph, Part, Table, to_docx, to_pdf
from benchmarks.variants import Variants
from procurement.catalogue import Catalogue, load
from procurement.documents import Document, parse
from procurement.matching import Matcher, compile_catalogue

ROOT = Path(__file__).resolve().parents[1]
PAGES = (10, 100, 300)
WORDS_PER_PAGE = 500
PARAGRAPHS_PER_ARTICLE = 8
CLAUSE_EVERY = 10  # pages
NAIVE_PAGES = 10
NAIVE_FOUND = 80  # best partial_ratio that counts as found
CLAUSE_KINDS = ("verbatim", "reworded", "split", "table", "list", "shortened")
TARGETS = {
    "match_docx": "<= 0.5 s",
    "check_docx": "<= 2 s",
    "peak_docx": "<= 300 MB",
    "check_pdf": "<= 3 s",
    "ratio": ">= 300x",
}


@dataclass(frozen=True, slots=True)
class Bestek:
    pages: int
    parts: tuple[Part, ...]
    clauses: tuple[str, ...]  # ids of the criteria placed
    words: int
    paragraphs: int


def build_bestek(catalogue: Catalogue, pages: int, seed: int) -> Bestek:
    """A long bestek of filler with a table every ten pages and a catalogue clause every ten pages."""
    rng = random.Random(f"{seed}:speed:{pages}")
    variants = Variants(catalogue)
    pool = sorted((c for c in catalogue.criteria if not c.retired), key=lambda c: c.id)
    chosen = rng.sample(pool, min(len(pool), max(1, pages // CLAUSE_EVERY)))
    texts = [p for s in SECTIONS for p in s.paragraphs]
    target = WORDS_PER_PAGE * pages
    every = max(1, target // max(1, len(chosen)))
    parts: list[Part] = [Heading(f"Bestek nr. 2026/{pages:03d} – Raamovereenkomst", 0), Heading(PARTS[0], 1)]
    words = paragraphs = article = 0
    placed: list[str] = []
    next_clause = every // 2
    next_table = WORDS_PER_PAGE * 10
    while words < target:
        if paragraphs % PARAGRAPHS_PER_ARTICLE == 0:
            article += 1
            if article % 40 == 0:
                parts.append(Heading(PARTS[(article // 40) % len(PARTS)], 1))
            parts.append(Heading(f"Artikel {article} – {rng.choice(SECTIONS).title}"))
        if chosen and words >= next_clause:
            criterion = chosen.pop()
            kind = CLAUSE_KINDS[len(placed) % len(CLAUSE_KINDS)]
            placement = variants.positive(criterion, kind, rng) or variants.positive(criterion, "verbatim", rng)
            if placement is not None:
                article += 1
                parts.append(Heading(f"Artikel {article} – {rng.choice(SECTION_TITLES[criterion.section])}"))
                parts += placement.parts
                placed.append(criterion.id)
                words += sum(len(t.split()) for t in placement.texts)
                paragraphs += len(placement.texts)
            next_clause += every
            continue
        if words >= next_table:
            rows = rng.choice(TABLES)
            parts.append(Table(rows))
            next_table += WORDS_PER_PAGE * 10
        text = " ".join(rng.sample(texts, rng.choice((2, 3, 4))))
        parts.append(Paragraph(text))
        words += len(text.split())
        paragraphs += 1
    return Bestek(pages, tuple(parts), tuple(placed), words, paragraphs)


def catalogue_times(catalogue: Catalogue, factor: int) -> Catalogue:
    """The catalogue with every criterion copied `factor` times under suffixed ids."""
    copies = [
        dataclasses.replace(c, id=f"{c.id}-x{k}") if k else c for k in range(factor) for c in catalogue.criteria
    ]
    return Catalogue(
        label=f"{catalogue.label}x{factor}",
        content_hash=catalogue.content_hash,
        product_groups=catalogue.product_groups,
        criteria=tuple(copies),
    )


def best(repeat: int, action: Callable[[], object]) -> tuple[float, object]:
    """The fastest of `repeat` runs and the result of the last."""
    fastest = float("inf")
    result: object = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest, result


def check_command() -> list[str]:
    script = Path(sys.executable).with_name("procurement")
    return [str(script)] if script.exists() else [sys.executable, "-m", "procurement.cli"]


def run_check(path: Path) -> tuple[float, float]:
    """Wall time and peak resident memory (MB) of one `procurement check FILE --format json` process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    started = time.perf_counter()
    child = subprocess.Popen(
        [*check_command(), "check", str(path), "--format", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage (ru_maxrss in KB on Linux)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise RuntimeError(f"procurement check {path.name} failed ({child.returncode}): {errors[-500:]}")
    return wall, usage.ru_maxrss / 1024


def all_pairs(clauses: list[str], paragraphs: list[str]) -> list[list[float]]:
    """partial_ratio of every clause against every paragraph, one worker.

    `process.cdist` when numpy is installed (rapidfuzz needs it for the matrix); otherwise the same scorer per
    clause through `process.extract` (rapidfuzz's cached scorer in C++, one query against all choices).
    """
    try:
        import numpy  # noqa: F401  (only to know whether cdist can run)
    except ImportError:
        return [
            [score for _, score, _ in process.extract(c, paragraphs, scorer=fuzz.partial_ratio, limit=None)]
            for c in clauses
        ]
    return [list(row) for row in process.cdist(clauses, paragraphs, scorer=fuzz.partial_ratio, workers=1)]


def naive_method() -> str:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return "rapidfuzz process.extract (numpy missing for cdist), partial_ratio"
    return "rapidfuzz process.cdist, partial_ratio, workers=1"


def found(matcher: Matcher, document: Document, ids: tuple[str, ...]) -> int:
    report = matcher.run(document, all_criteria=True)
    return sum(1 for f in report.findings if f.criterion in ids and f.status in ("met", "partial"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="keep the generated bestekken here")
    parser.add_argument("--repeat", type=int, default=3, help="runs per in-process timing (the best counts)")
    args = parser.parse_args(argv)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        return measure(args.out, args.seed, args.repeat)
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp:
        return measure(Path(tmp), args.seed, args.repeat)


def measure(folder: Path, seed: int, repeat: int) -> int:
    catalogue = load()
    compile_1x, matcher = best(repeat, lambda: compile_catalogue(catalogue))
    assert isinstance(matcher, Matcher)
    big = catalogue_times(catalogue, 4)
    compile_4x, matcher_4x = best(1, lambda: compile_catalogue(big))
    assert isinstance(matcher_4x, Matcher)
    rows: dict[str, dict[int, str]] = {}
    figures: dict[str, float] = {}
    documents: dict[tuple[str, int], Document] = {}
    bestekken: dict[int, Bestek] = {}

    def put(name: str, pages: int, value: str) -> None:
        rows.setdefault(name, {})[pages] = value

    for pages in PAGES:
        bestek = build_bestek(catalogue, pages, seed)
        bestekken[pages] = bestek
        put("words", pages, f"{bestek.words:,}")
        put("paragraphs (without headings, cells)", pages, f"{bestek.paragraphs:,}")
        put("catalogue clauses placed", pages, str(len(bestek.clauses)))
        for fmt in ("docx", "pdf"):
            data = to_docx(bestek.parts, "Stad Gent – Bestek") if fmt == "docx" else to_pdf(bestek.parts, "Bestek")
            path = folder / f"bestek-{pages}p.{fmt}"
            path.write_bytes(data)
            seconds, document = best(repeat if pages < 300 else max(1, repeat - 1), lambda d=data, p=path: parse(
                d, p.name))
            assert isinstance(document, Document)
            documents[(fmt, pages)] = document
            match, _ = best(repeat, lambda d=document: matcher.run(d, all_criteria=True))
            usual, _ = best(repeat, lambda d=document: matcher.run(d))
            wall, peak = min(run_check(path) for _ in range(2))
            put(f"{fmt}: file size (KB)", pages, f"{len(data) / 1024:,.0f}")
            put(f"{fmt}: blocks (paragraphs, cells)", pages, f"{len(document.blocks):,}")
            if fmt == "pdf":
                put("pdf: pages", pages, str(document.pages))
            put(f"{fmt}: parse (s)", pages, f"{seconds:.3f}")
            put(f"{fmt}: match, 1 core, all criteria (s)", pages, f"{match:.3f}")
            put(f"{fmt}: match, detected groups only (s)", pages, f"{usual:.3f}")
            put(f"{fmt}: whole check process (s)", pages, f"{wall:.2f}")
            put(f"{fmt}: check peak memory (MB)", pages, f"{peak:.0f}")
            figures[f"match_{fmt}_{pages}"] = match
            figures[f"check_{fmt}_{pages}"] = wall
            figures[f"peak_{fmt}_{pages}"] = peak
            figures[f"parse_{fmt}_{pages}"] = seconds

    document = documents[("docx", 300)]
    tracemalloc.start()
    parse((folder / "bestek-300p.docx").read_bytes(), "bestek-300p.docx")
    matcher.run(document, all_criteria=True)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    match_4x, _ = best(repeat, lambda: matcher_4x.run(document, all_criteria=True))

    # the naive method: every clause against every paragraph, on the 10-page bestek, scaled to 300 pages
    clauses = [" ".join(c.clause.split()) for c in catalogue.criteria]
    short = [b.text for b in documents[("docx", NAIVE_PAGES)].blocks]
    long = [b.text for b in document.blocks]
    naive_short, matrix = best(1, lambda: all_pairs(clauses, short))
    assert isinstance(matrix, list)
    scale = sum(map(len, long)) / sum(map(len, short))  # partial_ratio's cost grows with the paragraph's length
    naive_300 = naive_short * scale
    placed_short = set(bestekken[NAIVE_PAGES].clauses)
    naive_strays = sum(
        1 for c, row in zip(catalogue.criteria, matrix, strict=True) if c.id not in placed_short and max(row) >= 80
    )
    report_short = matcher.run(documents[("docx", NAIVE_PAGES)], all_criteria=True)
    ours_strays = sum(
        1 for f in report_short.findings if f.criterion not in placed_short and f.status in ("met", "partial")
    )
    ours_300 = figures["match_docx_300"]
    placed = bestekken[300].clauses
    placed_texts = [" ".join(catalogue.criterion(cid).clause.split()) for cid in placed]
    scores = all_pairs(placed_texts, long)
    naive_found = int(sum(1 for row in scores if max(row) >= NAIVE_FOUND))
    ours_found = found(matcher, document, placed)

    width = 40
    print(f"Catalogue {catalogue.version}: {len(catalogue.criteria)} criteria; Python {sys.version.split()[0]}; "
          f"check command: {' '.join(Path(c).name for c in check_command())} check FILE --format json")
    print()
    print(f"{'':<{width}}" + "".join(f"{f'{p} p':>12}" for p in PAGES) + f"{'target (300 p)':>18}")
    targets = {
        "docx: match, 1 core, all criteria (s)": TARGETS["match_docx"],
        "docx: whole check process (s)": TARGETS["check_docx"],
        "docx: check peak memory (MB)": TARGETS["peak_docx"],
        "pdf: whole check process (s)": TARGETS["check_pdf"],
    }
    for name, values in rows.items():
        print(f"{name:<{width}}" + "".join(f"{values.get(p, ''):>12}" for p in PAGES) + f"{targets.get(name, ''):>18}")
    print()
    print(f"{'in-process peak (tracemalloc), parse + match 300 p docx':<60}{traced / 2**20:>10.0f} MB")
    print(f"{'compile matcher, catalogue 1x / 4x (s)':<60}{compile_1x:>10.3f} {compile_4x:>8.3f}")
    print(f"{'match 300 p docx, catalogue 1x / 4x (s)':<60}{ours_300:>10.3f} {match_4x:>8.3f}"
          f"   ({match_4x / ours_300:.1f}x time for 4x criteria)")
    growth = figures["match_docx_300"] / figures["match_docx_10"]
    print(f"{'match growth 10 -> 300 p docx (30x the text)':<60}{growth:>10.1f}x")
    print()
    print(f"Naive ({naive_method()}): {len(clauses)} clauses x {len(short)} blocks "
          f"({NAIVE_PAGES} p), 1 worker: {naive_short:.2f} s; scaled by text length x{scale:.1f} to the "
          f"300 p bestek ({len(long)} blocks): {naive_300:.0f} s")
    ratio = naive_300 / ours_300
    print(f"Speed ratio naive / ours on 300 p: {ratio:,.0f}x   (target {TARGETS['ratio']})")
    print(f"Recall on the {len(placed)} clauses placed in the 300 p bestek: ours {ours_found}/{len(placed)} "
          f"({ours_found / len(placed):.2f}), naive {naive_found}/{len(placed)} ({naive_found / len(placed):.2f}, "
          f"best partial_ratio >= {NAIVE_FOUND})")
    print(f"Criteria reported although not placed, {NAIVE_PAGES} p bestek ({len(placed_short)} placed, every "
          f"criterion judged): ours {ours_strays} (met or partial), naive {naive_strays} of "
          f"{len(clauses) - len(placed_short)}")
    print()
    print(f"summary: match {ours_300:.2f} s, check docx {figures['check_docx_300']:.2f} s, "
          f"peak {figures['peak_docx_300']:.0f} MB, check pdf {figures['check_pdf_300']:.2f} s, "
          f"naive/ours {ratio:,.0f}x (300 p)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
