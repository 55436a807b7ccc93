"""Read the catalogue from YAML files and validate every field; errors name file, criterion and field."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from procurement.catalogue import cache as _cache
from procurement.catalogue.model import (
    ALL_TENDERS,
    KINDS,
    SECTIONS,
    THEMES,
    Catalogue,
    Criterion,
    Element,
    ProductGroup,
    Recognition,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CPV = re.compile(r"^\d{2,8}$")
EFORMS = re.compile(r"^BT-\d{2,4}$")
META_FILE = "catalogue.yaml"
VOCABULARY_FILE = "vocabulary.yaml"  # generic words and phrases common in ordinary contract text
TIMESTAMP = "tag:yaml.org,2002:timestamp"
# C0 control characters but tab and line breaks: invisible on a page, refused by a Word document's XML
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MARK = "\ue000"  # stands in for a control character of the YAML text while we find where it sits


def _dates_as_text(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """A loader that keeps '2026-01-01' as text: a catalogue is stored as JSON, which has no dates."""
    resolvers = {
        first: [(tag, rx) for tag, rx in pairs if tag != TIMESTAMP]
        for first, pairs in base.yaml_implicit_resolvers.items()
    }
    return type(f"{base.__name__}WithoutDates", (base,), {"yaml_implicit_resolvers": resolvers})


class _Strict(yaml.SafeLoader):
    """For YAML that comes through the app: no aliases (a small file must not expand to billions of nodes)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, "ankers en aliassen zijn niet toegelaten", event.start_mark)
        return super().compose_node(parent, index)


# the repository's own files: libyaml when present (10x faster); uploads: the strict pure-Python loader
SAFE_LOADER = _dates_as_text(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
PARSER = f"{SAFE_LOADER.__mro__[1].__name__}+dates-as-text"  # part of the parse cache's key
UPLOAD_LOADER = _dates_as_text(_Strict)
GROUPS_FILE = "product-groups.yaml"


class CatalogueError(ValueError):
    """A catalogue file that does not validate."""

    def __init__(self, file: str, item: str | None, field: str | None, message: str) -> None:
        where = file + (f", {item}" if item else "") + (f", veld '{field}'" if field else "")
        super().__init__(f"{where}: {message}")
        self.file, self.item, self.field, self.message = file, item, field, message


def default_path() -> Path:
    """The `criteria/` folder beside the package (the repository's catalogue)."""
    return Path(__file__).resolve().parents[2] / "criteria"


def load(path: Path | None = None) -> Catalogue:
    """Load and validate every YAML file of a catalogue folder."""
    return from_data(read_files(path))


def read_files(path: Path | None = None) -> dict[str, Any]:
    """The parsed YAML files of a catalogue folder, by file name (what from_data takes, and what is stored)."""
    folder = path or default_path()
    if not folder.is_dir():
        raise CatalogueError(str(folder), None, None, "map met de criteria bestaat niet")
    return {p.name: _read_yaml(p) for p in sorted(folder.glob("*.yaml"))}


def parse_yaml(name: str, text: str) -> Any:
    """One uploaded YAML file, parsed as the loader parses a file of the folder."""
    _refuse_raw_controls(name, text, UPLOAD_LOADER)
    try:
        data = yaml.load(text, Loader=UPLOAD_LOADER)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise CatalogueError(name, None, None, f"geen geldige YAML: {exc}") from exc
    refuse_controls(name, data)
    return data


def _control_message(char: str) -> str:
    return (f"bevat een onzichtbaar stuurteken (U+{ord(char):04X}); haal het weg (enkel tab en regeleinde "
            "zijn toegelaten)")


def _texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, text) of every text in a YAML value, keys too; a list item with an id is named by it."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            key_text = str(key)
            yield path, key_text
            yield from _texts(item, f"{path}.{key_text}" if path else key_text)
    elif isinstance(value, list):
        for n, item in enumerate(value, 1):
            ident = item.get("id") if isinstance(item, dict) else None
            yield from _texts(item, f"{path}[{ident if isinstance(ident, str) else n}]")


