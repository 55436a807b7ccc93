"""The repository's catalogue passes `procurement catalogue check`, and a broken one is named precisely."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from procurement.catalogue import THEMES, CatalogueError, default_path, load
from procurement.catalogue_lint import coverage_problems, self_check


@pytest.fixture(scope="module")
def catalogue():  # type: ignore[no-untyped-def]
    return load()


def test_every_criterion_of_the_catalogue_recognises_its_own_clause_as_met(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert self_check(catalogue) == []


def test_every_product_group_has_enough_criteria_in_enough_themes(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert coverage_problems(catalogue) == []
    assert len(catalogue.criteria) >= 150
    assert {c.theme for c in catalogue.criteria} == set(THEMES)


def test_the_command_passes_and_prints_the_counts_per_theme_and_group(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "procurement.cli", "catalogue", "check"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Catalogus in orde." in result.stdout
    assert "cleaning-services" in result.stdout and "totaal" in result.stdout


def copy_catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "criteria"
    shutil.copytree(default_path(), folder)
    return folder


def test_a_broken_field_is_reported_with_the_file_the_criterion_and_the_field(tmp_path: Path) -> None:
    folder = copy_catalogue(tmp_path)
    general = folder / "general.yaml"
    general.write_text(general.read_text(encoding="utf-8").replace("ambition: 1", "ambition: 7", 1), encoding="utf-8")

    with pytest.raises(CatalogueError) as refused:
        load(folder)

    assert refused.value.file == "general.yaml"
    assert refused.value.item == "hr-ilo-core-conventions"
    assert refused.value.field == "ambition"


def test_a_duplicate_id_is_refused_naming_both_files(tmp_path: Path) -> None:
    folder = copy_catalogue(tmp_path)
    general = (folder / "general.yaml").read_text(encoding="utf-8")
    first = general.index("  - id: hr-ilo-core-conventions")
    end = general.index("\n  - id:", first + 1)
    (folder / "zz-copy.yaml").write_text("criteria:\n" + general[first:end] + "\n", encoding="utf-8")

    with pytest.raises(CatalogueError, match="komt ook voor in general.yaml"):
        load(folder)


def test_a_clause_the_checker_does_not_recognise_fails_the_check(tmp_path: Path) -> None:
    folder = copy_catalogue(tmp_path)
    general = folder / "general.yaml"
    text = general.read_text(encoding="utf-8")
    # the ILO clause rewritten as a policy wish: the checker must not find it as a clause of itself
    start = text.index("    clause: |")
    end = text.index("    rationale:", start)
    broken = text[:start] + "    clause: De stad streeft naar respect voor de IAO-basisverdragen.\n" + text[end:]
    general.write_text(broken, encoding="utf-8")

    problems = self_check(load(folder))

    assert any(p.startswith("hr-ilo-core-conventions:") for p in problems)
