"""The sustainability office's monitor: figures per period and filter, charts with their tables, exports."""

from __future__ import annotations

import io
import logging
import threading
from datetime import date, datetime

from flask import Blueprint, Flask, current_app, render_template, request, send_file, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from procurement.extensions import db
from procurement.monitor import Monitor, compute, query, sorted_rows
from procurement.monitor import charts as chart
from procurement.monitor.export import filters_text, monitor_csv, monitor_docx
from procurement.monitor.figures import NO_GROUP
from procurement.monitor.view import group_chart, headline_text, mean_text, share_text, theme_chart, trend_chart
from procurement.reports.format import LOCAL
from procurement.web.monitor_forms import MonitorForm, choices

bp = Blueprint("monitor", __name__, url_prefix="/monitor")
log = logging.getLogger(__name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def today() -> date:
    return datetime.now(LOCAL).date()


def facts_cache(app: Flask) -> query.FactsCache:
    """This process's decoded monitor facts (one per app)."""
    cache: query.FactsCache | None = app.extensions.get("procurement.monitor")
    if cache is None:  # the first reader of this process makes it (setdefault: the warm-up thread may race it)
        cache = app.extensions.setdefault("procurement.monitor", query.FactsCache())
    return cache


def warm(app: Flask) -> threading.Thread:
    """Read every tender's facts once in the background when a web process starts, so its first monitor page
    decodes only what changed since (started by `serve` and `wsgi.py`)."""

    def read() -> None:
        try:
            with app.app_context():
                facts_cache(app).get(db.session)
                db.session.remove()
        except Exception:  # the page reads them itself then
            log.exception("monitor facts not read at start")

    thread = threading.Thread(target=read, name="monitor-warm-up", daemon=True)
    thread.start()
    return thread


def _monitor() -> tuple[MonitorForm, Monitor, dict[str, str], list[str], dict[str, str]]:
    facts = facts_cache(current_app).get(db.session)
    form = MonitorForm(request.args)
    departments = sorted({t.department_name for t in facts.tenders}, key=str.casefold)
    names = facts.group_names
    groups = sorted({g for t in facts.tenders for g in t.groups}, key=lambda g: (names.get(g) or g).casefold())
    form.dienst.choices = choices([("", "Alle diensten"), *((d, d) for d in departments)])
    form.productgroep.choices = choices(
        [("", "Alle productgroepen"), *((g, names.get(g, g)) for g in groups)]
    )
    form.validate()
    monitor = compute(facts.tenders, form.period(today()), form.filters(), today=today(), titles=facts.titles,
                      group_names=facts.group_names)
    return form, monitor, {**names, "": NO_GROUP}, departments, facts.titles


@bp.get("/")
def index() -> str:
    form, m, names, _, _ = _monitor()
    sort = form.sorteer.data or "naam"
    departments, groups = sorted_rows(m.departments, sort), sorted_rows(m.product_groups, sort)
    themes, trend = theme_chart(m), trend_chart(m)
    department_chart = group_chart("Alle essentiële criteria aanwezig (na beoordeling), per dienst", departments)
    return render_template(
        "monitor/index.html",
        form=form, m=m, headline=headline_text(m.headline), departments=departments, groups=groups,
        described=filters_text(m, names), share=share_text, mean=mean_text,
        # the SVG escapes every text it holds
        theme_chart=Markup(chart.bar_svg(themes, "themas")), theme_alt=themes.description,
        department_chart=Markup(chart.bar_svg(department_chart, "diensten")),
        department_alt=department_chart.description,
        trend_chart=Markup(chart.line_svg(trend, "verloop")), trend_alt=trend.description,
        query=request.query_string.decode("ascii", "replace"),
        sort_url=lambda by: url_for("monitor.index", **{**request.args.to_dict(), "sorteer": by}),
    )


@bp.get("/export.csv")
def export_csv() -> BaseResponse:
    _, m, names, _, _ = _monitor()
    return send_file(io.BytesIO(monitor_csv(m, names)), mimetype="text/csv; charset=utf-8", as_attachment=True,
                     download_name=f"monitor-{_stem(m)}.csv")


@bp.get("/rapport.docx")
def report_docx() -> BaseResponse:
    _, m, names, _, _ = _monitor()
    data = monitor_docx(m, names, city=current_app.config["CITY_NAME"])
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=f"monitor-{_stem(m)}.docx")


def _stem(m: Monitor) -> str:
    return "".join(c if c.isalnum() else "-" for c in m.period.label).strip("-").replace("--", "-")
