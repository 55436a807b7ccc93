"""Theme decisions on files of real passages (positives and look-alikes), as `run_eval.py` decides them.

    python -m benchmarks.passages [FILE.yaml ...] [--verbose]

Each passage (the format of `tests/matching/public_passages.yaml`) is checked alone under its heading,
between two ordinary administrative articles, with `all_criteria=True`: a theme counts as found when any
criterion of that theme is met or partial. Prints per file the passages passed, theme precision and recall,
and with `--verbose` every passage that failed with the criteria that fired. Default files: the public and
real-bestek passages of the test suite.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import yaml

from procurement.catalogue import load
from procurement.documents.model import Block, Document, Location
from procurement.matching import Matcher, compile_catalogue

TESTS = Path(__file__).resolve().parent.parent / "tests" / "matching"
DEFAULT_FILES = (TESTS / "public_passages.yaml", TESTS / "real_bestek_passages.yaml")
BEFORE = (("heading", "Artikel 3 – Prijsherziening"),
          ("paragraph", "De prijzen zijn vast en niet herzienbaar gedurende de eerste twaalf maanden van de opdracht."))
AFTER = (("heading", "Artikel 21 – Betalingen"),
         ("paragraph", "De betaling gebeurt binnen dertig dagen na de datum van ontvangst van de factuur."))


def document(heading: str, text: str) -> Document:
    """The passage as one paragraph under its heading, framed by two neutral articles."""
    blocks: list[Block] = []
    section: str | None = None
    for kind, part in (*BEFORE, ("heading", heading), ("paragraph", text), *AFTER):
        if kind == "heading":
            section = part
        blocks.append(Block(part, kind, Location(section, len(blocks) + 1), level=2 if kind == "heading" else None))
    return Document("passage.docx", "docx", tuple(blocks))


def found(matcher: Matcher, passage: dict[str, object]) -> dict[str, list[str]]:
    """Theme -> criteria met or partial on the passage."""
    report = matcher.run(document(str(passage["heading"]), str(passage["text"])), all_criteria=True)
    themes: dict[str, list[str]] = {}
    for finding in report.findings:
        if finding.status in ("met", "partial"):
            themes.setdefault(finding.theme, []).append(finding.criterion)
    return themes


def evaluate(matcher: Matcher, path: Path, verbose: bool) -> str:
    passages = yaml.safe_load(path.read_text(encoding="utf-8"))["passages"]
    tp = fp = fn = passed = 0
    lines = []
    for passage in passages:
        passage.setdefault("kind", "positive")
        expected = set(passage.get("themes") or []) if passage["kind"] == "positive" else set()
        themes = found(matcher, passage)
        got = set(themes)
        tp += len(expected & got)
        fp += len(got - expected)
        fn += len(expected - got)
        ok = expected <= got if passage["kind"] == "positive" else not got
        passed += ok
        if verbose and not ok or verbose and got - expected:
            extra = {t: themes[t] for t in sorted(got - expected)}
            lines.append(f"  {'FAIL' if not ok else 'extra'} {passage['kind']:<8} {passage['id']}: "
                         f"missing {sorted(expected - got) or '-'}; extra {extra or '-'}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    positives = sum(p["kind"] == "positive" for p in passages)
    head = (f"{path.name}: passed {passed}/{len(passages)} (positives {positives}, negatives "
            f"{len(passages) - positives}) theme-precision {precision:.3f} theme-recall {recall:.3f} "
            f"(tp {tp} fp {fp} fn {fn})")
    return "\n".join([head, *lines])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_FILES))
    parser.add_argument("--verbose", action="store_true", help="list every passage that failed")
    args = parser.parse_args(argv)
    matcher = compile_catalogue(load())
    for path in args.files:
        print(evaluate(matcher, path, args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
