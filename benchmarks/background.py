"""False findings on ordinary contract text, and how common each catalogue phrase is there.

    python -m benchmarks.background            # per criterion: findings per 100,000 words; the commonest phrases
    python -m benchmarks.background --write    # also write the common phrases into criteria/vocabulary.yaml

The corpus is real contract text without a binding sustainability requirement: `benchmarks/background/*.txt`
(sources and licences in its SOURCES.md) and, when it stands beside the checkout, `../shared/eval/real-dev`.
Every met or partial finding there is false. A phrase found COMMON_RATE times or more per 100,000 words is
common: a finding that rests only on common phrases is refused by the matcher (`vocabulary.yaml`).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from procurement.catalogue import default_path, load
from procurement.catalogue.model import Catalogue
from procurement.catalogue_lint import background_findings
from procurement.documents import parse
from procurement.documents.model import Document
from procurement.matching import Matcher, compile_catalogue
from procurement.matching.scan import scan
from procurement.text import tokens

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIRS = (ROOT / "benchmarks" / "background", ROOT.parent / "shared" / "eval" / "real-dev")
COMMON_RATE = 5.0  # occurrences per 100,000 words
PER = 100_000


@dataclass(frozen=True)
class Measure:
    words: int
    documents: tuple[str, ...]
    phrase_rates: dict[str, float]  # catalogue phrase -> occurrences per 100,000 words
    findings: dict[str, list[tuple[str, str, str]]]  # criterion -> (document, status, evidence)

    def rate(self, count: int) -> float:
        return count * PER / self.words if self.words else 0.0

    @property
    def false_findings(self) -> int:
        return sum(len(v) for v in self.findings.values())


def corpus(dirs: tuple[Path, ...] = CORPUS_DIRS) -> list[Document]:
    found = []
    for folder in dirs:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
            found.append(parse(path.read_bytes(), f"{folder.name}/{path.name}"))
    return found


def catalogue_phrases(catalogue: Catalogue) -> list[str]:
    seen: dict[str, str] = {}
    for c in catalogue.criteria:
        for p in (*c.recognition.phrases, *(q for e in c.recognition.elements for q in e.phrases)):
            seen.setdefault(" ".join(tokens(p)), p)
    return list(seen.values())


def measure(catalogue: Catalogue, documents: list[Document], matcher: Matcher | None = None) -> Measure:
    matcher = matcher or compile_catalogue(catalogue)
    wanted = {" ".join(tokens(p)) for p in catalogue_phrases(catalogue)}
    counts: Counter[str] = Counter()
    words = 0
    for doc in documents:
        words += doc.word_count
        read = scan(doc, matcher.index)
        for per_block in read.phrases_in:
            for pid, n in per_block.items():
                key = " ".join(tokens(matcher.index.phrases[pid]))
                if key in wanted:
                    counts[key] += n
    findings = background_findings(catalogue, documents, matcher)
    rates = {k: n * PER / words for k, n in counts.items()} if words else {}
    return Measure(words, tuple(d.filename for d in documents), rates, findings)


def write_common(path: Path, rates: dict[str, float]) -> int:
    """Replace the `common_phrases` mapping at the end of vocabulary.yaml; the rest of the file is kept."""
    common = sorted((k, r) for k, r in rates.items() if r >= COMMON_RATE)
    text = path.read_text(encoding="utf-8")
    head = re.split(r"^common_phrases:.*$", text, maxsplit=1, flags=re.M)[0]
    body = "".join(f'  "{k}": {r:.1f}\n' for k, r in common)
    path.write_text(head + ("common_phrases:\n" + body if common else "common_phrases: {}\n"), encoding="utf-8")
    return len(common)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the common phrases into vocabulary.yaml")
    parser.add_argument("--top", type=int, default=40, help="how many of the commonest phrases to print")
    args = parser.parse_args()
    catalogue = load()
    documents = corpus()
    result = measure(catalogue, documents)
    print(f"Achtergrondcorpus: {len(documents)} documenten, {result.words} woorden")
    for name in result.documents:
        print(f"  {name}")
    print(f"\nVals gevonden criteria (aanwezig of gedeeltelijk), per {PER:,} woorden:")
    for criterion, hits in sorted(result.findings.items(), key=lambda kv: -len(kv[1])):
        print(f"  {result.rate(len(hits)):6.2f}  {criterion}  ({len(hits)}×)")
        for doc, status, quote in hits[:3]:
            print(f"          {status:8} {doc}: {quote}")
    print(f"\nMeest voorkomende catalogusfrasen (per {PER:,} woorden; >= {COMMON_RATE} telt als algemeen):")
    for phrase, rate in sorted(result.phrase_rates.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {rate:7.1f}  {phrase}")
    if args.write:
        n = write_common(default_path() / "vocabulary.yaml", result.phrase_rates)
        print(f"\n{n} algemene frasen geschreven naar criteria/vocabulary.yaml")
    print(
        f"\nfalse-findings {result.false_findings} per-100k-words {result.rate(result.false_findings):.2f} "
        f"criteria {len(result.findings)} words {result.words}"
    )


if __name__ == "__main__":
    main()
