"""Keeping the catalogue (sustainability office): edit, add and retire criteria, publish versions, YAML in and out."""

from __future__ import annotations

import io
import logging
from typing import Any

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, send_file, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse
from wtforms import Field, FieldList
from wtforms.form import BaseForm

from procurement.extensions import db
from procurement.models import CatalogueVersion
from procurement.queries import catalogue_admin
from procurement.reports import format as fmt
from procurement.services import catalogue_edit as edit
from procurement.services import current_checker
from procurement.services.catalogue import KnownVersion, version_name, version_names
from procurement.services.errors import DuplicateSubmission, ServiceError
from procurement.web.catalogue_forms import LOADER_FIELDS, CriterionForm, ImportForm, PublishForm, RecheckForm
from procurement.web.forms import ConfirmForm, new_token
from procurement.worker import submit

log = logging.getLogger(__name__)
bp = Blueprint("catalogue_admin", __name__, url_prefix="/catalogusbeheer")
ALL_LABEL = "alle bestekken"


def _names() -> dict[str, str]:
    """The versions' names, looked up once per request."""
    if "version_names" not in g:
        g.version_names = version_names(db.session)
    return dict(g.version_names)


@bp.app_template_filter("versie_tekst")
def version_text(code: str | None) -> str:
    """{{ code|versie_tekst }}: 'versie 12 van 3 december 2026' (plain text, e.g. for the page title); a code no
    version has (none stored yet): 'versie <code>'; no code: as it is ('–')."""
    if not code or code == "–":
        return code or ""
    return _names().get(code, f"versie {code}")


@bp.app_template_filter("versie")
def version_label(code: str | None) -> Markup:
    """{{ code|versie }}: the name people read, the technical code (label + hash) only in its title."""
    if not code or code not in _names():
        return Markup("{}").format(version_text(code))
    return Markup('<span class="version" title="technische code {}">{}</span>').format(code, _names()[code])


@bp.get("/")
def index() -> str:
    page = catalogue_admin.overview(db.session)
    return render_template(
        "catalogue_admin/index.html", current=page.current, drafts=page.drafts, problems=page.problems,
        versions=page.versions, criteria=page.criteria, drafted=page.drafted, confirm=ConfirmForm(),
    )


def _criterion_form(data: dict[str, Any] | None = None) -> CriterionForm:
    form = CriterionForm()
    groups = current_checker(db.session).catalogue.product_groups
    form.product_groups.choices = [("all", ALL_LABEL), *((grp.id, grp.name) for grp in groups)]
    if request.method == "GET" and data is not None:
        form.fill(data)
    return form


def _changed_rows(form: CriterionForm) -> bool:
    """The "add element" and "remove" buttons: the rows change, the form comes back, nothing is saved."""
    if request.method != "POST":
        return False
    if "add_element" in request.form:
        form.add_element_row()
        return True
    remove = request.form.get("remove_element", "")
    if remove:
        form.remove_element_row(int(remove) if remove.isdigit() and len(remove) < 4 else -1)
        return True
    return False


@bp.route("/nieuw-criterium", methods=["GET", "POST"])
def new() -> str | BaseResponse:
    form = _criterion_form({"ambition": 1, "product_groups": "all"})
    if _changed_rows(form):
        return _render_form(form, None)
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
    if _changed_rows(form):
        return _render_form(form, criterion_id, draft is not None, title=_title(start))
    if form.validate_on_submit():
        form.id.data = criterion_id  # a stable id: never renamed
        data = form.to_data(start)
        return _save(form, data, new=bool(draft and draft.is_new)) or _render_form(form, criterion_id,
                                                                                   title=_title(start))
    return _render_form(form, criterion_id, draft is not None, title=_title(start))


def _save(form: CriterionForm, data: dict[str, Any], *, new: bool) -> BaseResponse | None:
    try:
        draft = edit.save_draft(db.session, g.user, data, new=new)
    except edit.DraftInvalid as exc:
        _field_error(form, exc)
        return None
    except ServiceError as exc:
        flash(exc.message, "error")
        return None
    flash(f"„{draft.data.get('title') or draft.criterion}” is bewaard als concept. Publiceer het concept om een "
          "nieuwe versie te maken.", "success")
    return redirect(url_for(".index", _anchor="concept"))


