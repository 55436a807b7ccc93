"""What changed between two catalogue versions, criterion by criterion and field by field (pure)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from procurement.catalogue.loader import GROUPS_FILE, META_FILE

FIELD_NAMES: dict[str, str] = {
    "title": "titel",
    "theme": "thema",
    "kind": "soort",
    "section": "deel van het bestek",
    "product_groups": "geldt voor",
    "essential": "essentieel",
    "ambition": "ambitieniveau",
    "clause": "standaardclausule",
    "recognition": "herkenning",
    "rationale": "waarom",
    "legal_basis": "juridische basis",
    "proof": "bewijsmiddelen",
    "labels": "labels",
    "sdgs": "SDG's",
    "eforms": "eForms-codes",
    "source": "bron",
    "notes": "opmerkingen",
    "retired": "ingetrokken",
}


CONTEXT_WORDS = 10  # unchanged words kept on each side of a change; a longer unchanged run is shortened to "…"
ELIDED = "…"


@dataclass(frozen=True, slots=True)
class Part:
    """A run of a field's text in a word-level difference: unchanged, or removed (before) / added (after)."""

    text: str
    changed: bool


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    name: str  # Dutch
    before: str
    after: str
    # the same texts word by word: what was removed marked in before_parts, what was added in after_parts
    before_parts: tuple[Part, ...] = dataclass_field(default=(), compare=False)
    after_parts: tuple[Part, ...] = dataclass_field(default=(), compare=False)


def word_diff(before: str, after: str) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """Two texts compared word by word (difflib on words and the spaces between them): the parts of each, long
    unchanged runs shortened to their first and last words."""
    old, new = re.findall(r"\s+|\S+", before), re.findall(r"\s+|\S+", after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    removed: list[Part] = []
    added: list[Part] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same = _shortened(old[i1:i2], start=i1 == 0, end=i2 == len(old))
            removed.append(Part(same, False))
            added.append(Part(same, False))
            continue
        if i2 > i1:
            removed.append(Part("".join(old[i1:i2]), True))
        if j2 > j1:
            added.append(Part("".join(new[j1:j2]), True))
    return _joined(removed), _joined(added)


def _shortened(tokens: list[str], *, start: bool, end: bool) -> str:
    """An unchanged run: whole when short; else the words next to the changes around it, "…" between."""
    words = [t for t in tokens if not t.isspace()]
    if len(words) <= 2 * CONTEXT_WORDS + 2:
        return "".join(tokens)
    head = [] if start else words[:CONTEXT_WORDS]
    tail = [] if end else words[-CONTEXT_WORDS:]
    lead = " " if tokens[0].isspace() else ""
    trail = " " if tokens[-1].isspace() else ""
    return lead + " ".join([*head, ELIDED, *tail]) + trail


def _joined(parts: list[Part]) -> tuple[Part, ...]:
    joined: list[Part] = []
    for part in parts:
        if joined and joined[-1].changed == part.changed:
            joined[-1] = Part(joined[-1].text + part.text, part.changed)
        elif part.text:
            joined.append(part)
    return tuple(joined)


@dataclass(frozen=True, slots=True)
class CriterionChange:
    id: str
    title: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class CatalogueDiff:
    added: tuple[CriterionChange, ...]
    retired: tuple[CriterionChange, ...]
    reactivated: tuple[CriterionChange, ...]
    changed: tuple[CriterionChange, ...]
    removed: tuple[CriterionChange, ...]  # gone from the files altogether (only by an import or criteria/)
    label: tuple[str, str] | None  # (before, after) when the label changed
    groups_changed: bool

    @property
    def empty(self) -> bool:
        return not (self.added or self.retired or self.reactivated or self.changed or self.removed or self.label
                    or self.groups_changed)


def criteria_of(source: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Criterion id -> its YAML mapping, from a version's files."""
    found: dict[str, dict[str, Any]] = {}
    for name, data in source.items():
        if name in (META_FILE, GROUPS_FILE) or not isinstance(data, dict):
            continue
        for raw in data.get("criteria") or []:
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                found[raw["id"]] = raw
    return found


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> CatalogueDiff:
    """Two versions' files compared; criteria in the order of the newer version."""
    old, new = criteria_of(before), criteria_of(after)
    added, retired, reactivated, changed = [], [], [], []
    for cid, raw in new.items():
        prev = old.get(cid)
        if prev is None:
            added.append(CriterionChange(cid, _title(raw), ()))
            continue
        fields = field_changes(prev, raw)
        if not fields:
            continue
        was, now = bool(prev.get("retired", False)), bool(raw.get("retired", False))
        if now and not was:
            retired.append(CriterionChange(cid, _title(raw), fields))
        elif was and not now:
            reactivated.append(CriterionChange(cid, _title(raw), fields))
        else:
            changed.append(CriterionChange(cid, _title(raw), fields))
    removed = tuple(CriterionChange(cid, _title(raw), ()) for cid, raw in old.items() if cid not in new)
    label_before, label_after = _label(before), _label(after)
    return CatalogueDiff(
        added=tuple(added), retired=tuple(retired), reactivated=tuple(reactivated), changed=tuple(changed),
        removed=removed, label=(label_before, label_after) if label_before != label_after else None,
        groups_changed=before.get(GROUPS_FILE) != after.get(GROUPS_FILE),
    )


def field_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    changes = []
    for key in [*FIELD_NAMES, *(k for k in (*before, *after) if k not in FIELD_NAMES and k != "id")]:
        was, now = before.get(key), after.get(key)
        if _norm(was) != _norm(now):
            old, new = show(was), show(now)
            changes.append(FieldChange(key, FIELD_NAMES.get(key, key), old, new, *word_diff(old, new)))
    return tuple(dict.fromkeys(changes))


def show(value: Any) -> str:
    """A field's value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items())
    return " ".join(str(value).split())


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if value in (None, "", [], False):
        return None
    return value


def _title(raw: Mapping[str, Any]) -> str:
    return str(raw.get("title") or raw.get("id"))


def _label(source: Mapping[str, Any]) -> str:
    meta = source.get(META_FILE)
    return str(meta.get("label", "")) if isinstance(meta, dict) else ""
