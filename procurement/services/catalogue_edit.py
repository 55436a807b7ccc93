"""Keeping the catalogue: drafts of criteria, publishing them as a version, YAML import and export, re-checks."""

from __future__ import annotations

import copy
import io
import logging
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

import yaml
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from procurement.catalogue import Catalogue, CatalogueError, from_data
from procurement.catalogue.diff import criteria_of
from procurement.catalogue.loader import META_FILE, SLUG, parse_yaml
from procurement.catalogue_lint import lint, phrase_problem
from procurement.models import Analysis, CatalogueDraft, CatalogueVersion, Finding, Tender, User, now
from procurement.review import FROZEN_STATES
from procurement.services.audit import record
from procurement.services.catalogue import APP, IMPORT, KnownVersion, add_version, current_version, version_name
from procurement.services.errors import DuplicateSubmission, ServiceError
from procurement.services.tenders import queue_analysis
from procurement.services.transaction import committing
from procurement.sessions import DbSession

log = logging.getLogger(__name__)
GENERAL_FILE = "general.yaml"
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ZIP_MEMBERS = 200  # the catalogue has a few dozen files; more is not an export of it


class DraftInvalid(ServiceError):
    """A draft the loader (or the phrase check) refuses; `field` is the criterion field at fault (the loader's
    name), `errors` every fault found (the phrase check names each phrase at fault)."""

    def __init__(self, error: CatalogueError, *more: CatalogueError) -> None:
        super().__init__(error.message)
        self.field, self.item = error.field, error.item
        self.errors = (error, *more)


class CatalogueRefused(ServiceError):
    """Publishing or importing refused; `problems` lists every reason (Dutch)."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


def base(session: DbSession) -> CatalogueVersion:
    found = current_version(session)
    if found is None or found.source is None:
        raise ServiceError("Er is nog geen catalogus in de databank.")
    return found


def drafts(session: DbSession) -> list[CatalogueDraft]:
    return list(session.scalars(select(CatalogueDraft).order_by(CatalogueDraft.criterion)))


def criterion_data(session: DbSession, criterion_id: str) -> tuple[dict[str, Any] | None, CatalogueDraft | None]:
    """The criterion as it stands in the current version, and its draft when there is one."""
    draft = session.scalar(select(CatalogueDraft).where(CatalogueDraft.criterion == criterion_id))
    source = base(session).source or {}
    return criteria_of(source).get(criterion_id), draft


def with_drafts(source: Mapping[str, Any], pending: Iterable[CatalogueDraft]) -> dict[str, Any]:
    """The version's files with the drafts applied: each criterion replaced where it is, new ones appended."""
    files = copy.deepcopy(dict(source))
    for draft in pending:
        placed = False
        for data in files.values():
            items = data.get("criteria") if isinstance(data, dict) else None
            if not isinstance(items, list):
                continue
            for i, raw in enumerate(items):
                if isinstance(raw, dict) and raw.get("id") == draft.criterion:
                    items[i], placed = copy.deepcopy(draft.data), True
        if not placed:
            files.setdefault(draft.file, {"criteria": []}).setdefault("criteria", []).append(copy.deepcopy(draft.data))
    return files


def save_draft(session: DbSession, actor: User | None, data: dict[str, Any], *, new: bool) -> CatalogueDraft:
    """Validate the criterion with the loader's rules inside the whole draft catalogue, then keep it as a draft."""
    with committing(session):
        return _save_draft(session, actor, data, new=new)


