"""What changed between two catalogue versions, criterion by criterion and field by field (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    name: str  # Dutch
    before: str
    after: str


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
            changes.append(FieldChange(key, FIELD_NAMES.get(key, key), show(was), show(now)))
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
