"""User management for the administrator: list, create, set roles, reset a password, (de)activate."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from procurement.extensions import db
from procurement.models import User
from procurement.queries import admin
from procurement.services import users as accounts
from procurement.sessions import DbSession
from procurement.web.forms import ConfirmForm, NewUserForm, PasswordForm, UserRolesForm

bp = Blueprint("admin", __name__, url_prefix="/beheer/gebruikers")


def _user(user_id: int) -> User:
    return db.get_or_404(User, user_id)


@bp.get("/")
def users() -> str:
    return render_template("admin/users.html", users=admin.user_rows(db.session))


@bp.route("/nieuw", methods=["GET", "POST"])
def create() -> str | BaseResponse:
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                db.session, g.user, name=form.name.data or "", password=form.password.data or "",
                roles=form.roles.data or [], full_name=form.full_name.data or "",
            )
        except accounts.UserError as exc:
            _field_error(form, exc)
        else:
            flash(f"Gebruiker {user.name} is aangemaakt.", "success")
            return redirect(url_for(".users"))
    return render_template("admin/new.html", form=form)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
def edit(user_id: int) -> str | BaseResponse:
    user = _user(user_id)
    form = UserRolesForm(obj=None if request.method == "POST" else user)
    if form.validate_on_submit():
        try:
            accounts.update_user(db.session, g.user, user.id, roles=form.roles.data or [],
                                 full_name=form.full_name.data or "", actor_password=form.current_password.data)
        except accounts.UserError as exc:
            _field_error(form, exc)
        else:
            flash(f"De gegevens van {user.name} zijn bewaard.", "success")
            return redirect(url_for(".users"))
    return _render_edit(user, form, PasswordForm(formdata=None))


@bp.post("/<int:user_id>/wachtwoord")
def password(user_id: int) -> str | BaseResponse:
    user = _user(user_id)
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(db.session, g.user, user.id, form.password.data or "",
                                  actor_password=form.current_password.data)
        except accounts.UserError as exc:
            _field_error(form, exc)
        else:
            flash(f"Het wachtwoord van {user.name} is ingesteld.", "success")
            return redirect(url_for(".edit", user_id=user.id))
    return _render_edit(user, UserRolesForm(formdata=None, obj=user), form)


@bp.post("/<int:user_id>/deactiveren")
def deactivate(user_id: int) -> BaseResponse:
    return _toggle(user_id, accounts.deactivate, "{} kan zich niet meer aanmelden.")


@bp.post("/<int:user_id>/activeren")
def activate(user_id: int) -> BaseResponse:
    return _toggle(user_id, accounts.activate, "{} kan zich opnieuw aanmelden.")


def _toggle(user_id: int, change: Callable[[DbSession, User, int], User], done: str) -> BaseResponse:
    user = _user(user_id)
    if not ConfirmForm().validate_on_submit():
        flash("Het formulier is verlopen; probeer opnieuw.", "error")
    else:
        try:
            change(db.session, g.user, user.id)
        except accounts.UserError as exc:
            flash(exc.message, "error")
        else:
            flash(done.format(user.name), "success")
    return redirect(url_for(".edit", user_id=user.id))


def _render_edit(user: User, form: UserRolesForm, password_form: PasswordForm) -> str:
    return render_template("admin/edit.html", user=admin.user_row(user), form=form, password_form=password_form,
                           confirm=ConfirmForm(), is_self=user.id == g.user.id)


def _field_error(form: NewUserForm | UserRolesForm | PasswordForm, exc: accounts.UserError) -> None:
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors.append(exc.message)
    else:
        flash(exc.message, "error")
