"""The administrator's list of departments: add, rename, deactivate and activate (the upload form offers it)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from procurement.extensions import db
from procurement.queries import admin
from procurement.services import departments
from procurement.web.forms import ConfirmForm

bp = Blueprint("departments", __name__, url_prefix="/beheer/diensten")


@bp.get("/")
def index() -> str:
    return render_template("departments/index.html", rows=admin.department_rows(db.session), form=ConfirmForm())


@bp.post("/")
def add() -> BaseResponse:
    return _do(lambda: departments.add(db.session, g.user, request.form.get("name", "")), "Dienst toegevoegd.")


@bp.post("/<int:department_id>/naam")
def rename(department_id: int) -> BaseResponse:
    return _do(lambda: departments.rename(db.session, g.user, department_id, request.form.get("name", "")),
               "Naam gewijzigd; de bestekken van deze dienst volgen.")


@bp.post("/<int:department_id>/actief")
def toggle(department_id: int) -> BaseResponse:
    active = request.form.get("active") == "1"
    return _do(lambda: departments.set_active(db.session, g.user, department_id, active),
               "Dienst weer actief." if active else "Dienst wordt niet meer aangeboden.")


def _do(change: Callable[[], object], done: str) -> BaseResponse:
    try:
        change()
    except departments.DepartmentRefused as exc:
        flash(exc.message, "error")
    else:
        flash(done, "ok")
    return redirect(url_for("departments.index"))