def _find(file: str, data: Any, pattern: re.Pattern[str]) -> tuple[str | None, str | None, str] | None:
    """Where the first match of `pattern` in the file's texts sits: (criterion or other item, field, match)."""
    for list_key in ("criteria", "product_groups"):
        items = data.get(list_key) if isinstance(data, dict) else None
        for n, raw in enumerate(items if isinstance(items, list) else [], 1):
            ident = raw.get("id") if isinstance(raw, dict) else None
            item = ident if isinstance(ident, str) and not pattern.search(ident) else f"{list_key} nr. {n}"
            for path, text in _texts(raw):
                found = pattern.search(text)
                if found:
                    return item, path or None, found.group(0)
    for path, text in _texts(data):
        found = pattern.search(text)
        if found:
            return None, path or None, found.group(0)
    return None


def refuse_controls(file: str, data: Any) -> None:
    """A parsed file holding a control character (YAML writes them as "\\a" or "\\x07") is refused, naming
    the criterion and the field."""
    found = _find(file, data, CONTROL)
    if found is not None:
        item, field, char = found
        raise CatalogueError(file, item, field, _control_message(char))


def _refuse_raw_controls(file: str, text: str, loader: type[yaml.SafeLoader]) -> None:
    """A control character typed into the YAML text itself (YAML refuses it, in English and by position only):
    refused in Dutch, naming the criterion and field when the text can be read with it left out."""
    raw = CONTROL.search(text)
    if raw is None:
        return
    line = text.count("\n", 0, raw.start()) + 1
    try:
        marked = yaml.load(CONTROL.sub(_MARK, text), Loader=loader)
    except yaml.YAMLError:
        marked = None
    found = _find(file, marked, re.compile(_MARK)) if marked is not None else None
    item, field = (found[0], found[1]) if found else (None, None)
    raise CatalogueError(file, item, field, f"regel {line} {_control_message(raw.group(0))}")


def from_data(files: Mapping[str, Any]) -> Catalogue:
    """Build a catalogue from parsed YAML documents keyed by file name (also used for imports)."""
    meta = files.get(META_FILE)
    if not isinstance(meta, dict) or not isinstance(meta.get("label"), str) or not meta["label"].strip():
        raise CatalogueError(META_FILE, None, "label", "een catalogus heeft een label nodig (bv. '2026.1')")
    groups_data = files.get(GROUPS_FILE)
    if not isinstance(groups_data, dict) or not isinstance(groups_data.get("product_groups"), list):
        raise CatalogueError(GROUPS_FILE, None, "product_groups", "lijst van productgroepen ontbreekt")
    groups = tuple(_product_group(GROUPS_FILE, g) for g in groups_data["product_groups"])
    _unique(GROUPS_FILE, [g.id for g in groups], "productgroep")
    group_ids = {g.id for g in groups}

    generic, common = _vocabulary(files.get(VOCABULARY_FILE))
    criteria: list[Criterion] = []
    seen: dict[str, str] = {}
    for name, data in files.items():
        if name in (META_FILE, GROUPS_FILE, VOCABULARY_FILE):
            continue
        if not isinstance(data, dict) or not isinstance(data.get("criteria"), list):
            raise CatalogueError(name, None, "criteria", "bestand moet een lijst 'criteria' bevatten")
        for raw in data["criteria"]:
            criterion = _criterion(name, raw, group_ids)
            if criterion.id in seen:
                raise CatalogueError(name, criterion.id, "id", f"id komt ook voor in {seen[criterion.id]}")
            seen[criterion.id] = name
            criteria.append(criterion)
    _check_refines(criteria, seen)
    criteria.sort(key=lambda c: (THEMES.index(c.theme), c.id))
    digest = hashlib.sha256(json.dumps(files, sort_keys=True, ensure_ascii=False, default=str).encode())
    return Catalogue(
        label=meta["label"].strip(),
        content_hash=digest.hexdigest(),
        product_groups=groups,
        criteria=tuple(criteria),
        common_phrases=common,
        generic_words=generic,
    )


