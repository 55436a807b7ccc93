"""Detection accuracy on the labelled benchmark corpus: recall, precision, partial-exact, product groups.

    python -m benchmarks.accuracy [--n N] [--seed S] [--out DIR] [--verbose]

Builds the corpus (`benchmarks.corpus`), writes every document as a real .docx / .pdf, parses it with
`procurement.documents.parse`, runs the matcher on every criterion (`all_criteria=True`) and compares.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from benchmarks.corpus import GROUP_MODES, Corpus, CorpusDocument, GroupCase, Label, build, build_groups
from benchmarks.variants import CONTEXT, PARTIAL, POSITIVE_KINDS, REMOVED, TRAP_KINDS, PhraseOracle, Placement
from procurement.catalogue import THEMES, Catalogue, Criterion, load
from procurement.documents import parse
from procurement.matching import Finding, Matcher, Report, compile_catalogue, cues
from procurement.text import tokens

FOUND = ("met", "partial")
SCORED_POSITIVE = (*POSITIVE_KINDS, PARTIAL)
NEGATIVE = (*TRAP_KINDS, REMOVED)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The checker's finding for one labelled criterion of one document."""

    document: str
    label: Label
    status: str
    missing: tuple[str, ...]
    located: bool  # the evidence is the placed text
    explanation: str
    evidence: str

    @property
    def found(self) -> bool:
        return self.status in FOUND

    @property
    def partial_exact(self) -> bool:
        return self.status == "partial" and set(self.missing) == set(self.label.missing)


@dataclass(frozen=True, slots=True)
class Stray:
    """A met/partial finding for a criterion that was not placed in the document at all."""

    document: str
    criterion: str
    theme: str
    status: str
    source: str  # the placed criterion [kind] whose text it came from, or "filler"
    evidence: str
    applicable: bool  # the criterion applies to the document's product group (general or same group)
    overlap: bool  # by the catalogue's own phrases, the source text holds this criterion's topic and elements


@dataclass(frozen=True, slots=True)
class GroupOutcome:
    case: str
    mode: str
    expected: frozenset[str]
    detected: frozenset[str]
    detail: str = ""


@dataclass(slots=True)
class Results:
    outcomes: list[Outcome] = field(default_factory=list)
    strays: list[Stray] = field(default_factory=list)
    groups: list[GroupOutcome] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def of(self, kinds: Iterable[str]) -> list[Outcome]:
        wanted = set(kinds)
        return [o for o in self.outcomes if o.label.kind in wanted]

    @property
    def positives(self) -> list[Outcome]:
        return self.of(SCORED_POSITIVE)

    @property
    def recall(self) -> float:
        return _share(sum(o.found for o in self.positives), len(self.positives))

    @property
    def false_positives(self) -> list[Outcome]:
        return [o for o in self.of(NEGATIVE) if o.found]

    @property
    def applicable_strays(self) -> list[Stray]:
        return [s for s in self.strays if s.applicable]

    @property
    def precision(self) -> float:
        """Over met+partial: traps, removed clauses and criteria of the bestek's groups not placed count as FP."""
        hits = sum(o.found for o in self.positives)
        return _share(hits, hits + len(self.false_positives) + len(self.applicable_strays))

    @property
    def precision_all(self) -> float:
        """As `precision`, also counting criteria of other product groups (judged only with all_criteria)."""
        hits = sum(o.found for o in self.positives)
        return _share(hits, hits + len(self.false_positives) + len(self.strays))

    @property
    def precision_labelled(self) -> float:
        hits = sum(o.found for o in self.positives)
        return _share(hits, hits + len(self.false_positives))

    @property
    def partial_exact(self) -> float:
        partials = self.of([PARTIAL])
        return _share(sum(o.partial_exact for o in partials), len(partials))

    @property
    def cases(self) -> int:
        return len(self.outcomes)

    def summary(self) -> str:
        return (
            f"recall {self.recall:.2f} precision {self.precision:.2f} partial-exact {self.partial_exact:.2f} "
            f"cases {self.cases}"
        )


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


# --- running -----------------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return " " + " ".join(tokens(text)) + " "


def _source(texts: Sequence[str], placements: Iterable[Placement]) -> Placement | None:
    """The placement whose text holds one of the evidence texts (or is held by it)."""
    keys = [_key(t) for t in texts if t.strip()]
    for placement in placements:
        placed = [_key(t) for t in placement.texts]
        if any(k in p or p in k for k in keys for p in placed):
            return placement
    return None


