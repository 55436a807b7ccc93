"""Signing in and out: the login page, the session (absolute and idle expiry) and the signed-in user."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from procurement.extensions import db
from procurement.models import User
from procurement.services import users
from procurement.web.forms import LoginForm, LogoutForm, OwnPasswordForm
from procurement.web.serve import is_loopback

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)
USER, SIGNED_IN_AT, SEEN_AT, EPOCH = "user_id", "signed_in_at", "seen_at", "epoch"


def signed_in_user() -> User | None:
    """The active user of this session; an expired or idle session, a deactivated user or a newer epoch ends it.

    A session without an epoch (signed in before there were epochs) counts as epoch 0.
    """
    user_id = session.get(USER)
    if user_id is None:
        return None
    moment = time.time()
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    idle = float(current_app.config["SESSION_IDLE_MINUTES"]) * 60
    started, seen = float(session.get(SIGNED_IN_AT, 0)), float(session.get(SEEN_AT, 0))
    if moment - started > lifetime or moment - seen > idle:
        session.clear()
        g.session_expired = True
        return None
    user = db.session.get(User, user_id)
    if (
        user is None
        or not user.active
        or (user.demo and not current_app.config["DEMO_ACCOUNTS"])
        or session.get(EPOCH, 0) != user.session_epoch  # the password was set or the user deactivated since
    ):
        session.clear()
        return None
    if moment - seen > 30:  # keep the idle clock going without rewriting the cookie on every request
        session[SEEN_AT] = moment
    return user


def start_session(user: User) -> None:
    session.clear()  # a new session on sign-in: nothing from before carries over
    session.permanent = True
    moment = time.time()
    session.update({USER: user.id, SIGNED_IN_AT: moment, SEEN_AT: moment, EPOCH: user.session_epoch})


def ask_to_sign_in() -> BaseResponse | tuple[dict[str, str], int]:
    """Anonymous: a JSON 401 for what scripts poll, otherwise the login page (back here afterwards)."""
    if request.path.startswith("/api/") or request.path.endswith("/status"):
        return {"error": "Niet aangemeld"}, 401
    if g.get("session_expired"):
        flash("Je sessie is verlopen. Meld je opnieuw aan.", "error")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target))


def safe_next(target: str | None) -> str | None:
    """Only a path on this site (never another host, never '//host', never a control character or a space)."""
    if not target or len(target) > 2000 or any(c <= " " or c == "\x7f" for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


@bp.route("/aanmelden", methods=["GET", "POST"])
def login() -> str | BaseResponse | tuple[str, int, dict[str, str]]:
    if g.get("user") is not None and request.method == "GET":
        return redirect(safe_next(request.args.get("next")) or url_for("main.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = users.sign_in(
                db.session, form.name.data or "", form.password.data or "", address=request.remote_addr or "",
                throttle=_throttle(), demo_accounts=bool(current_app.config["DEMO_ACCOUNTS"]),
            )
        except users.SignInThrottled as exc:
            form.password.errors.append(exc.message)
            status = 429
        else:
            if user is None:
                form.password.errors.append(
                    "Onbekende gebruikersnaam of fout wachtwoord (of het account is niet actief).")
            else:
                start_session(user)
                log.info("user %s signed in", user.name)
                return redirect(safe_next(request.args.get("next")) or url_for("main.index"))
    demo = demo_offered()
    page = render_template("auth/login.html", form=form, demo=demo, demo_form=LogoutForm() if demo else None,
                           next=safe_next(request.args.get("next")))
    return (page, status, {"Retry-After": str(_throttle().minutes * 60)}) if status == 429 else page


def _throttle() -> users.Throttle:
    settings = current_app.config
    return users.Throttle(minutes=int(settings["SIGNIN_WINDOW_MINUTES"]),
                          per_account=int(settings["SIGNIN_MAX_PER_ACCOUNT"]),
                          per_address=int(settings["SIGNIN_MAX_PER_ADDRESS"]))


def demo_offered() -> bool:
    """Demo accounts exist (the embedded default) and this request comes from this computer itself."""
    return bool(current_app.config["DEMO_ACCOUNTS"]) and is_loopback(request.remote_addr or "")


def same_origin() -> bool:
    """The form was posted from a page of this site: Origin (or, without it, Sec-Fetch-Site) says so."""
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == request.host_url.rstrip("/")
    return request.headers.get("Sec-Fetch-Site") == "same-origin"


@bp.post("/aanmelden/demo")
def demo_login() -> BaseResponse:
    """One click into a demo account: only where the embedded default made them (never in production)."""
    if not current_app.config["DEMO_ACCOUNTS"]:
        abort(404)  # outside the embedded default this page does not exist
    if not demo_offered() or not same_origin():  # another computer, or a page of another site
        log.warning("demo sign-in refused from %s (origin %s)", request.remote_addr, request.headers.get("Origin"))
        abort(403)
    form = LogoutForm()  # the CSRF token only
    name = request.form.get("account", "")
    user = db.session.scalar(select(User).where(User.name == name)) if form.validate_on_submit() else None
    if user is None or not user.demo or not user.active:
        flash("Dat is geen demo-account; meld je aan met gebruikersnaam en wachtwoord.", "error")
        return redirect(url_for("auth.login"))
    start_session(user)
    log.info("demo user %s signed in", user.name)
    return redirect(safe_next(request.args.get("next")) or url_for("main.index"))


@bp.post("/afmelden")
def logout() -> BaseResponse:
    form = LogoutForm()
    if form.validate_on_submit():
        if g.get("user") is not None:
            users.end_sessions(db.session, g.user)  # a copy of the cookie is worth nothing from now on
        session.clear()
        flash("Je bent afgemeld.", "success")
        return redirect(url_for("auth.login"))
    flash("Het formulier is verlopen; probeer opnieuw.", "error")
    return redirect(url_for("main.index"))


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
def own_password() -> str | BaseResponse:
    """Everyone changes their own password here, after giving the current one."""
    form = OwnPasswordForm()
    if form.validate_on_submit():
        try:
            user = users.change_own_password(db.session, g.user, form.current_password.data or "",
                                             form.password.data or "")
        except users.UserError as exc:
            field = getattr(form, exc.field or "", None)
            (field.errors if field is not None else form.password.errors).append(exc.message)
        else:
            start_session(user)  # this session goes on under the new epoch; every other one has ended
            flash("Je wachtwoord is gewijzigd. Andere sessies met je account zijn afgesloten.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form)