def _vocabulary(raw: Any) -> tuple[frozenset[str], frozenset[str]]:
    """Generic words (never a phrase on their own) and common phrases (contract words and those measured on
    ordinary contract text: allowed, but never enough on their own)."""
    if raw is None:
        return frozenset(), frozenset()
    f = _Fields(VOCABULARY_FILE, raw, "woordenlijst")
    rates = raw.get("common_phrases", {}) or {}
    if not isinstance(rates, dict) or not all(isinstance(k, str) for k in rates):
        raise f.fail("common_phrases", "moet een mapping frase -> frequentie zijn")
    common = frozenset(rates) | frozenset(w.lower() for w in f.texts("contract_words"))
    return frozenset(w.lower() for w in f.texts("generic_words")), common


def _check_refines(criteria: list[Criterion], files: Mapping[str, str]) -> None:
    """A criterion refines a general one of the same theme that applies at least where it does."""
    by_id = {c.id: c for c in criteria}
    for c in criteria:
        if c.refines is None:
            continue
        general = by_id.get(c.refines)
        if general is None or general.id == c.id:
            raise CatalogueError(files[c.id], c.id, "refines", f"'{c.refines}' is geen ander criterium")
        covers = general.applies_to_all or set(c.product_groups) <= set(general.product_groups)
        if general.theme != c.theme or not covers:
            raise CatalogueError(
                files[c.id], c.id, "refines", f"'{c.refines}' heeft een ander thema of geldt niet overal waar dit geldt"
            )
        if general.refines is not None:
            raise CatalogueError(files[c.id], c.id, "refines", f"'{c.refines}' verfijnt zelf al een criterium")


def _read_yaml(path: Path) -> Any:
    raw = path.read_bytes()
    cached = _cache.read(raw, PARSER)
    if cached is not None:
        refuse_controls(path.name, cached)
        return cached
    try:
        text = raw.decode("utf-8")
        _refuse_raw_controls(path.name, text, SAFE_LOADER)
        data = yaml.load(text, Loader=SAFE_LOADER)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogueError(path.name, None, None, f"geen geldige YAML: {exc}") from exc
    refuse_controls(path.name, data)
    _cache.write(raw, data, PARSER)
    return data


