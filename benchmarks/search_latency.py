"""Catalogue search latency: ~50 realistic buyer queries (typos, variants, filters) over the whole catalogue.

    python -m benchmarks.search_latency [--repeat N] [--catalogue DIR]

Builds the search index once (timed separately), then runs every query N times and prints the median and the
95th percentile of one search, in milliseconds, beside the goal (p95 under 50 ms).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from procurement.catalogue import load
from procurement.catalogue.model import ALL_TENDERS
from procurement.search import Query, SearchIndex

GOAL_P95_MS = 50.0
QUERIES: tuple[Query, ...] = (
    # the examples: compounds, typos, abbreviations, variants
    Query("kinderarbeid"), Query("kinder arbeid"), Query("kinderarbied"), Query("IAO"), Query("ILO"),
    Query("ecolabel"), Query("eco-label"), Query("biologisch"), Query("bio"), Query("fairtrade"),
    Query("fair trade"), Query("eerlijke handel"), Query("energiezuinig"), Query("energiezuinige toestellen"),
    # what buyers type: plurals, Flemish words, several words, typos
    Query("verpakkingen"), Query("lampen"), Query("kuisen"), Query("werkkledij"), Query("wc-papier"),
    Query("beschutte werkplaats"), Query("maatwerkbedrijf"), Query("sociale economie"), Query("MVO charter"),
    Query("CSR"), Query("social return"), Query("gerecycleerd papier"), Query("duurzaam hout"),
    Query("elektrische voertuigen"), Query("electrische wagens"), Query("laadpalen"), Query("kerstverlichting"),
    Query("led verlichting"), Query("pesticidenvrij onkruidbeheer"), Query("palmolie"), Query("koffie"),
    Query("kofie automaat"), Query("dierenwelzijn"), Query("levenscycluskosten"), Query("herstelbaarheid"),
    Query("tweedehands meubilair"), Query("non-discriminatie"), Query("sociale dumping"), Query("afvalbeheer"),
    Query("conflictmineralen"), Query("groene stroom"),
    # words with filters, and filters alone
    Query("ecolabel", group="cleaning-services", kind="technical-specification"),
    Query("arbeid", theme="human-rights", essential=True), Query("energie", ambition=2),
    Query("", group="cleaning-services", essential=True), Query("", group=ALL_TENDERS),
    Query("", theme="circularity", sdg=12), Query("sdg 13"), Query("BT-775", kind="execution-condition"),
)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of the values (fraction 0.95 for p95)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def measure(index: SearchIndex, repeat: int) -> list[float]:
    """Milliseconds of every single search, every query `repeat` times (interleaved, not query by query)."""
    timings = []
    for _ in range(repeat):
        for query in QUERIES:
            start = time.perf_counter()
            index.search(query)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="how many times every query runs (default 20)")
    parser.add_argument("--catalogue", type=Path, default=None, help="a criteria folder (default: criteria/)")
    args = parser.parse_args(argv)

    catalogue = load(args.catalogue)
    start = time.perf_counter()
    index = SearchIndex(catalogue)
    built_ms = (time.perf_counter() - start) * 1000
    timings = measure(index, args.repeat)
    median, p95 = statistics.median(timings), percentile(timings, 0.95)
    print(f"catalogue {catalogue.version}: index built in {built_ms:.0f} ms ({len(index.vocabulary)} terms); "
          f"{len(QUERIES)} queries x {args.repeat} runs, slowest {max(timings):.1f} ms")
    print(f"search latency over {len(index.criteria)} criteria: median {median:.2f} ms, p95 {p95:.2f} ms "
          f"(goal p95 < {GOAL_P95_MS:.0f} ms)")


if __name__ == "__main__":
    main()