def _field_error(form: CriterionForm, exc: edit.DraftInvalid) -> None:
    for error in exc.errors:
        name = LOADER_FIELDS.get(error.field or "", error.field or "")
        field: Field | None = form._fields.get(name)
        if name in ("id", "label", "phrases") and error.item and error.item != form.id.data:  # an element's field
            row = next((e.form for e in form.elements if e.form.id.data == error.item), None)
            field = getattr(row, "label" if name == "id" else name, None)
        if field is None or isinstance(field, FieldList):  # the rows as a whole: above the form
            form.form_errors.append(error.message)
        else:
            field.errors = [*field.errors, error.message]


def first_error(form: BaseForm) -> str | None:
    """The id of the first field that has an error, in the form's order (the page puts the focus there)."""
    for field in form:
        if isinstance(field, FieldList):
            found = next((first_error(e.form) for e in field if first_error(e.form)), None)
            if found:
                return found
        elif field.errors and field.type not in ("CSRFTokenField", "HiddenField"):
            return str(field.id)
    return None


def _title(data: dict[str, Any] | None) -> str:
    return str((data or {}).get("title") or "")


def _render_form(form: CriterionForm, criterion_id: str | None, has_draft: bool = False, title: str = "") -> str:
    focus = first_error(form)
    if focus is None and request.method == "POST" and "add_element" in request.form and len(form.elements):
        focus = form.elements[-1].form.label.id  # the new row, ready to type in
    return render_template("catalogue_admin/criterion.html", form=form, criterion_id=criterion_id,
                           has_draft=has_draft, confirm=ConfirmForm(), focus=focus, title=title,
                           has_errors=bool(form.errors or form.form_errors))


@bp.post("/criteria/<criterion_id>/intrekken")
def retire(criterion_id: str) -> BaseResponse:
    if not ConfirmForm().validate_on_submit():
        flash("Het formulier is verlopen; probeer opnieuw.", "error")
        return redirect(url_for(".index"))
    try:
        draft = edit.retire(db.session, g.user, criterion_id)
    except (edit.DraftInvalid, ServiceError) as exc:
        flash(exc.message, "error")
    else:
        flash(f"„{_title(draft.data) or criterion_id}” wordt ingetrokken zodra het concept gepubliceerd is.", "success")
    return redirect(url_for(".index", _anchor="concept"))


@bp.post("/concept/<criterion_id>/schrappen")
def discard(criterion_id: str) -> BaseResponse:
    if ConfirmForm().validate_on_submit():
        raw, draft = edit.criterion_data(db.session, criterion_id)
        title = _title(draft.data if draft else raw) or criterion_id
        edit.discard(db.session, g.user, criterion_id)
        flash(f"Het concept van „{title}” is geschrapt.", "success")
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
            flash(f"Catalogus{version_name(db.session, row.version)} is gepubliceerd; nieuwe analyses gebruiken ze.",
                  "success")
            return redirect(url_for(".version", version_id=row.id))
    if request.method == "GET":
        form.label.data = edit.base(db.session).label
    preview = catalogue_admin.publish_preview(db.session)
    return render_template("catalogue_admin/publish.html", form=form, diff=preview.diff, problems=problems,
                           count=preview.criteria)


@bp.get("/versies/<int:version_id>")
def version(version_id: int) -> str:
    page = catalogue_admin.version_page(db.session, version_id)
    if page is None:
        abort(404)
    return render_template(
        "catalogue_admin/version.html", row=page.row, created=page.created, previous=page.previous, diff=page.diff,
        origin=page.origin, author=page.author, used=page.used, current=page.current,
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
            flash(f"Catalogus{version_name(db.session, row.version)} is geïmporteerd en nu de huidige.", "success")
            return redirect(url_for(".version", version_id=row.id))
    return render_template("catalogue_admin/import.html", form=form, problems=problems)


@bp.route("/hercontrole", methods=["GET", "POST"])
def recheck() -> str | BaseResponse:
    current = edit.base(db.session)
    rows = catalogue_admin.recheck_candidates(db.session, current.id)
    form = RecheckForm()
    form.tenders.choices = [(t.id, t.title) for t in rows]
    if request.method == "GET":
        form.tenders.data = [t.id for t in rows if t.older and not t.frozen]
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
                  f"{version_name(db.session, current.version)}; de vorige "
                  "analyses blijven bewaard.", "success")
            return redirect(url_for(".index"))
    return render_template("catalogue_admin/recheck.html", form=form, rows=rows, current=current)
