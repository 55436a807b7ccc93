"""A buyer's clause bundle ("selectie"): built across pages in the session, exported to Word and CSV, kept under a
name ("Mijn selecties") and shared by link with colleagues."""

from __future__ import annotations

import hashlib
import io
import logging
from datetime import UTC, datetime

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
    session,
    url_for,
)
from werkzeug.wrappers.response import Response as BaseResponse

from procurement.catalogue import Catalogue
from procurement.checker import Derived, derived
from procurement.extensions import db
from procurement.reports import format as fmt
from procurement.reports.bundle import BundleView, build, bundle_csv, bundle_docx
from procurement.services import bundles as saved_bundles
from procurement.services import current_checker
from procurement.web.auth import safe_next
from procurement.web.forms import SaveBundleForm

log = logging.getLogger(__name__)
bp = Blueprint("bundles", __name__, url_prefix="/selectie")
SESSION_KEY = "selectie"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KEY_BYTES = 4  # 8 hex digits a criterion: the whole catalogue fits in the cookie beside the login
MAX_ITEMS = 250


def _catalogue() -> Catalogue:
    return current_checker(db.session).catalogue


def _key(criterion_id: str) -> str:
    """A short stable key for a criterion id: the bundle lives in the session cookie, which holds 4 kB at most."""
    return hashlib.blake2s(criterion_id.encode(), digest_size=KEY_BYTES).hexdigest()


# key -> criterion id, kept with the catalogue version
BUNDLE_KEYS: Derived[dict[str, str]] = Derived("bundle keys", lambda c: {_key(x.id): x.id for x in c.criteria})


def _by_key(catalogue: Catalogue) -> dict[str, str]:
    return derived(catalogue, BUNDLE_KEYS)


def _stored() -> list[str]:
    value = session.get(SESSION_KEY, "")
    return value.split() if isinstance(value, str) else []


def selected(catalogue: Catalogue) -> list[str]:
    """The ids in this visitor's bundle, in the order they were added (criteria no longer there left out)."""
    by_key = _by_key(catalogue)
    return [by_key[k] for k in _stored() if k in by_key]


def _save(ids: list[str]) -> None:
    session[SESSION_KEY] = " ".join(dict.fromkeys(_key(i) for i in ids))


def essential_ids(catalogue: Catalogue, group_id: str) -> list[str]:
    """Everything essential for a product group: its own essential criteria and the essential general ones."""
    return [c.id for c in catalogue.applicable((group_id,)) if c.essential]


def _count(n: int) -> str:
    return "1 criterium" if n == 1 else f"{n} criteria"


def _back(default: str) -> str:
    """Where the form came from (a local path only, so the redirect cannot leave the site)."""
    return safe_next(request.form.get("terug")) or default


def _criterion_id(catalogue: Catalogue) -> str:
    criterion_id = request.form.get("criterium", "")
    try:
        retired = catalogue.criterion(criterion_id).retired
    except KeyError:
        abort(400)
    if retired and request.endpoint == "bundles.add":
        abort(400)
    return criterion_id


@bp.get("/")
def show() -> str:
    return _show(SaveBundleForm(formdata=None))


def _show(save_form: SaveBundleForm) -> str:
    catalogue = _catalogue()
    bundle = build(catalogue, selected(catalogue))
    return render_template(
        "bundles/show.html",
        bundle=bundle,
        gone=len(set(_stored())) - bundle.count,
        groups=[(g.id, g.name) for g in catalogue.product_groups],
        back_to=url_for("bundles.show"),
        save_form=save_form,
        saved_count=len(saved_bundles.of_user(db.session, g.user)),
    )


@bp.post("/toevoegen")
def add() -> BaseResponse:
    catalogue = _catalogue()
    criterion_id = _criterion_id(catalogue)
    ids = selected(catalogue)
    title = catalogue.criterion(criterion_id).title
    if criterion_id in ids:  # a second click or a resent form: still one
        flash(f"‘{title}’ zat al in je selectie ({_count(len(ids))}).", "success")
    elif len(ids) >= MAX_ITEMS:
        flash(f"Je selectie telt al {len(ids)} criteria, het maximum. Download ze en begin een nieuwe.", "error")
    else:
        _save([*ids, criterion_id])
        flash(f"‘{title}’ is toegevoegd aan je selectie ({_count(len(ids) + 1)}).", "success")
    return redirect(_back(url_for("bundles.show")))


@bp.post("/verwijderen")
def remove() -> BaseResponse:
    catalogue = _catalogue()
    criterion_id = _criterion_id(catalogue)
    ids = [i for i in selected(catalogue) if i != criterion_id]
    _save(ids)
    flash(f"‘{catalogue.criterion(criterion_id).title}’ is uit je selectie verwijderd ({_count(len(ids))}).", "success")
    return redirect(_back(url_for("bundles.show")))


@bp.post("/leegmaken")
def clear() -> BaseResponse:
    session.pop(SESSION_KEY, None)
    flash("Je selectie is leeggemaakt.", "success")
    return redirect(_back(url_for("bundles.show")))


@bp.post("/productgroep")
def start_from_group() -> BaseResponse:
    """One click: everything essential for a product group, as a new bundle or added to the current one."""
    catalogue = _catalogue()
    try:
        group = catalogue.product_group(request.form.get("productgroep", ""))
    except KeyError:
        abort(400)
    essentials = essential_ids(catalogue, group.id)
    replace = request.form.get("vervangen") == "ja"
    ids = essentials if replace else [*selected(catalogue), *essentials][:MAX_ITEMS]
    _save(ids)
    log.info("bundle started from product group %s (%d criteria)", group.id, len(essentials))
    flash(
        f"{len(essentials)} essentiële criteria voor {group.name} "
        + ("vormen je nieuwe selectie." if replace else f"staan in je selectie ({_count(len(dict.fromkeys(ids)))})."),
        "success",
    )
    return redirect(url_for("bundles.show"))