def _save_draft(session: DbSession, actor: User | None, data: dict[str, Any], *, new: bool) -> CatalogueDraft:
    current = base(session)
    criterion_id = str(data.get("id", ""))
    draft = session.scalar(select(CatalogueDraft).where(CatalogueDraft.criterion == criterion_id))
    if new and (draft is None or not draft.is_new):  # a new criterion's own draft may be saved again
        if not SLUG.match(criterion_id):
            raise DraftInvalid(CatalogueError("", criterion_id, "id", "id moet een slug zijn (kleine letters, cijfers, "
                                                                       "koppeltekens)"))
        if _ever_used(session, criterion_id):
            raise DraftInvalid(CatalogueError("", criterion_id, "id", "dit kenmerk bestaat al of werd vroeger "
                                                                       "gebruikt; kies een ander"))
    elif not new and criterion_id not in criteria_of(current.source or {}):
        raise ServiceError("Dit criterium bestaat niet in de huidige catalogus.")
    if draft is None:
        draft = CatalogueDraft(criterion=criterion_id, is_new=new, file=_file_for(current.source or {}, data))
    draft.data, draft.author_id, draft.updated_at = data, actor.id if actor else None, now()
    others = [d for d in drafts(session) if d.criterion != criterion_id]
    try:
        catalogue = from_data(with_drafts(current.source or {}, [*others, draft]))
    except CatalogueError as exc:
        raise DraftInvalid(exc) from exc  # the caller's rollback undoes the changed draft
    weak = weak_phrases(catalogue, criterion_id, draft.file)
    if weak:
        raise DraftInvalid(*weak)
    session.add(draft)
    what = "ingetrokken" if data.get("retired") else ("nieuw" if draft.is_new else "gewijzigd")
    record(session, actor, "catalogue.draft_saved", f"Concept: criterium {criterion_id} {what}.",
           criterion=criterion_id, catalogue_version_id=current.id, data={"retired": bool(data.get("retired"))})
    return draft


def weak_phrases(catalogue: Catalogue, criterion_id: str, file: str = "") -> list[CatalogueError]:
    """The phrases of one criterion that `procurement catalogue check` refuses (a bare number, a generic word),
    each as an error of its field: the criterion's phrases, or an element's (item = the element's id)."""
    criterion = catalogue.criterion(criterion_id)
    if criterion.retired:  # the check skips a retired criterion too
        return []
    found = [CatalogueError(file, criterion.id, "recognition.phrases", problem)
             for problem in (phrase_problem(catalogue, p) for p in criterion.recognition.phrases) if problem]
    for element in criterion.recognition.elements:
        found += [CatalogueError(file, element.id, "phrases", problem)
                  for problem in (phrase_problem(catalogue, p) for p in element.phrases) if problem]
    return found


def retire(session: DbSession, actor: User | None, criterion_id: str) -> CatalogueDraft:
    """Retire a criterion (as a draft): new analyses skip it, old reports keep it; nothing is deleted."""
    with committing(session):
        raw, draft = criterion_data(session, criterion_id)
        data = copy.deepcopy(draft.data if draft else raw)
        if data is None:
            raise ServiceError("Dit criterium bestaat niet in de huidige catalogus.")
        data["retired"] = True
        return _save_draft(session, actor, data, new=draft.is_new if draft else False)


def discard(session: DbSession, actor: User | None, criterion_id: str) -> None:
    with committing(session):
        draft = session.scalar(select(CatalogueDraft).where(CatalogueDraft.criterion == criterion_id))
        if draft is None:
            return
        session.delete(draft)
        record(session, actor, "catalogue.draft_discarded", f"Concept van criterium {criterion_id} geschrapt.",
               criterion=criterion_id)


def draft_catalogue(session: DbSession) -> tuple[Catalogue, dict[str, Any]]:
    files = with_drafts(base(session).source or {}, drafts(session))
    return from_data(files), files


def problems(catalogue: Catalogue, changed: Iterable[str]) -> list[str]:
    """`procurement catalogue check` on a catalogue, the self-check limited to the changed criteria (the
    others passed it in the version they come from, and matching one clause does not depend on the others)."""
    return lint(catalogue, only=set(changed))


def changed_ids(before: Mapping[str, Any], after: Mapping[str, Any]) -> set[str]:
    old, new = criteria_of(before), criteria_of(after)
    return {cid for cid, raw in new.items() if old.get(cid) != raw}


def publish(session: DbSession, actor: User | None, *, note: str, label: str = "") -> CatalogueVersion:
    """The drafts (and a new label) become the new current version, in one transaction with its audit line."""
    with committing(session):
        note, label = note.strip(), label.strip()
        if not note:
            raise CatalogueRefused("Schrijf een wijzigingsnota: wat verandert er en waarom?")
        pending = drafts(session)
        current = base(session)
        files = with_drafts(current.source or {}, pending)
        if label:
            files[META_FILE] = {**(files.get(META_FILE) or {}), "label": label}
        if not pending and files == current.source:
            raise CatalogueRefused("Er zijn geen wijzigingen om te publiceren.")
        catalogue = _valid(files, changed_ids(current.source or {}, files))
        known = session.scalar(select(CatalogueVersion).where(CatalogueVersion.content_hash == catalogue.content_hash))
        if known is not None:  # before deleting anything: a refusal keeps every draft
            raise KnownVersion(known.version, version_name(session, known.version))
        # only the drafts read above: one saved meanwhile is not in this version and stays a draft
        session.execute(delete(CatalogueDraft).where(CatalogueDraft.id.in_([d.id for d in pending])))
        return add_version(session, actor, catalogue, files, origin=APP, note=note)  # published meanwhile: refused


