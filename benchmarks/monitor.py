"""Monitor latency: GET /monitor/ with N tenders in the database (default 2,000), each with a finished analysis.

    python -m benchmarks.monitor [--tenders N] [--changes C] [--analyses A] [--repeat R]
                                 [--databases sqlite,postgresql] [--postgresql-url URL]

Two bestekken are checked through the real services; their tender, analysis and finding rows are then copied
(SQL inserts, other departments and days) up to N tenders, and the monitor's facts of the copies are written by
monitor.store.rebuild (what the services write for an analysis or a review). Then, in milliseconds, beside the goal
(under 300 ms):
- the first GET of the process (templates compiled, connections opened);
- the first GET of a process whose start read every tender's facts in the background (serve and wsgi.py do);
- the first GET after a change, median and slowest over C reviews (review_finding: an override, then another status)
  and A re-checks (a new analysis of a checked bestek, run by the real checker) made through the services;
- after each of those, R more GETs with nothing changed in between, median and slowest.
PostgreSQL runs on a private cluster (manage.py's; Debian's postgresql), or on the server at --postgresql-url (a
database made there for the run and dropped after).
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 300.0
DEPARTMENTS = ("Facilitair beheer", "Sport", "Cultuur", "Mobiliteit", "Groendienst", "ICT")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tenders", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2, help="GETs with nothing changed after each timed change")
    parser.add_argument("--changes", type=int, default=7, help="reviews, each followed by a timed GET")
    parser.add_argument("--analyses", type=int, default=2, help="re-checks, each followed by a timed GET")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--postgresql-url", default="", help="a server to use instead of a private cluster")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    for database in args.databases.split(","):
        with database_uri(database.strip(), args.postgresql_url) as uri:
            run(database.strip(), uri, args)
    return 0


@contextlib.contextmanager
def database_uri(database: str, server: str) -> Iterator[str]:
    if database == "sqlite":
        with tempfile.TemporaryDirectory(prefix="monitor-bench-db-") as folder:
            yield f"sqlite:///{Path(folder) / 'procurement.sqlite'}"
        return
    if database != "postgresql":
        raise SystemExit(f"unknown database {database!r} (sqlite, postgresql)")
    if not server:
        import manage

        bin_dir = manage.ensure_postgresql()
        if bin_dir is None:
            raise SystemExit("no PostgreSQL on this machine (python3 manage.py test installs Debian's)")
        with manage.private_postgresql(bin_dir) as uri:
            yield uri
        return
    name = f"monitor_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(database: str, uri: str, args: argparse.Namespace) -> None:
    from accounts import SignedInClient, make_user
    from builders import DOCX_NAME, cleaning_bestek
    from conftest import app_config

    from procurement import services
    from procurement.app import create_app
    from procurement.extensions import db, originals
    from procurement.models import Analysis, Finding, Tender, User
    from procurement.monitor import store
    from procurement.services import current_checker, review
    from procurement.startup import prepare
    from procurement.web.monitor import warm

    folder = Path(tempfile.mkdtemp(prefix="monitor-bench-"))
    app = create_app(app_config(folder, SQLALCHEMY_DATABASE_URI=uri), check=False)
    prepare(app)  # the start-up steps: the template's schema is current, criteria/ goes in
    app.test_client_class = SignedInClient
    with app.app_context():
        models = []
        for ilo in (True, False):
            t = services.create_tender_with_documents(
                db.session, originals(app), current_checker(db.session).catalogue, title="Model",
                files=[(DOCX_NAME, cleaning_bestek(ilo=ilo))],
            )
            services.run_analysis(db.session, t.analyses[0].id, current_checker(db.session), storage=originals(app))
            models.append(db.session.get_one(Analysis, t.analyses[0].id))
        start = datetime.now(UTC) - timedelta(days=730)
        made = time.perf_counter()
        copies = []
        for n in range(args.tenders - len(models)):
            model = models[n % len(models)]
            tender_id = db.session.execute(insert(Tender).values(
                title=f"Bestek {n}", reference=f"2026/{n:04d}", department=DEPARTMENTS[n % len(DEPARTMENTS)],
                product_groups=[], created_at=start + timedelta(hours=8 * n), review_state="concept",
            ).returning(Tender.id)).scalar_one()
            analysis_id = db.session.execute(insert(Analysis).values(
                tender_id=tender_id, batch=model.batch, catalogue_version_id=model.catalogue_version_id,
                status="done", progress=100, engine_version=model.engine_version, score=model.score,
                essential_complete=model.essential_complete, themes=model.themes, product_groups=model.product_groups,
            ).returning(Analysis.id)).scalar_one()
            rows = db.session.scalars(select(Finding).where(Finding.analysis_id == model.id))
            db.session.execute(insert(Finding), [
                {"analysis_id": analysis_id, "position": f.position, "criterion": f.criterion, "theme": f.theme,
                 "kind": f.kind, "essential": f.essential, "status": f.status, "similarity": f.similarity,
                 "missing_elements": f.missing_elements, "evidence": f.evidence, "explanation": f.explanation}
                for f in rows
            ])
            copies.append(tender_id)
        checked = [m.tender_id for m in models]
        store.rebuild(db.session)
        db.session.commit()
        if database == "postgresql":  # as a database that has lived a while: statistics made, no autovacuum ahead
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        print(f"{database}: {args.tenders} tenders made in {time.perf_counter() - made:.1f} s", flush=True)
    reviewer = make_user(app, "duurzaamheid", name="duurzaamheid")
    client = app.test_client(roles=("duurzaamheid",))

    def get() -> float:
        began = time.perf_counter()
        response = client.get("/monitor/")
        elapsed = 1000 * (time.perf_counter() - began)
        assert response.status_code == 200
        return elapsed

    first = get()
    app.extensions.pop("procurement.monitor", None)  # a new web process's cache, read at its start as serve does
    warm(app).join()
    warmed = get()
    after_change: list[float] = []
    unchanged: list[float] = []
    with app.app_context():
        # reviews: one missing finding of a copied tender after another, overridden to met, then to partial
        short = list(db.session.execute(
            select(Finding.id, Analysis.tender_id).join(Analysis, Analysis.id == Finding.analysis_id)
            .where(Finding.status == "missing", Analysis.tender_id.in_(copies[: args.changes]))
            .order_by(Finding.id)
        ))
    for n in range(args.changes):
        finding_id, tender_id = short[n // 2 % len(short)]
        with app.app_context():
            review.review_finding(db.session, db.session.get(User, reviewer), tender_id, finding_id,
                                  decision="override", status="met" if n % 2 == 0 else "partial",
                                  reason="Staat in bijlage B.")
        after_change.append(get())
        unchanged.extend(get() for _ in range(args.repeat))
    for n in range(args.analyses):
        with app.app_context():  # a re-check of one of the two checked bestekken
            again = services.reanalyse(db.session, current_checker(db.session).catalogue, checked[n % len(checked)])
            services.run_analysis(db.session, again.id, current_checker(db.session), storage=originals(app))
            assert db.session.get_one(Analysis, again.id).status == "done"
        after_change.append(get())
        unchanged.extend(get() for _ in range(args.repeat))
    print(f"{database}: first GET /monitor/ of the process: {first:.0f} ms")
    print(f"{database}: first GET /monitor/ of a process that read the facts at its start: {warmed:.0f} ms "
          f"(goal < {GOAL_MS:.0f} ms)")
    print(f"{database}: first GET /monitor/ after a change ({args.changes} reviews, {args.analyses} re-checks): "
          f"median {statistics.median(after_change):.0f} ms, slowest {max(after_change):.0f} ms "
          f"(goal < {GOAL_MS:.0f} ms)")
    print(f"{database}: GET /monitor/ with nothing changed ({len(unchanged)}x): median "
          f"{statistics.median(unchanged):.0f} ms, slowest {max(unchanged):.0f} ms (goal < {GOAL_MS:.0f} ms)",
          flush=True)
    with app.app_context():
        db.engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
