"""Keeping the catalogue (sustainability office): edit, add and retire criteria, publish versions, YAML in and out."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, send_file, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from procurement.catalogue.diff import CatalogueDiff, compare, criteria_of, field_changes
from procurement.catalogue.model import THEME_NAMES
from procurement.extensions import db
from procurement.models import Analysis, CatalogueVersion, Tender
from procurement.reports import format as fmt
from procurement.review import may_analyse_again
from procurement.services import catalogue_edit as edit
from procurement.services import current_checker
from procurement.services.catalogue import ORIGIN_NAMES, KnownVersion
from procurement.services.errors import DuplicateSubmission, ServiceError
from procurement.web.catalogue_forms import LOADER_FIELDS, CriterionForm, ImportForm, PublishForm, RecheckForm
from procurement.web.forms import ConfirmForm, new_token
from procurement.worker import submit

log = logging.getLogger(__name__)
bp = Blueprint("catalogue_admin", __name__, url_prefix="/catalogusbeheer")
ALL_LABEL = "alle bestekken"


@dataclass(frozen=True, slots=True)
class VersionRow:
    id: int
    version: str
    created: str
    origin: str
    note: str
    author: str
    current: bool


@dataclass(frozen=True, slots=True)
class DraftRow:
    criterion: str
    title: str
    what: str
    author: str
    updated: str
    changes: tuple[Any, ...]


def _versions() -> list[VersionRow]:
    rows = list(db.session.scalars(select(CatalogueVersion).order_by(CatalogueVersion.id.desc())))
    current = next((r.id for r in rows if r.source is not None), None)
    return [VersionRow(r.id, r.version, fmt.when(r.created_at), ORIGIN_NAMES.get(r.origin, r.origin), r.note,
                       r.created_by.name if r.created_by else "systeem", r.id == current) for r in rows]


@bp.get("/")
def index() -> str:
    current = edit.base(db.session)
    existing = criteria_of(current.source or {})
    pending = edit.drafts(db.session)
    drafted = {d.criterion for d in pending}
    drafts = [
        DraftRow(d.criterion, str(d.data.get("title", d.criterion)),
                 "ingetrokken" if d.data.get("retired") else ("nieuw" if d.is_new else "gewijzigd"),
                 d.author.name if d.author else "systeem", fmt.when(d.updated_at),
                 field_changes(existing.get(d.criterion, {}), d.data))
        for d in pending
    ]
    problems = edit.problems(edit.draft_catalogue(db.session)[0], drafted) if drafts else []
    criteria = sorted(existing.values(), key=lambda c: (str(c.get("theme")), str(c.get("id"))))
    return render_template(
        "catalogue_admin/index.html", current=current, drafts=drafts, problems=problems, versions=_versions(),
        criteria=[(c["id"], c.get("title", ""), THEME_NAMES.get(str(c.get("theme")), ""), bool(c.get("retired")))
                  for c in criteria],
        drafted=drafted, confirm=ConfirmForm(),
    )


def _criterion_form(data: dict[str, Any] | None = None) -> CriterionForm:
    form = CriterionForm()
    groups = current_checker(db.session).catalogue.product_groups
    form.product_groups.choices = [("all", ALL_LABEL), *((grp.id, grp.name) for grp in groups)]
    if request.method == "GET" and data is not None:
        form.fill(data)
    return form


@bp.route("/nieuw-criterium", methods=["GET", "POST"])
def new() -> str | BaseResponse:
    form = _criterion_form({"ambition": 1, "product_groups": "all"})
    if form.validate_on_submit():
        return _save(form, form.to_data(), new=True) or _render_form(form, None)
    return _render_form(form, None)


@bp.route("/criteria/<criterion_id>", methods=["GET", "POST"], endpoint="edit")
def edit_criterion(criterion_id: str) -> str | BaseResponse:
    raw, draft = edit.criterion_data(db.session, criterion_id)
    if raw is None and draft is None:
        abort(404)
    start = draft.data if draft else raw
    form = _criterion_form(start)
    form.id.render_kw = {"readonly": True}
    if form.validate_on_submit():
        form.id.data = criterion_id  # a stable id: never renamed
        data = form.to_data(start)
        return _save(form, data, new=bool(draft and draft.is_new)) or _render_form(form, criterion_id)
    return _render_form(form, criterion_id, draft is not None)


def _save(form: CriterionForm, data: dict[str, Any], *, new: bool) -> BaseResponse | None:
    try:
        draft = edit.save_draft(db.session, g.user, data, new=new)
    except edit.DraftInvalid as exc:
        _field_error(form, exc)
        return None
    except ServiceError as exc:
        flash(exc.message, "error")
        return None
    flash(f"Criterium {draft.criterion} bewaard als concept. Publiceer het concept om een nieuwe versie te maken.",
          "success")
    return redirect(url_for(".index", _anchor="concept"))


def _field_error(form: CriterionForm, exc: edit.DraftInvalid) -> None:
    name = LOADER_FIELDS.get(exc.field or "", exc.field or "")
    if name in ("label", "phrases") and exc.item and exc.item != form.id.data:
        name = "elements"  # an element's own field
    field = form._fields.get(name)
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)


def _render_form(form: CriterionForm, criterion_id: str | None, has_draft: bool = False) -> str:
    return render_template("catalogue_admin/criterion.html", form=form, criterion_id=criterion_id,
                           has_draft=has_draft, confirm=ConfirmForm())


@bp.post("/criteria/<criterion_id>/intrekken")
def retire(criterion_id: str) -> BaseResponse:
    if not ConfirmForm().validate_on_submit():
        flash("Het formulier is verlopen; probeer opnieuw.", "error")
        return redirect(url_for(".index"))
    try:
        edit.retire(db.session, g.user, criterion_id)
    except (edit.DraftInvalid, ServiceError) as exc:
        flash(exc.message, "error")
    else:
        flash(f"Criterium {criterion_id} wordt ingetrokken zodra het concept gepubliceerd is.", "success")
    return redirect(url_for(".index", _anchor="concept"))


@bp.post("/concept/<criterion_id>/schrappen")
def discard(criterion_id: str) -> BaseResponse:
    if ConfirmForm().validate_on_submit():
        edit.discard(db.session, g.user, criterion_id)
        flash(f"Het concept van {criterion_id} is geschrapt.", "success")
    return redirect(url_for(".index", _anchor="concept"))


@bp.route("/publiceren", methods=["GET", "POST"])
def publish() -> str | BaseResponse:
    form = PublishForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            row = edit.publish(db.session, g.user, note=form.note.data or "", label=form.label.data or "")
        except edit.CatalogueRefused as exc:
            form.note.errors = [*form.note.errors, exc.message]
            problems = exc.problems
        except KnownVersion as exc:  # the service rolled back: the page shows the drafts as they still are
            form.note.errors = [*form.note.errors, exc.message]
        else:
            flash(f"Catalogusversie {row.version} is gepubliceerd; nieuwe analyses gebruiken ze.", "success")
            return redirect(url_for(".version", version_id=row.id))
    if request.method == "GET":
        form.label.data = edit.base(db.session).label
    catalogue, files = edit.draft_catalogue(db.session)
    diff = compare(edit.base(db.session).source or {}, files)
    return render_template("catalogue_admin/publish.html", form=form, diff=diff, problems=problems,
                           count=len([c for c in catalogue.criteria if not c.retired]))


@bp.get("/versies/<int:version_id>")
def version(version_id: int) -> str:
    row = db.get_or_404(CatalogueVersion, version_id)
    previous = db.session.scalar(
        select(CatalogueVersion).where(CatalogueVersion.id < row.id, CatalogueVersion.source.is_not(None))
        .order_by(CatalogueVersion.id.desc()).limit(1)
    )
    diff: CatalogueDiff | None = None
    if row.source is not None and previous is not None and previous.source is not None:
        diff = compare(previous.source, row.source)
    used = db.session.scalar(select(Analysis.id).where(Analysis.catalogue_version_id == row.id).limit(1))
    return render_template(
        "catalogue_admin/version.html", row=row, created=fmt.when(row.created_at), previous=previous, diff=diff,
        origin=ORIGIN_NAMES.get(row.origin, row.origin), author=row.created_by.name if row.created_by else "systeem",
        used=used is not None, current=edit.base(db.session).id == row.id,
    )


@bp.get("/versies/<int:version_id>/export.zip")
def export(version_id: int) -> Response:
    row = db.get_or_404(CatalogueVersion, version_id)
    if row.source is None:
        abort(404)
    name = f"criteria-{row.version.replace('+', '-')}.zip"
    return send_file(io.BytesIO(edit.export_zip(row)), mimetype="application/zip", as_attachment=True,
                     download_name=name)


@bp.route("/importeren", methods=["GET", "POST"])
def import_yaml() -> str | BaseResponse:
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        uploads = [(f.filename or "", f.read()) for f in form.files.data if f]
        try:
            row = edit.import_files(db.session, g.user, uploads, note=form.note.data or "")
        except edit.CatalogueRefused as exc:
            form.files.errors = [*form.files.errors, exc.message]
            problems = exc.problems
        except KnownVersion as exc:
            form.files.errors = [*form.files.errors, exc.message]
        else:
            flash(f"Catalogusversie {row.version} is geïmporteerd en nu de huidige.", "success")
            return redirect(url_for(".version", version_id=row.id))
    return render_template("catalogue_admin/import.html", form=form, problems=problems)


@bp.route("/hercontrole", methods=["GET", "POST"])
def recheck() -> str | BaseResponse:
    current = edit.base(db.session)
    latest = {a.tender_id: a for a in db.session.scalars(select(Analysis).order_by(Analysis.id))}
    tenders = list(db.session.scalars(select(Tender).order_by(Tender.created_at.desc(), Tender.id.desc())))
    form = RecheckForm()
    form.tenders.choices = [(t.id, t.title) for t in tenders]
    if request.method == "GET":
        older = {tid for tid, a in latest.items() if a.catalogue_version_id != current.id}
        form.tenders.data = [t.id for t in tenders if t.id in older and may_analyse_again(t.review_state)]
        form.form_token.data = new_token()
    if form.validate_on_submit():
        try:
            made = edit.recheck(db.session, g.user, form.tenders.data or [], current_checker(db.session).catalogue,
                                form_token=form.form_token.data or "")
        except DuplicateSubmission:
            flash("Deze hercontrole werd al verstuurd; de bestekken worden al opnieuw gecontroleerd.", "info")
            return redirect(url_for(".index"))
        except edit.CatalogueRefused as exc:
            form.tenders.errors = [*form.tenders.errors, exc.message]
        else:
            for analysis in made:
                submit(analysis.id)
            flash(f"{fmt.count(len(made), 'bestek wordt', 'bestekken worden')} opnieuw gecontroleerd met versie "
                  f"{current.version}; de vorige "
                  "analyses blijven bewaard.", "success")
            return redirect(url_for(".index"))
    used = {tid: a.catalogue_version.version for tid, a in latest.items() if a.catalogue_version}
    rows = [(t, used.get(t.id, "–"), not may_analyse_again(t.review_state)) for t in tenders]
    return render_template("catalogue_admin/recheck.html", form=form, rows=rows, current=current)