def measure(corpus: Corpus, matcher: Matcher, folder: Path, groups: Sequence[GroupCase] = ()) -> Results:
    """Write, parse and check every document of the corpus; compare with the labels."""
    results = Results()
    folder.mkdir(parents=True, exist_ok=True)
    catalogue = matcher.catalogue
    oracle = PhraseOracle(catalogue)
    for document in corpus.documents:
        report = _check(document, folder, matcher, results)
        _compare(document, report, catalogue, oracle, results)
    for case in groups:
        started = time.perf_counter()
        path = folder / case.name
        path.write_bytes(case.render())
        parsed = parse(path.read_bytes(), case.name)
        matches = matcher.detect_product_groups(parsed)
        detected = frozenset(g.id for g in matches)
        results.seconds["groups"] += time.perf_counter() - started
        why = "; ".join(f"{g.id}: {g.evidence}" for g in matches if g.id not in case.expected)
        detail = f"{case.detail} [{why}]" if why else case.detail
        results.groups.append(GroupOutcome(case.name, case.mode, case.expected, detected, detail))
    return results


def _check(document: CorpusDocument, folder: Path, matcher: Matcher, results: Results) -> Report:
    started = time.perf_counter()
    path = folder / document.name
    path.write_bytes(document.render())
    results.seconds["render"] += time.perf_counter() - started
    started = time.perf_counter()
    parsed = parse(path.read_bytes(), document.name)
    results.seconds["parse"] += time.perf_counter() - started
    started = time.perf_counter()
    report = matcher.run(parsed, all_criteria=True)
    if document.group:
        # the criteria of the bestek's own group as a real check judges them (general ones restated by a group
        # criterion covered); criteria of other groups only as all_criteria judges them
        # (a general criterion placed itself is still judged on its own, so its recall is measured)
        own = {f.criterion: f for f in matcher.run(parsed, product_groups=[document.group]).findings}

        def pick(f: Finding) -> Finding:
            mine = own[f.criterion]
            covered = mine.explanation.startswith("Gedekt door")
            return mine if (mine.status != "not_applicable" or covered) and f.criterion not in document.labels else f

        report = replace(report, findings=tuple(pick(f) for f in report.findings))
    results.seconds["match"] += time.perf_counter() - started
    return report


def _compare(
    document: CorpusDocument, report: Report, catalogue: Catalogue, oracle: PhraseOracle, results: Results
) -> None:
    placements = {p.criterion: p for p in document.placements}
    if document.group and not document.name.startswith("twin-"):
        detected = frozenset(g.id for g in report.product_groups)
        why = "; ".join(f"{g.id}: {g.evidence}" for g in report.product_groups if g.id != document.group)
        results.groups.append(
            GroupOutcome(document.name, "bestek", frozenset({document.group}), detected, f"[{why}]" if why else "")
        )
    for finding in report.findings:
        cid = finding.criterion
        label = document.labels.get(cid)
        texts = [e.text for e in finding.evidence]
        if label is None:
            if finding.status in FOUND:
                criterion = catalogue.criterion(cid)
                source = _source(texts, document.placements)
                where = f"{source.criterion} [{source.kind}]" if source else "filler"
                applicable = criterion.applies_to_all or document.group in criterion.product_groups
                overlap = source is not None and _meets(oracle, criterion, source.texts)
                results.strays.append(
                    Stray(document.name, cid, criterion.theme, finding.status, where, " | ".join(texts), applicable,
                          overlap)
                )
            continue
        if label.kind == CONTEXT:
            continue
        placed = placements.get(cid)
        located = placed is not None and _source(texts, [placed]) is not None
        results.outcomes.append(
            Outcome(document.name, label, finding.status, finding.missing_elements, located, finding.explanation,
                    " | ".join(texts))
        )


def _meets(oracle: PhraseOracle, criterion: Criterion, texts: Sequence[str]) -> bool:
    """The texts name the criterion's topic and its required elements (the catalogue says they match)."""
    rec = criterion.recognition
    required = rec.min_elements if rec.min_elements is not None else len(rec.elements)
    return criterion.id in oracle.topics(texts) and len(oracle.elements(criterion.id, texts)) >= required


# --- reporting ---------------------------------------------------------------------------------------------


def _row(name: str, values: Sequence[object], width: int = 16) -> str:
    return f"{name:<{width}}" + "".join(f"{v:>10}" if not isinstance(v, float) else f"{v:>10.2f}" for v in values)


