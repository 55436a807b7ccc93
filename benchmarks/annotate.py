"""How long annotating a bestek takes (10 / 100 / 300 pages), and what one dev-set Word file gets.

    python -m benchmarks.annotate [--seed S] [--repeat N] [--dev ../shared/eval/dev/dev-028.docx]

Prints, per size: blocks, parse, match, annotate (the best of `--repeat` runs), comments and insertions made,
and the round trip (inserted criteria found as met after accepting every change); then the same for the dev file.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.render import to_docx
from benchmarks.speed import best, build_bestek
from procurement.catalogue import load
from procurement.documents import Document, parse
from procurement.matching import Matcher, Report, compile_catalogue
from procurement.reports.annotate import Annotated, annotate, clause_texts, notes_from_report
from tests.reports.wordfiles import accept_all

PAGES = (10, 100, 300)
DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev" / "dev-028.docx"


def round_trip(matcher: Matcher, report: Report, result: Annotated, name: str) -> str:
    """'12 of 12': inserted criteria found as met once every change is accepted; and met ones lost."""
    groups = [g.id for g in report.product_groups]
    after = {f.criterion: f.status for f in matcher.run(parse(accept_all(result.data), name), groups).findings}
    before = {f.criterion: f.status for f in report.findings}
    inserted = [c for c, s in before.items() if s == "missing"]
    met = sum(1 for c in inserted if after[c] == "met")
    lost = sum(1 for c, s in before.items() if s == "met" and after[c] != "met")
    return f"{met} of {len(inserted)} met, {lost} met before lost"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dev", type=Path, default=DEV, help="a .docx of the dev set")
    args = parser.parse_args(argv)
    catalogue = load()
    matcher = compile_catalogue(catalogue)
    texts = clause_texts(catalogue)
    moment = datetime.now(UTC)

    def measure(data: bytes, name: str, label: str) -> None:
        parse_s, document = best(args.repeat, lambda: parse(data, name))
        assert isinstance(document, Document)
        match_s, report = best(args.repeat, lambda: matcher.run(document))
        assert isinstance(report, Report)
        notes = notes_from_report(report, texts)
        annotate_s, result = best(args.repeat, lambda: annotate(data, document, notes, moment=moment))
        assert isinstance(result, Annotated)
        new = ", ".join(result.new_sections) or "none"
        print(f"{label:<26} {len(document.blocks):>7,} {parse_s:>8.2f} {match_s:>8.2f} {annotate_s:>10.2f} "
              f"{result.comments:>9} {result.insertions:>10}   {round_trip(matcher, report, result, name)}; "
              f"new parts at the end: {new}")

    print(f"{'document':<26} {'blocks':>7} {'parse s':>8} {'match s':>8} {'annotate s':>10} {'comments':>9} "
          f"{'insertions':>10}   round trip")
    for pages in PAGES:
        bestek = build_bestek(catalogue, pages, args.seed)
        measure(to_docx(bestek.parts, "Stad Gent – Bestek"), f"bestek-{pages}p.docx", f"{pages}-page bestek (.docx)")
    if args.dev.exists():
        measure(args.dev.read_bytes(), args.dev.name, args.dev.name)
    else:
        print(f"{args.dev} not found: no dev-set figure", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
