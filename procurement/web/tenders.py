"""Tenders: list and search, the upload form, the report page with its progress, new versions, exports."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from procurement import services
from procurement.extensions import db, limits, originals
from procurement.models import DONE, Analysis, StoredDocument, Tender, now
from procurement.monitor.figures import NO_DEPARTMENT
from procurement.queries import tenders as queries
from procurement.reports import format as fmt
from procurement.reports import view as report_view
from procurement.reports.annex import annex_docx
from procurement.reports.annotate import AnnotationError, analysis_copy
from procurement.reports.table import report_csv
from procurement.services.departments import active_names as department_names
from procurement.web import tender_page
from procurement.web.errors import limit_mb
from procurement.web.forms import GroupsForm, ReanalyseForm, TenderForm, VersionForm, new_token
from procurement.web.monitor_forms import choices
from procurement.web.tender_filters import TenderFilterForm
from procurement.web.tender_page import AGAIN_PREFIX, GROUPS_PREFIX, VERSION_PREFIX
from procurement.worker import submit

log = logging.getLogger(__name__)
bp = Blueprint("tenders", __name__, url_prefix="/bestekken")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIMETYPES = {"docx": DOCX, "pdf": "application/pdf", "odt": "application/vnd.oasis.opendocument.text",
             "txt": "text/plain"}


def _uploads(field: Any) -> list[tuple[str, bytes]]:
    return [(f.filename or "", f.read()) for f in field.data if f]


def _tender(tender_id: int) -> Tender:
    return db.get_or_404(Tender, tender_id)


@bp.get("/")
def index() -> str:
    search = request.args.get("q", "").strip()[:200]
    form = TenderFilterForm(request.args)
    catalogue = services.current_checker(db.session).catalogue
    form.dienst.choices = choices([("", "Alle diensten"), *((d, d) for d in queries.departments(db.session))])
    form.productgroep.choices = choices([("", "Alle productgroepen"),
                                         *((grp.id, grp.name) for grp in catalogue.product_groups)])
    form.validate()
    tenders = queries.tender_rows(db.session, search=search, filters=form.filters())
    return render_template("tenders/index.html", tenders=tenders, q=search, filter_form=form)


@bp.route("/nieuw", methods=["GET", "POST"])
def create() -> str | BaseResponse:
    catalogue = services.current_checker(db.session).catalogue
    form = TenderForm()
    form.product_groups.choices = [(g.id, g.name) for g in catalogue.product_groups]
    form.department.choices = [("", NO_DEPARTMENT), *((d, d) for d in department_names(db.session))]
    if request.method == "GET":
        form.form_token.data = new_token()
    if form.validate_on_submit():
        try:
            tender = services.create_tender_with_documents(
                db.session, originals(), catalogue,
                title=form.title.data or "", reference=form.reference.data or "",
                department=form.department.data or "", product_groups=form.product_groups.data or [],
                files=_uploads(form.files), form_token=form.form_token.data, actor=g.user, limits=limits(),
            )
        except services.DuplicateSubmission as exc:
            log.info("new-tender form posted again; showing tender %s", exc.tender_id)
            return redirect(url_for(".show", tender_id=exc.tender_id))
        except services.UnreadableUpload as exc:
            form.files.errors.append(exc.message)
        except services.UnknownProductGroup as exc:
            form.product_groups.errors.append(exc.message)
        except services.UnknownDepartment as exc:
            form.department.errors = [exc.message]
        else:
            submit(tender.analyses[0].id)
            flash("Het bestek is opgeladen; de analyse loopt.", "success")
            return redirect(url_for(".show", tender_id=tender.id))
    return render_template("tenders/new.html", form=form, limit_mb=limit_mb())


@bp.get("/<int:tender_id>")
def show(tender_id: int) -> str:
    return _render_show(_tender(tender_id))


def _render_show(tender: Tender, version_form: VersionForm | None = None) -> str:
    return tender_page.render(tender, version_form)


@bp.get("/<int:tender_id>/status")
def status(tender_id: int) -> dict[str, Any]:
    """The latest analysis' progress, polled by the report page while it runs."""
    latest = services.latest_analysis(db.session, tender_id)
    if latest is None:
        abort(404)
    return tender_page.status_of(latest)


@bp.post("/<int:tender_id>/versies")
def upload_version(tender_id: int) -> str | BaseResponse:
    tender = _tender(tender_id)
    form = VersionForm(prefix=VERSION_PREFIX)
    if form.validate_on_submit():
        try:
            analysis = services.add_document_version(
                db.session, originals(), services.current_checker(db.session).catalogue, tender.id,
                files=_uploads(form.files), form_token=form.form_token.data, actor=g.user, limits=limits(),
            )
        except services.DuplicateSubmission:
            return redirect(url_for(".show", tender_id=tender.id))
        except (services.UnreadableUpload, services.ReviewRefused) as exc:
            form.files.errors.append(exc.message)
        else:
            submit(analysis.id)
            flash("De nieuwe versie is opgeladen; de analyse loopt.", "success")
            return redirect(url_for(".show", tender_id=tender.id))
    return _render_show(tender, version_form=form)


