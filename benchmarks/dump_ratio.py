"""Whole `procurement check` of a 300-page .docx against a bare python-docx dump of the same file.

    python -m benchmarks.dump_ratio [--pages N] [--repeat N] [--seed S]

Both run as whole processes (the console script beside the interpreter, or `python -m procurement.cli`; the dump
is `python -c` reading every paragraph and table cell with python-docx and printing the text), alternated, each
`--repeat` times after one warm-up. Prints per command the median CPU time (user + sys of the child, from
`os.wait4`) and wall time, and the median of the pairwise ratios. The issue's target is printed, not asserted:
check <= 5x the dump.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.render import to_docx
from benchmarks.speed import build_bestek
from procurement.catalogue import load

DUMP = (
    "import sys, docx\n"
    "d = docx.Document(sys.argv[1])\n"
    "out = [p.text for p in d.paragraphs]\n"
    "out += [c.text for t in d.tables for r in t.rows for c in r.cells]\n"
    "sys.stdout.write('\\n'.join(out))\n"
)
TARGET = 5.0


def check_command(path: Path) -> list[str]:
    script = Path(sys.executable).with_name("procurement")
    head = [str(script)] if script.exists() else [sys.executable, "-m", "procurement.cli"]
    return [*head, "check", "--format", "json", str(path)]


def run(command: Sequence[str]) -> tuple[float, float]:
    """CPU seconds (user + sys) and wall seconds of one whole process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # check exits 1 when a clause is missing
        raise SystemExit(f"{command[0]} failed with status {status}")
    return usage.ru_utime + usage.ru_stime, wall


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-dump-") as tmp:
        path = Path(tmp) / f"bestek-{args.pages}.docx"
        path.write_bytes(to_docx(build_bestek(load(), args.pages, args.seed).parts))
        commands = {"check": check_command(path), "dump": [sys.executable, "-c", DUMP, str(path)]}
        for command in commands.values():
            run(command)  # warm-up: page cache, the catalogue's parse cache
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                figures[name].append(run(command))
    for name, runs in figures.items():
        print(f"{name:<6} cpu {statistics.median(c for c, _ in runs):.3f} s  wall "
              f"{statistics.median(w for _, w in runs):.3f} s  (median of {len(runs)})")
    cpu = statistics.median(a[0] / b[0] for a, b in zip(figures["check"], figures["dump"], strict=True))
    wall = statistics.median(a[1] / b[1] for a, b in zip(figures["check"], figures["dump"], strict=True))
    print(f"ratio check/dump on {args.pages} pages: cpu {cpu:.2f}x wall {wall:.2f}x (target <= {TARGET:.0f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
