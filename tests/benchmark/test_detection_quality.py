"""Detection quality on a seeded sample of the benchmark corpus: thresholds that fail when detection regresses.

Real .docx and .pdf files go through the real parser and the matcher (`all_criteria=True`). The full benchmark,
with tables per variant and theme and the worst cases, is `python -m benchmarks.accuracy --verbose`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.accuracy import Results, measure
from benchmarks.corpus import build, build_groups
from procurement.catalogue import load
from procurement.matching import compile_catalogue

pytestmark = pytest.mark.slow

SEED = 7
RECALL = 0.95  # the targets
PRECISION = 0.97
PARTIAL_EXACT = 0.8
STRAY_PRECISION_FLOOR = 0.88  # this sample measured 0.92 (seed 7, engine 2.7); a drop below 0.88 is a regression
GROUPS = 0.9


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    catalogue = load()
    corpus = build(catalogue, SEED, positives=2, partials=1, traps=2, removed=0.3)
    groups = build_groups(catalogue, SEED, per_mode=1)
    folder: Path = tmp_path_factory.mktemp("benchmark")
    return measure(corpus, compile_catalogue(catalogue), folder, groups)


def test_the_sample_covers_clauses_partials_traps_and_removed_clauses(results: Results) -> None:
    kinds = {o.label.kind for o in results.outcomes}
    assert {"partial", "removed"} <= kinds
    assert len(results.positives) >= 100
    assert len(results.of(["partial"])) >= 30


def test_clauses_placed_the_way_real_bestekken_do_are_found(results: Results) -> None:
    assert results.recall >= RECALL, results.summary()


def test_mentions_traps_and_removed_clauses_are_not_counted_as_clauses(results: Results) -> None:
    assert results.precision_labelled >= PRECISION, [
        (o.document, o.label.criterion, o.label.kind, o.evidence[:80]) for o in results.false_positives
    ]


def test_criteria_that_were_not_placed_are_rarely_reported_and_no_more_than_today(results: Results) -> None:
    # Every met/partial of an unplaced criterion of the same product group counts as false here, also where the
    # placed clause really holds part of it (all-recycled paper also meets the fibre-origin criterion). The issue
    # asks 0.9 on the full benchmark (`python -m benchmarks.accuracy`); this sample is guarded a little below
    # today's level. The precision over traps and removed clauses (>= 0.97) is above.
    assert results.precision >= STRAY_PRECISION_FLOOR, results.summary()


def test_partial_clauses_are_reported_partial_with_the_right_missing_elements(results: Results) -> None:
    assert results.partial_exact >= PARTIAL_EXACT, results.summary()


def test_product_groups_are_detected_from_cpv_codes_subjects_and_titles(results: Results) -> None:
    cases = [g for g in results.groups if g.mode != "words"]
    tp = sum(len(g.expected & g.detected) for g in cases)
    fp = sum(len(g.detected - g.expected) for g in cases)
    fn = sum(len(g.expected - g.detected) for g in cases)
    assert tp / (tp + fp) >= GROUPS
    assert tp / (tp + fn) >= GROUPS
