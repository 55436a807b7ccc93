"""Monitor latency: GET /monitor/ with N tenders in the database (default 2,000), each with a finished analysis.

    python -m benchmarks.monitor [--tenders N] [--repeat R]

Two bestekken are checked through the real services; their tender, analysis and finding rows are then copied
(SQL inserts, other departments and days) up to N tenders. Prints the first request (which reads the facts) and the
median and slowest of R further requests (the facts cached until something changes), in milliseconds, beside the
goal (under 300 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

GOAL_MS = 300.0
DEPARTMENTS = ("Facilitair beheer", "Sport", "Cultuur", "Mobiliteit", "Groendienst", "ICT")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tenders", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from accounts import SignedInClient
    from builders import DOCX_NAME, cleaning_bestek
    from conftest import app_config

    from procurement import services
    from procurement.app import create_app
    from procurement.extensions import db, runtime
    from procurement.models import Analysis, Finding, Tender
    from procurement.startup import prepare

    folder = Path(tempfile.mkdtemp(prefix="monitor-bench-"))
    app = create_app(app_config(folder), check=False)
    prepare(app)  # the start-up steps: the template's schema is current, criteria/ goes in
    app.test_client_class = SignedInClient
    rt = runtime(app)
    with app.app_context():
        models = []
        for ilo in (True, False):
            t = services.create_tender_with_documents(
                db.session, rt.storage, rt.checker.catalogue, title="Model",
                files=[(DOCX_NAME, cleaning_bestek(ilo=ilo))],
            )
            services.run_analysis(db.session, t.analyses[0].id, rt.checker, storage=rt.storage)
            models.append(db.session.get_one(Analysis, t.analyses[0].id))
        start = datetime.now(UTC) - timedelta(days=730)
        made = time.perf_counter()
        for n in range(args.tenders - len(models)):
            model = models[n % len(models)]
            tender_id = db.session.execute(insert(Tender).values(
                title=f"Bestek {n}", reference=f"2026/{n:04d}", department=DEPARTMENTS[n % len(DEPARTMENTS)],
                product_groups=[], created_at=start + timedelta(hours=8 * n), review_state="concept",
            ).returning(Tender.id)).scalar_one()
            analysis_id = db.session.execute(insert(Analysis).values(
                tender_id=tender_id, batch=1, catalogue_version_id=model.catalogue_version_id, status="done",
                progress=100, engine_version=model.engine_version, score=model.score,
                essential_complete=model.essential_complete, themes=model.themes, product_groups=model.product_groups,
            ).returning(Analysis.id)).scalar_one()
            rows = db.session.scalars(select(Finding).where(Finding.analysis_id == model.id))
            db.session.execute(insert(Finding), [
                {"analysis_id": analysis_id, "position": f.position, "criterion": f.criterion, "theme": f.theme,
                 "kind": f.kind, "essential": f.essential, "status": f.status, "similarity": f.similarity,
                 "missing_elements": f.missing_elements, "evidence": f.evidence, "explanation": f.explanation}
                for f in rows
            ])
        db.session.commit()
        print(f"{args.tenders} tenders made in {time.perf_counter() - made:.1f} s", flush=True)
    client = app.test_client(roles=("duurzaamheid",))
    began = time.perf_counter()
    assert client.get("/monitor/").status_code == 200
    print(f"first GET /monitor/ (reads every tender's findings): {1000 * (time.perf_counter() - began):.0f} ms")
    timings = []
    for _ in range(args.repeat):
        began = time.perf_counter()
        response = client.get("/monitor/")
        timings.append(1000 * (time.perf_counter() - began))
        assert response.status_code == 200
    print(f"GET /monitor/ with {args.tenders} tenders: median {statistics.median(timings):.0f} ms, "
          f"slowest {max(timings):.0f} ms (goal < {GOAL_MS:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