def report(results: Results, verbose: bool = False, worst: int = 15) -> str:
    lines: list[str] = []
    add = lines.append
    add("Positives (found = met or partial)")
    add(_row("kind", ["cases", "found", "recall", "status=", "located"]))
    for kind in SCORED_POSITIVE:
        items = results.of([kind])
        if items:
            found = sum(o.found for o in items)
            exact = sum(o.status == o.label.expected for o in items)
            located = sum(o.located for o in items if o.found)
            add(_row(kind, [len(items), found, _share(found, len(items)), _share(exact, len(items)),
                            _share(located, found)]))
    reworded = results.of(["reworded"])
    if reworded:
        operations = sorted({op for o in reworded for op in o.label.detail.split("+") if op})
        add(_row("  reworded by", ["cases", "found", "recall"]))
        for op in operations:
            items = [o for o in reworded if op in o.label.detail.split("+")]
            found = sum(o.found for o in items)
            add(_row(f"  + {op}", [len(items), found, _share(found, len(items))]))
    misses = [o for o in results.positives if not o.found]
    if misses:
        reasons = Counter(_miss_reason(o) for o in misses)
        add("Why positives were missed: " + "; ".join(f"{reason} {count}" for reason, count in reasons.most_common()))
    add("")
    add("Negatives (a met/partial is a false positive)")
    add(_row("kind", ["cases", "FP", "FP rate"]))
    for kind in NEGATIVE:
        items = results.of([kind])
        if items:
            fp = sum(o.found for o in items)
            add(_row(kind, [len(items), fp, _share(fp, len(items))]))
    applicable = results.applicable_strays
    overlap = sum(s.overlap for s in applicable)
    add(_row("not placed", ["", len(applicable), ""]) + f"   ({sum(s.status == 'met' for s in applicable)} met, "
        f"{sum(s.status == 'partial' for s in applicable)} partial; criteria of the bestek's group not placed in it)")
    add("")
    hits = sum(o.found for o in results.positives)
    add(f"Precision on met+partial: {results.precision:.3f} ({hits} true; false: {len(results.false_positives)} on "
        f"traps/removed, {len(applicable)} on criteria of the bestek's product group that were not placed, "
        f"{overlap} of them where the catalogue's own phrases say the placed text holds that criterion too)")
    add(f"  {results.precision_labelled:.3f} counting only labelled traps and removed clauses; "
        f"{results.precision_all:.3f} also counting {len(results.strays) - len(applicable)} criteria of other "
        f"product groups (judged only because of all_criteria)")
    partials = results.of([PARTIAL])
    as_partial = sum(o.status == "partial" for o in partials)
    add(f"Partial clauses: {len(partials)}; reported partial {as_partial}; with exactly the right missing elements "
        f"{sum(o.partial_exact for o in partials)} ({results.partial_exact:.3f})")
    add("")
    add("Per theme (strays: criteria of the bestek's group found but not placed)")
    add(_row("theme", ["positives", "recall", "FP", "strays", "partial=", "precision"], 20))
    for theme in THEMES:
        pos = [o for o in results.positives if o.label.theme == theme]
        found = sum(o.found for o in pos)
        fps = [o for o in results.false_positives if o.label.theme == theme]
        strays = [s for s in results.applicable_strays if s.theme == theme]
        parts = [o for o in results.of([PARTIAL]) if o.label.theme == theme]
        add(_row(theme, [len(pos), _share(found, len(pos)), len(fps), len(strays),
                         _share(sum(o.partial_exact for o in parts), len(parts)),
                         _share(found, found + len(fps) + len(strays))], 20))
    add("")
    pairs = Counter((s.criterion, s.source.split(" [")[0], s.overlap) for s in applicable)
    if pairs:
        add("Criteria of the bestek's group found where they were not placed (found <- placed text), most frequent:")
        for (found_id, source, same), count in pairs.most_common(worst):
            add(f"  {count:>3}  {found_id} <- {source}{'  (catalogue overlap)' if same else ''}")
        add("")
    if results.groups:
        lines += _group_report(results.groups)
    if verbose:
        lines += _worst(results, worst)
    seconds = ", ".join(f"{k} {v:.1f} s" for k, v in results.seconds.items())
    add(f"Time: {seconds}")
    return "\n".join(lines)


def _miss_reason(outcome: Outcome) -> str:
    """A coarse cause: topic not seen, or seen but not judged binding (by the kind of heading above it)."""
    if not outcome.explanation.startswith("Enkel vermeld"):
        return "topic not found"
    weight, _ = cues.heading_weight(outcome.label.section)
    where = {1: "requirement heading", 0: "neutral heading", -3: "information heading"}.get(weight, "heading")
    return f"not binding under a {where}"