def import_files(session: DbSession, actor: User | None, uploads: list[tuple[str, bytes]], *, note: str
                 ) -> CatalogueVersion:
    """YAML files (or a zip of them, as exported) replace the same files of the current version."""
    with committing(session):
        note = note.strip()
        if not note:
            raise CatalogueRefused("Schrijf een wijzigingsnota: wat verandert er en waarom?")
        if drafts(session):
            raise CatalogueRefused("Er zijn nog niet-gepubliceerde concepten: publiceer of schrap ze eerst.")
        current = base(session).source or {}
        files = copy.deepcopy(current)
        files.update(read_uploads(uploads))
        catalogue = _valid(files, changed_ids(current, files))
        used = _referenced(session) - {c.id for c in catalogue.criteria}
        if used:
            raise CatalogueRefused(
                "Analyses verwijzen naar criteria die in de import ontbreken. Schrap geen criteria: trek ze in "
                "(retired: true).", [f"ontbreekt: {cid}" for cid in sorted(used)],
            )
        return add_version(session, actor, catalogue, files, origin=IMPORT, note=note)


def read_uploads(uploads: list[tuple[str, bytes]]) -> dict[str, Any]:
    """File name -> parsed YAML, from .yaml files and from .zip files holding them (any folder inside)."""
    found: dict[str, Any] = {}
    for name, data in uploads:
        if len(data) > MAX_IMPORT_BYTES:
            raise CatalogueRefused(f"{name}: te groot (maximaal {MAX_IMPORT_BYTES // (1024 * 1024)} MB).")
        if data[:4] == b"PK\x03\x04":
            found.update(_from_zip(name, data))
        elif name.lower().endswith((".yaml", ".yml")):
            found[_yaml_name(name)] = _parse(name, data)
        else:
            raise CatalogueRefused(f"{name}: enkel .yaml-bestanden of een .zip daarvan.")
    if not found:
        raise CatalogueRefused("Er zat geen enkel .yaml-bestand in de upload.")
    return found


