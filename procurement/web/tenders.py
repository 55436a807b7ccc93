"""Tenders: list and search, the upload form, the report page with its progress, new versions, exports."""

from __future__ import annotations

import io
import logging
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from procurement import services
from procurement.extensions import db, runtime
from procurement.models import ANALYSIS_STATUS_NAMES, DONE, FAILED, QUEUED, RUNNING, Analysis, StoredDocument, Tender
from procurement.reports import format as fmt
from procurement.reports import view as report_view
from procurement.reports.annex import annex_docx
from procurement.reports.table import report_csv
from procurement.web import queries
from procurement.web.forms import ReanalyseForm, TenderForm, VersionForm, new_token
from procurement.worker import submit

log = logging.getLogger(__name__)
bp = Blueprint("tenders", __name__, url_prefix="/bestekken")
VERSION_PREFIX, AGAIN_PREFIX = "versie", "opnieuw"  # two forms on one page: distinct field names and ids
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIMETYPES = {"docx": DOCX, "pdf": "application/pdf", "odt": "application/vnd.oasis.opendocument.text",
             "txt": "text/plain"}


def _uploads(field: Any) -> list[tuple[str, bytes]]:
    return [(f.filename or "", f.read()) for f in field.data if f]


def _limit_mb() -> int:
    return int(current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024))


def _tender(tender_id: int) -> Tender:
    return db.get_or_404(Tender, tender_id)


def _analysis(tender: Tender, analysis_id: int) -> Analysis:
    analysis = db.session.get(Analysis, analysis_id)
    if analysis is None or analysis.tender_id != tender.id:
        abort(404)
    return analysis


@bp.get("/")
def index() -> str:
    search = request.args.get("q", "").strip()[:200]
    return render_template("tenders/index.html", tenders=queries.tender_rows(db.session, search=search), q=search)


@bp.route("/nieuw", methods=["GET", "POST"])
def create() -> str | BaseResponse:
    catalogue = runtime().checker.catalogue
    form = TenderForm()
    form.product_groups.choices = [(g.id, g.name) for g in catalogue.product_groups]
    if request.method == "GET":
        form.form_token.data = new_token()
    if form.validate_on_submit():
        try:
            tender = services.create_tender_with_documents(
                db.session, runtime().storage, catalogue,
                title=form.title.data or "", reference=form.reference.data or "",
                department=form.department.data or "", product_groups=form.product_groups.data or [],
                files=_uploads(form.files), form_token=form.form_token.data,
            )
        except services.DuplicateSubmission as exc:
            log.info("new-tender form posted again; showing tender %s", exc.tender_id)
            return redirect(url_for(".show", tender_id=exc.tender_id))
        except services.UnreadableUpload as exc:
            form.files.errors.append(exc.message)
        except services.UnknownProductGroup as exc:
            form.product_groups.errors.append(exc.message)
        else:
            submit(tender.analyses[0].id)
            flash("Het bestek is opgeladen; de analyse loopt.", "success")
            return redirect(url_for(".show", tender_id=tender.id))
    return render_template("tenders/new.html", form=form, limit_mb=_limit_mb())


@bp.get("/<int:tender_id>")
def show(tender_id: int) -> str:
    return _render_show(_tender(tender_id))


def _render_show(tender: Tender, version_form: VersionForm | None = None) -> str:
    analyses = tender.analyses
    current = analyses[-1] if analyses else None
    wanted = request.args.get("analyse", type=int)
    if wanted is not None:
        shown: Analysis | None = _analysis(tender, wanted)
    else:
        shown = next((a for a in reversed(analyses) if a.status == DONE), None)
    if version_form is None:
        version_form = VersionForm(formdata=None, prefix=VERSION_PREFIX)
        version_form.form_token.data = new_token()
    reanalyse_form = ReanalyseForm(formdata=None, prefix=AGAIN_PREFIX)
    reanalyse_form.form_token.data = new_token()
    current_ids = frozenset(c.id for c in runtime().checker.catalogue.criteria)
    batch = max((d.batch for d in tender.documents), default=0)
    return render_template(
        "tenders/show.html",
        tender=tender,
        created=fmt.when(tender.created_at),
        documents=[_document_row(d) for d in tender.documents if d.batch == batch],
        batch=batch,
        groups_given=tender.product_groups,
        current=_status(current) if current else None,
        shown_id=shown.id if shown else None,
        shown_is_latest=shown is not None and shown is current,
        report=report_view.build(shown, current_ids) if shown and shown.status == DONE else None,
        history=[_history_row(a) for a in reversed(analyses)],
        version_form=version_form,
        reanalyse_form=reanalyse_form,
        limit_mb=_limit_mb(),
    )