def _unique(file: str, ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise CatalogueError(file, item, "id", f"{what} komt twee keer voor")
        seen.add(item)


class _Fields:
    """Typed access to one YAML mapping, raising CatalogueError with file, item and field."""

    def __init__(self, file: str, raw: Any, what: str) -> None:
        if not isinstance(raw, dict):
            raise CatalogueError(file, None, None, f"elk(e) {what} moet een mapping zijn")
        self.file, self.raw = file, raw
        ident = raw.get("id")
        self.item = ident if isinstance(ident, str) else None

    def fail(self, field: str, message: str) -> CatalogueError:
        return CatalogueError(self.file, self.item, field, message)

    def text(self, field: str, required: bool = True) -> str:
        value = self.raw.get(field)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "tekst ontbreekt")
        return " ".join(value.split()) if "\n" not in value.strip() else value.strip()

    def texts(self, field: str, required: bool = False) -> tuple[str, ...]:
        value = self.raw.get(field, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(field, "moet een lijst van teksten zijn")
        if required and not value:
            raise self.fail(field, "lijst mag niet leeg zijn")
        return tuple(v.strip() for v in value)

    def choice(self, field: str, allowed: tuple[str, ...]) -> str:
        value = self.raw.get(field)
        if value not in allowed:
            raise self.fail(field, f"'{value}' is geen van: {', '.join(allowed)}")
        return str(value)

    def slug(self) -> str:
        value = self.raw.get("id")
        if not isinstance(value, str) or not SLUG.match(value):
            raise self.fail("id", "id moet een slug zijn (kleine letters, cijfers, koppeltekens)")
        return value


def _product_group(file: str, raw: Any) -> ProductGroup:
    f = _Fields(file, raw, "productgroep")
    cpv = tuple(str(c) for c in raw.get("cpv", []))
    if not cpv or not all(CPV.match(c) for c in cpv):
        raise f.fail("cpv", "geef één of meer CPV-prefixen van 2 tot 8 cijfers")
    exemptions_raw = raw.get("theme_exemptions", {}) or {}
    if not isinstance(exemptions_raw, dict):
        raise f.fail("theme_exemptions", "moet een mapping thema -> reden zijn")
    for theme, reason in exemptions_raw.items():
        if theme not in THEMES or not isinstance(reason, str) or not reason.strip():
            raise f.fail("theme_exemptions", f"onbekend thema of lege reden: {theme}")
    return ProductGroup(
        id=f.slug(),
        name=f.text("name"),
        cpv=cpv,
        keywords=f.texts("keywords", required=True),
        description=f.text("description", required=False),
        theme_exemptions=tuple(sorted((t, r.strip()) for t, r in exemptions_raw.items())),
    )


def _recognition(f: _Fields) -> Recognition:
    raw = f.raw.get("recognition")
    if not isinstance(raw, dict):
        raise f.fail("recognition", "herkenning (phrases, elements) ontbreekt")
    sub = _Fields(f.file, {**raw, "id": f.item}, "herkenning")
    phrases = sub.texts("phrases", required=True)
    elements: list[Element] = []
    for el in raw.get("elements", []) or []:
        ef = _Fields(f.file, el, "element")
        if not isinstance(el.get("id"), str) or not SLUG.match(el["id"]):
            raise f.fail("recognition.elements.id", "elk element heeft een slug als id")
        elements.append(Element(id=el["id"], label=ef.text("label"), phrases=ef.texts("phrases", required=True)))
    _unique(f.file, [e.id for e in elements], f"element van {f.item}")
    min_elements = raw.get("min_elements")
    if min_elements is not None and (
        not isinstance(min_elements, int) or not 1 <= min_elements <= max(1, len(elements))
    ):
        raise f.fail("recognition.min_elements", "moet tussen 1 en het aantal elementen liggen")
    return Recognition(phrases=phrases, elements=tuple(elements), min_elements=min_elements)


def _criterion(file: str, raw: Any, group_ids: set[str]) -> Criterion:
    f = _Fields(file, raw, "criterium")
    ident = f.slug()
    groups_raw = raw.get("product_groups")
    if groups_raw == ALL_TENDERS:
        groups: tuple[str, ...] = ()
    elif isinstance(groups_raw, list) and groups_raw and all(g in group_ids for g in groups_raw):
        groups = tuple(groups_raw)
    else:
        raise f.fail("product_groups", f"'{ALL_TENDERS}' of een lijst van bekende productgroepen")
    essential = raw.get("essential")
    if not isinstance(essential, bool):
        raise f.fail("essential", "true of false")
    ambition = raw.get("ambition")
    if ambition not in (1, 2, 3):
        raise f.fail("ambition", "ambitieniveau 1, 2 of 3")
    sdgs = raw.get("sdgs", [])
    if not isinstance(sdgs, list) or not all(isinstance(s, int) and 1 <= s <= 17 for s in sdgs):
        raise f.fail("sdgs", "lijst van SDG-nummers 1 tot 17")
    eforms = f.texts("eforms")
    if not all(EFORMS.match(code) for code in eforms):
        raise f.fail("eforms", "eForms-codes als 'BT-774'")
    retired = raw.get("retired", False)
    if not isinstance(retired, bool):
        raise f.fail("retired", "true of false")
    refines = raw.get("refines")
    if refines is not None and (not isinstance(refines, str) or not SLUG.match(refines)):
        raise f.fail("refines", "het id van het algemenere criterium")
    return Criterion(
        id=ident,
        title=f.text("title"),
        theme=f.choice("theme", THEMES),
        kind=f.choice("kind", KINDS),
        section=f.choice("section", SECTIONS),
        product_groups=groups,
        essential=essential,
        ambition=ambition,
        clause=f.text("clause"),
        recognition=_recognition(f),
        rationale=f.text("rationale", required=False),
        legal_basis=f.texts("legal_basis"),
        proof=f.text("proof", required=False),
        labels=f.texts("labels"),
        sdgs=tuple(sdgs),
        eforms=eforms,
        source=f.text("source", required=False),
        notes=f.text("notes", required=False),
        retired=retired,
        refines=refines,
        negatives=f.texts("not"),
    )