def export_zip(row: CatalogueVersion) -> bytes:
    """The version as criteria/*.yaml in a zip: the same files and layout as the repository's criteria/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted((row.source or {}).items()):
            archive.writestr(f"criteria/{name}", dump_yaml(data, f"catalogusversie {row.version}"))
    return buffer.getvalue()


def dump_yaml(data: Any, origin: str) -> str:
    header = f"# Geëxporteerd uit de toepassing: {origin}. Importeer gewijzigde bestanden als nieuwe versie.\n"
    return header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)


def recheck(
    session: DbSession, actor: User | None, tender_ids: Iterable[int], catalogue: Catalogue, *, form_token: str = ""
) -> list[Analysis]:
    """New analyses of these tenders with the current version, beside the old ones; one commit for all.

    With a form token, each analysis gets `token:tender id` (unique): a second post of the same form finds what
    the first one made and raises DuplicateSubmission, before or (when both run at once) at the commit.
    """
    if form_token:
        _refuse_repeat_recheck(session, form_token)
    wanted = list(dict.fromkeys(tender_ids))
    found = set(session.scalars(select(Tender.id).where(Tender.id.in_(wanted))))
    if not wanted or not found:
        raise CatalogueRefused("Kies minstens één bestek.")
    frozen = list(session.scalars(select(Tender.title).where(Tender.id.in_(found),
                                                             Tender.review_state.in_(FROZEN_STATES))))
    if frozen:  # approved means frozen: the approved analysis stays the one the tender is judged on
        raise CatalogueRefused("Goedgekeurde bestekken blijven bij hun goedgekeurde analyse: "
                               + ", ".join(f"„{t}”" for t in frozen) + ". Laat ze eerst heropenen.")
    try:
        with committing(session):
            made = [queue_analysis(session, catalogue, tid, actor=actor,
                                   form_token=f"{form_token}:{tid}" if form_token else None)
                    for tid in wanted if tid in found]
            record(session, actor, "catalogue.recheck",
                   f"{len(made)} {'bestek' if len(made) == 1 else 'bestekken'} opnieuw gecontroleerd met "
                   f"catalogusversie {catalogue.version}.",
                   data={"tenders": sorted(found)})
    except IntegrityError:  # a concurrent post of the same form won the race
        if form_token:
            _refuse_repeat_recheck(session, form_token)
        raise
    return made


def _refuse_repeat_recheck(session: DbSession, form_token: str) -> None:
    query = select(Analysis.tender_id, Analysis.id).where(Analysis.form_token.startswith(f"{form_token}:",
                                                                                        autoescape=True))
    found = session.execute(query.limit(1)).first()
    if found is not None:
        raise DuplicateSubmission(found.tender_id, found.id)


def _valid(files: dict[str, Any], changed: set[str]) -> Catalogue:
    try:
        catalogue = from_data(files)
    except CatalogueError as exc:
        raise CatalogueRefused("De catalogus is niet geldig.", [str(exc)]) from exc
    found = problems(catalogue, changed)
    if found:
        raise CatalogueRefused("De catalogus haalt de controle niet (procurement catalogue check).", found)
    return catalogue


def _file_for(source: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    """A new criterion goes in the file of its first product group, or general.yaml for every bestek."""
    groups = data.get("product_groups")
    if isinstance(groups, list) and groups and f"{groups[0]}.yaml" in source:
        return f"{groups[0]}.yaml"
    return GENERAL_FILE


def _ever_used(session: DbSession, criterion_id: str) -> bool:
    """Ids are never reused: not in any version, any draft or any finding."""
    for criteria in session.scalars(select(CatalogueVersion.criteria)):
        if criterion_id in criteria:
            return True
    if session.scalar(select(CatalogueDraft.id).where(CatalogueDraft.criterion == criterion_id)) is not None:
        return True
    return session.scalar(select(Finding.id).where(Finding.criterion == criterion_id).limit(1)) is not None


def _referenced(session: DbSession) -> set[str]:
    return set(session.scalars(select(Finding.criterion).distinct()))


def _from_zip(name: str, data: bytes) -> dict[str, Any]:
    found: dict[str, Any] = {}
    where: dict[str, str] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise CatalogueRefused(f"{name}: te veel bestanden (maximaal {MAX_ZIP_MEMBERS}).")
            for info in members:
                if info.is_dir() or _os_extra(info.filename) or not info.filename.lower().endswith((".yaml", ".yml")):
                    continue
                if info.file_size > MAX_IMPORT_BYTES:
                    raise CatalogueRefused(f"{info.filename}: te groot.")
                file_name = _yaml_name(info.filename)
                if file_name in where:
                    raise CatalogueRefused(f"{name}: {file_name} staat er twee keer in ({where[file_name]} en "
                                           f"{info.filename}); laat er één over.")
                where[file_name] = info.filename
                found[file_name] = _parse(info.filename, archive.read(info))
    except zipfile.BadZipFile as exc:
        raise CatalogueRefused(f"{name}: geen geldig zip-bestand.") from exc
    return found


def _os_extra(path: str) -> bool:
    """What macOS Finder adds to a zip: the __MACOSX/ folder and ._ resource forks, not catalogue files."""
    parts = path.replace("\\", "/").split("/")
    return "__MACOSX" in parts[:-1] or parts[-1].startswith("._")


def _yaml_name(path: str) -> str:
    """'criteria/general.yml' -> 'general.yaml' (the loader's file names)."""
    base_name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return base_name[:-4] + ".yaml" if base_name.lower().endswith(".yml") else base_name


def _parse(name: str, data: bytes) -> Any:
    try:
        return parse_yaml(name, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise CatalogueRefused(f"{name}: geen UTF-8-tekst.") from exc
    except CatalogueError as exc:
        raise CatalogueRefused(str(exc)) from exc


class _Dumper(yaml.SafeDumper):
    """Multi-line texts (clauses) as literal blocks, as the files in criteria/ write them."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