def _document_row(d: StoredDocument) -> dict[str, Any]:
    return {"id": d.id, "filename": d.filename, "format": d.format.upper(), "size": fmt.size(d.size),
            "sha256": d.sha256, "sha_short": d.sha256[:12], "uploaded": fmt.when(d.uploaded_at)}


def _history_row(a: Analysis) -> dict[str, Any]:
    return {"id": a.id, "batch": a.batch, "created": fmt.when(a.created_at), "status": a.status,
            "status_name": ANALYSIS_STATUS_NAMES[a.status], "score": fmt.score(a.score) if a.status == DONE else "–",
            "version": a.catalogue_version.version if a.catalogue_version else ""}


def _status(a: Analysis) -> dict[str, Any]:
    return {
        "id": a.id,
        "status": a.status,
        "status_name": ANALYSIS_STATUS_NAMES[a.status],
        "progress": a.progress,
        "message": a.message,
        "error": a.error,
        "busy": a.status in (QUEUED, RUNNING),
        "failed": a.status == FAILED,
    }


@bp.get("/<int:tender_id>/status")
def status(tender_id: int) -> dict[str, Any]:
    """The latest analysis' progress, polled by the report page while it runs."""
    latest = db.session.scalar(
        select(Analysis).where(Analysis.tender_id == tender_id).order_by(Analysis.id.desc()).limit(1)
    )
    if latest is None:
        abort(404)
    return _status(latest)


@bp.post("/<int:tender_id>/versies")
def upload_version(tender_id: int) -> str | BaseResponse:
    tender = _tender(tender_id)
    form = VersionForm(prefix=VERSION_PREFIX)
    if form.validate_on_submit():
        try:
            analysis = services.add_document_version(
                db.session, runtime().storage, runtime().checker.catalogue, tender.id,
                files=_uploads(form.files), form_token=form.form_token.data,
            )
        except services.DuplicateSubmission:
            return redirect(url_for(".show", tender_id=tender.id))
        except services.UnreadableUpload as exc:
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
        try:
            analysis = services.reanalyse(
                db.session, runtime().checker.catalogue, tender.id, form_token=form.form_token.data
            )
        except services.DuplicateSubmission:
            pass
        else:
            submit(analysis.id)
            flash("De analyse wordt opnieuw uitgevoerd.", "success")
    else:
        flash("Het formulier is verlopen; probeer opnieuw.", "error")
    return redirect(url_for(".show", tender_id=tender.id))


@bp.get("/<int:tender_id>/analyses/<int:analysis_id>/bijlage.docx")
def annex(tender_id: int, analysis_id: int) -> Response:
    tender, analysis = _finished(tender_id, analysis_id)
    data = annex_docx(report_view.build(analysis), title=tender.title, reference=tender.reference)
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True,
                     download_name=f"duurzaamheidsclausules-bestek-{tender.id}-analyse-{analysis.id}.docx")


@bp.get("/<int:tender_id>/analyses/<int:analysis_id>/rapport.csv")
def table(tender_id: int, analysis_id: int) -> Response:
    tender, analysis = _finished(tender_id, analysis_id)
    return send_file(io.BytesIO(report_csv(report_view.build(analysis))), mimetype="text/csv; charset=utf-8",
                     as_attachment=True, download_name=f"rapport-bestek-{tender.id}-analyse-{analysis.id}.csv")


def _finished(tender_id: int, analysis_id: int) -> tuple[Tender, Analysis]:
    tender = _tender(tender_id)
    analysis = _analysis(tender, analysis_id)
    if analysis.status != DONE:
        abort(404)
    return tender, analysis


@bp.get("/<int:tender_id>/documenten/<int:document_id>")
def original(tender_id: int, document_id: int) -> Response:
    """The original as uploaded, byte for byte (always as a download, never shown in the browser)."""
    document = db.session.get(StoredDocument, document_id)
    if document is None or document.tender_id != tender_id or not runtime().storage.exists(document.storage_key):
        abort(404)
    return send_file(runtime().storage.path(document.storage_key), mimetype=MIMETYPES.get(document.format),
                     as_attachment=True, download_name=document.filename)