def _group_report(groups: list[GroupOutcome]) -> list[str]:
    lines = ["Product group detection"]
    ids = sorted({g for o in groups for g in o.expected | o.detected})
    lines.append(_row("group", ["TP", "FP", "FN", "precision", "recall"], 20))
    for gid in ids:
        tp = sum(gid in o.expected and gid in o.detected for o in groups)
        fp = sum(gid not in o.expected and gid in o.detected for o in groups)
        fn = sum(gid in o.expected and gid not in o.detected for o in groups)
        lines.append(_row(gid, [tp, fp, fn, _share(tp, tp + fp), _share(tp, tp + fn)], 20))
    tp = sum(len(o.expected & o.detected) for o in groups)
    fp = sum(len(o.detected - o.expected) for o in groups)
    fn = sum(len(o.expected - o.detected) for o in groups)
    lines.append(_row("all", [tp, fp, fn, _share(tp, tp + fp), _share(tp, tp + fn)], 20))
    lines.append(_row("mode", ["cases", "exact set"], 20))
    for mode in (*GROUP_MODES, "bestek"):
        items = [o for o in groups if o.mode == mode]
        if items:
            lines.append(_row(mode, [len(items), _share(sum(o.expected == o.detected for o in items), len(items))],
                              20))
    wrong = [o for o in groups if o.expected != o.detected]
    for o in wrong[:20]:
        lines.append(f"  {o.case}: expected {sorted(o.expected) or '-'}, detected {sorted(o.detected) or '-'} "
                     f"{o.detail}")
    lines.append("")
    return lines


def _clip(text: str, size: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _worst(results: Results, worst: int) -> list[str]:
    lines = ["Misses (positives reported missing):"]
    for o in [o for o in results.positives if not o.found][:worst]:
        lines.append(f"  {o.document} {o.label.criterion} [{o.label.kind} {o.label.detail}] under "
                     f"'{o.label.section}': {_clip(o.explanation)}")
    lines.append("False positives on traps and removed clauses:")
    for o in results.false_positives[:worst]:
        lines.append(f"  {o.document} {o.label.criterion} [{o.label.kind}] {o.status}: {_clip(o.evidence)}")
        lines.append(f"      {_clip(o.explanation)}")
    lines.append("Partial clauses not reported exactly:")
    for o in [o for o in results.of([PARTIAL]) if not o.partial_exact][:worst]:
        lines.append(f"  {o.document} {o.label.criterion} [{o.label.detail}]: got {o.status} "
                     f"missing {list(o.missing)}; expected missing {list(o.label.missing)}")
    lines.append("Criteria of the bestek's group found where they were not placed:")
    for s in [s for s in results.applicable_strays if not s.overlap][:worst]:
        lines.append(f"  {s.document} {s.criterion} {s.status} <- {s.source}: {_clip(s.evidence)}")
    lines.append("")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=None, help="criteria to sample (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="keep the documents and labels.json here")
    parser.add_argument("--positives", type=int, default=None, help="positive variant kinds per criterion")
    parser.add_argument("--traps", type=int, default=None, help="trap kinds per criterion")
    parser.add_argument("--partials", type=int, default=2, help="partial variants per criterion")
    parser.add_argument("--groups-per-mode", type=int, default=2, help="group detection documents per group and mode")
    parser.add_argument("--verbose", action="store_true", help="list the worst cases")
    args = parser.parse_args(argv)

    catalogue = load()
    matcher = compile_catalogue(catalogue)
    started = time.perf_counter()
    corpus = build(catalogue, args.seed, args.n, args.positives, args.partials, args.traps)
    groups = build_groups(catalogue, args.seed, args.groups_per_mode)
    print(f"Catalogue {catalogue.version}: {len(catalogue.criteria)} criteria; corpus of {len(corpus.documents)} "
          f"documents, {corpus.cases} labelled cases, {len(groups)} product group documents "
          f"(built in {time.perf_counter() - started:.1f} s)")
    traps = [(d, label) for d in corpus.documents for label in d.labels.values() if label.kind in TRAP_KINDS]
    beside = sum(1 for d, _ in traps if any(lb.kind in SCORED_POSITIVE for lb in d.labels.values()))
    print(f"Traps in a document that also holds a clause of another criterion: {beside} of {len(traps)}")
    if corpus.skipped:
        print("Variants a clause does not allow (criteria): "
              + ", ".join(f"{k} {v}" for k, v in sorted(corpus.skipped.items())))
    if args.out:
        corpus.write(args.out)
        results = measure(corpus, matcher, args.out, groups)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-accuracy-") as tmp:
            results = measure(corpus, matcher, Path(tmp), groups)
    print(report(results, args.verbose))
    print(results.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