@bp.post("/<int:tender_id>/opnieuw")
def reanalyse(tender_id: int) -> BaseResponse:
    tender = _tender(tender_id)
    form = ReanalyseForm(prefix=AGAIN_PREFIX)
    if form.validate_on_submit():
        _queue(lambda: services.reanalyse(
            db.session, services.current_checker(db.session).catalogue, tender.id,
            form_token=form.form_token.data, actor=g.user,
        ), "De analyse wordt opnieuw uitgevoerd.")
    else:
        flash("Het formulier is verlopen; probeer opnieuw.", "error")
    return redirect(url_for(".show", tender_id=tender.id))


@bp.post("/<int:tender_id>/productgroepen")
def correct_groups(tender_id: int) -> BaseResponse:
    tender = _tender(tender_id)
    catalogue = services.current_checker(db.session).catalogue
    form = GroupsForm(prefix=GROUPS_PREFIX)
    form.product_groups.choices = [(g.id, g.name) for g in catalogue.product_groups]
    if form.validate_on_submit():
        _queue(lambda: services.correct_product_groups(
            db.session, catalogue, tender.id, form.product_groups.data or [],
            form_token=form.form_token.data, actor=g.user,
        ), "De productgroepen zijn aangepast; het bestek wordt opnieuw geanalyseerd.")
    else:
        flash("Kies bestaande productgroepen (of geen, om ze opnieuw te laten herkennen).", "error")
    return redirect(url_for(".show", tender_id=tender.id))


def _queue(request_analysis: Callable[[], Analysis], done: str) -> None:
    """Ask a service for a new analysis and hand it to the worker; a repeated form does nothing more."""
    try:
        analysis = request_analysis()
    except services.DuplicateSubmission:
        return
    except services.ReviewRefused as exc:  # approved means frozen
        flash(exc.message, "error")
        return
    submit(analysis.id)
    flash(done, "success")


@bp.get("/<int:tender_id>/analyses/<int:analysis_id>/bijlage.docx")
def annex(tender_id: int, analysis_id: int) -> Response:
    tender, analysis = _finished(tender_id, analysis_id)
    data = annex_docx(report_view.build(analysis), title=tender.title, reference=tender.reference,
                      author=current_app.config["CITY_NAME"])
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True,
                     download_name=f"duurzaamheidsclausules-{fmt.file_stem(tender.reference, tender.title)}.docx")


@bp.get("/<int:tender_id>/analyses/<int:analysis_id>/rapport.csv")
def table(tender_id: int, analysis_id: int) -> Response:
    tender, analysis = _finished(tender_id, analysis_id)
    return send_file(io.BytesIO(report_csv(report_view.build(analysis))), mimetype="text/csv; charset=utf-8",
                     as_attachment=True, download_name=f"rapport-{fmt.file_stem(tender.reference, tender.title)}.csv")


@bp.get("/<int:tender_id>/analyses/<int:analysis_id>/documenten/<int:document_id>/geannoteerd.docx")
def annotated(tender_id: int, analysis_id: int, document_id: int) -> Response | BaseResponse:
    """The tender's own .docx with comments at the evidence and the missing clauses as tracked changes."""
    tender, analysis = _finished(tender_id, analysis_id)
    document = db.session.get(StoredDocument, document_id)
    storage = originals()
    if (document is None or document.tender_id != tender.id or document.batch != analysis.batch
            or not storage.exists(document.storage_key)):
        abort(404)
    try:
        copy = analysis_copy(analysis, document.filename, storage.read(document.storage_key), moment=now())
    except AnnotationError as exc:
        flash(exc.reason, "error")
        return redirect(url_for(".show", tender_id=tender.id, analyse=analysis.id))
    stem = document.filename.rsplit(".", 1)[0] or "bestek"
    return send_file(io.BytesIO(copy.data), mimetype=DOCX, as_attachment=True,
                     download_name=f"{stem}-geannoteerd.docx")


def _finished(tender_id: int, analysis_id: int) -> tuple[Tender, Analysis]:
    tender = _tender(tender_id)
    analysis = tender_page.analysis_of(tender, analysis_id)
    if analysis.status != DONE:
        abort(404)
    return tender, analysis


@bp.get("/<int:tender_id>/documenten/<int:document_id>")
def original(tender_id: int, document_id: int) -> Response:
    """The original as uploaded, byte for byte (always as a download, never shown in the browser)."""
    document = db.session.get(StoredDocument, document_id)
    if document is None or document.tender_id != tender_id or not originals().exists(document.storage_key):
        abort(404)
    data = originals().read(document.storage_key)
    return send_file(io.BytesIO(data), mimetype=MIMETYPES.get(document.format),
                     as_attachment=True, download_name=document.filename)