@bp.get("/duurzaamheidsclausules.docx")
def word() -> Response | BaseResponse:
    catalogue = _catalogue()
    bundle = build(catalogue, selected(catalogue))
    if not bundle.count:
        flash("Je selectie is leeg: voeg eerst criteria toe.", "error")
        return redirect(url_for("bundles.show"))
    data = bundle_docx(bundle, made=fmt.when(datetime.now(UTC)), author=current_app.config["CITY_NAME"])
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name="duurzaamheidsclausules.docx")


@bp.get("/duurzaamheidsclausules.csv")
def table() -> Response | BaseResponse:
    catalogue = _catalogue()
    bundle = build(catalogue, selected(catalogue))
    if not bundle.count:
        flash("Je selectie is leeg: voeg eerst criteria toe.", "error")
        return redirect(url_for("bundles.show"))
    return send_file(io.BytesIO(bundle_csv(bundle)), mimetype="text/csv; charset=utf-8", as_attachment=True,
                     download_name="duurzaamheidsclausules.csv")



# -- saved bundles ("Mijn selecties"): named, per user, shared by a link that any signed-in colleague may open --

TOKEN_LENGTH = 40


@bp.post("/bewaren")
def save() -> BaseResponse | tuple[str, int]:
    form = SaveBundleForm()
    if not form.validate_on_submit():
        return _show(form), 422
    try:
        row, replaced = saved_bundles.save(db.session, g.user, form.name.data or "", selected(_catalogue()))
    except saved_bundles.BundleRefused as exc:
        if exc.field == "name":
            form.name.errors = [exc.message]
            return _show(form), 422
        flash(exc.message, "error")
        return redirect(url_for("bundles.show"))
    flash(f"Je selectie is bewaard als „{row.name}”" + (" (de vorige met die naam is vervangen)." if replaced else "."),
          "success")
    return redirect(url_for("bundles.saved", token=row.token))


@bp.get("/mijn/")
def mine() -> str:
    rows = saved_bundles.of_user(db.session, g.user)
    return render_template("bundles/mine.html", rows=[_listed(r) for r in rows])


@bp.get("/gedeeld/<token>")
def saved(token: str) -> str:
    row = _saved(token)
    catalogue = _catalogue()
    bundle = build(catalogue, _known(catalogue, row))
    return render_template(
        "bundles/saved.html", row=row, bundle=bundle, gone=len(row.criteria) - bundle.count,
        owned_by_me=row.owner_id == g.user.id, link=url_for("bundles.saved", token=row.token, _external=True),
        when=fmt.when(row.updated_at),
    )


@bp.post("/gedeeld/<token>/openen")
def load(token: str) -> BaseResponse:
    """The saved bundle becomes the visitor's current selection, to change and export as usual."""
    row = _saved(token)
    ids = _known(_catalogue(), row)
    _save(ids)
    flash(f"„{row.name}” is nu je huidige selectie ({_count(len(ids))}).", "success")
    return redirect(url_for("bundles.show"))


@bp.post("/gedeeld/<token>/verwijderen")
def delete(token: str) -> BaseResponse:
    _saved(token)
    try:
        name = saved_bundles.delete(db.session, g.user, token)
    except saved_bundles.BundleRefused as exc:
        flash(exc.message, "error")
        return redirect(url_for("bundles.saved", token=token))
    flash(f"De selectie „{name}” is verwijderd.", "success")
    return redirect(url_for("bundles.mine"))


@bp.get("/gedeeld/<token>/duurzaamheidsclausules.docx")
def saved_word(token: str) -> Response:
    row = _saved(token)
    bundle = build(_catalogue(), _known(_catalogue(), row))
    data = bundle_docx(bundle, made=fmt.when(datetime.now(UTC)), author=current_app.config["CITY_NAME"])
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=_file_name(row, "docx"))


@bp.get("/gedeeld/<token>/duurzaamheidsclausules.csv")
def saved_table(token: str) -> Response:
    row = _saved(token)
    bundle: BundleView = build(_catalogue(), _known(_catalogue(), row))
    return send_file(io.BytesIO(bundle_csv(bundle)), mimetype="text/csv; charset=utf-8", as_attachment=True,
                     download_name=_file_name(row, "csv"))


def _saved(token: str) -> saved_bundles.SavedRow:
    row = saved_bundles.by_token(db.session, token) if len(token) <= TOKEN_LENGTH else None
    if row is None:
        abort(404)
    return row


def _known(catalogue: Catalogue, row: saved_bundles.SavedRow) -> list[str]:
    """The saved criteria still in the current catalogue, in their order."""
    known = {c.id for c in catalogue.criteria}
    return [i for i in row.criteria if i in known]


def _listed(row: saved_bundles.SavedRow) -> dict[str, str]:
    return {"name": row.name, "token": row.token, "count": _count(len(row.criteria)), "when": fmt.when(row.updated_at)}


def _file_name(row: saved_bundles.SavedRow, extension: str) -> str:
    """The download is named after the bundle: letters, digits and hyphens only."""
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in row.name.casefold()).split())[:60]
    return f"duurzaamheidsclausules-{slug or 'selectie'}.{extension}"
