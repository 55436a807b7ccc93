"""The labelled dev set beside the repository (../shared/eval) stays above the issue's targets."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"


@pytest.mark.skipif(not (EVAL / "dev" / "cases.json").exists(), reason="no ../shared/eval/dev beside the repository")
def test_theme_f1_and_evidence_on_the_dev_set_reach_the_targets_without_mention_false_positives() -> None:
    command = f"{sys.executable} -m procurement.cli check"
    result = subprocess.run(
        [sys.executable, str(EVAL / "run_eval.py"), str(EVAL / "dev"), "--cmd", command],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = result.stdout.strip().splitlines()[-1]
    figures = dict(re.findall(r"([\w-]+) ([0-9.]+)", summary))
    assert float(figures["theme-F1"]) >= 0.95, summary
    assert float(figures["evidence"]) >= 0.95, summary
    assert int(figures["mention-FP"]) == 0, summary
