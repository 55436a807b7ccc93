"""The criterion form as a browser posts it, from a criterion's YAML mapping (for the catalogue-keeping tests)."""

from __future__ import annotations

from typing import Any


def form_data(raw: dict[str, Any], **changes: Any) -> dict[str, Any]:
    recognition = raw.get("recognition") or {}
    groups = raw.get("product_groups")
    data: dict[str, Any] = {
        "id": raw["id"],
        "title": raw.get("title", ""),
        "theme": raw.get("theme", ""),
        "kind": raw.get("kind", ""),
        "section": raw.get("section", ""),
        "product_groups": ["all"] if groups == "all" else list(groups or []),
        "ambition": str(raw.get("ambition", 1)),
        "clause": raw.get("clause", ""),
        "phrases": "\n".join(recognition.get("phrases") or []),
        "min_elements": str(recognition.get("min_elements") or ""),
        "legal_basis": "\n".join(raw.get("legal_basis") or []),
        "labels": "\n".join(raw.get("labels") or []),
        "sdgs": ", ".join(str(s) for s in raw.get("sdgs") or []),
        "eforms": ", ".join(raw.get("eforms") or []),
        **{k: raw.get(k, "") for k in ("proof", "rationale", "source", "notes")},
    }
    for i, element in enumerate(recognition.get("elements") or []):  # one row per element (FieldList)
        data[f"elements-{i}-id"] = element["id"]
        data[f"elements-{i}-label"] = element["label"]
        data[f"elements-{i}-phrases"] = "\n".join(element["phrases"])
    if raw.get("essential"):
        data["essential"] = "y"
    if raw.get("retired"):
        data["retired"] = "y"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
