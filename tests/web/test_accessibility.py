"""In a real Chromium: axe-core finds no WCAG 2.1 AA violation on any page of any role; upload and review work with
the keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest
from accounts import make_user
from builders import DOCX_NAME, ILO_ID, cleaning_bestek
from conftest import sign_in
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, Rule

from procurement.extensions import db
from procurement.models import Analysis, CatalogueVersion, StoredDocument, User
from procurement.roles import ROLES
from procurement.services import bundles
from procurement.web import permissions
from tests.web.axe import violations

pytestmark = pytest.mark.browser
ILO = f"#c-{ILO_ID}"
# pages that answer a file, JSON or a redirect, not HTML a person reads
NOT_PAGES = ("tenders.annex", "tenders.table", "tenders.annotated", "tenders.original", "tenders.status",
             "api.", "monitor.export_csv", "monitor.report_docx", "catalogue_admin.export", "bundles.word",
             "bundles.table", "bundles.saved_word", "bundles.saved_table", "auth.demo_login", "static")
# the same page in another state, or with what a query shows
EXTRA = {
    "catalogue.index": ["/catalogus/?thema=human-rights&q=arbeid"],
    "tenders.index": ["/bestekken/?q=schoonmaak"],
}


@pytest.fixture
def live_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}


def upload(page: Any, url: str) -> None:
    """Upload a cleaning bestek without the ILO clause through the form; wait for its report."""
    page.goto(f"{url}/bestekken/nieuw")
    page.fill("#title", "Schoonmaak stadhuis")
    page.set_input_files("#files", files=[{"name": DOCX_NAME, "mimeType": "application/octet-stream",
                                           "buffer": cleaning_bestek(ilo=False)}])
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/bestekken/1", timeout=15000)
    page.wait_for_selector("text=Score per thema", timeout=30000)


def values(app: Any) -> dict[str, Any]:
    """Real rows for every URL parameter."""
    with app.app_context():
        return {
            "tender_id": 1,
            "analysis_id": db.session.scalars(select(Analysis.id)).first(),
            "document_id": db.session.scalars(select(StoredDocument.id)).first(),
            "criterion_id": ILO_ID,
            "group_id": "cleaning-services",
            "user_id": make_user(app, "aankoper", name="collega"),
            "version_id": db.session.scalars(select(CatalogueVersion.id)).first(),
            "token": bundles.save(db.session, db.session.scalars(select(User).where(User.name == "test")).one(),
                                  "Schoonmaak 2027", [ILO_ID, "energy-life-cycle-cost-award"])[0].token,
        }


def pages(app: Any, roles: tuple[str, ...], known: dict[str, Any]) -> list[str]:
    """Every HTML page (GET) the permission table opens to these roles, with real rows in its URL."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()) or rule.endpoint.startswith(NOT_PAGES):
            continue
        if not permissions.allowed(rule.endpoint, roles):
            continue
        found.append(build(rule, known))
        found.extend(EXTRA.get(rule.endpoint, []))
    return found


def build(rule: Rule, known: dict[str, Any]) -> str:
    filled = {name: known.get(name, 1 if isinstance(rule._converters[name], IntegerConverter) else "x")
              for name in rule.arguments}
    built = rule.build(filled, append_unknown=False)
    assert built is not None
    return built[1]


def check(page: Any, url: str, path: str) -> list[str]:
    page.goto(url + path)
    page.wait_for_load_state("load")
    return [f"{path}: {v}" for v in violations(page)]


def test_no_page_of_any_role_has_a_wcag_2_1_aa_violation(page: Any, live: tuple[Any, str]) -> None:
    app, url = live
    upload(page, url)
    known = values(app)
    found: list[str] = []
    walked = 0

    # signed out: the sign-in page, and a page that does not exist
    page.click("button.logout")
    page.wait_for_url(f"{url}/aanmelden", timeout=10000)
    found += check(page, url, "/aanmelden")
    for role in ROLES:
        make_user(app, role, name=f"enkel-{role}")
        sign_in(page, url, f"enkel-{role}")
        page.goto(f"{url}/catalogus/criteria/{ILO_ID}")  # a selection of one, so its page shows a clause
        page.click("form.choose button")
        paths = [*pages(app, (role,), known), "/bestaat-niet"]
        for path in paths:
            found += [f"[{role}] {v}" for v in check(page, url, path)]
        walked += len(paths)
        page.click("button.logout")
        page.wait_for_url(f"{url}/aanmelden", timeout=10000)

    assert walked > 40
    assert found == []


def test_a_review_error_and_the_approval_safeguard_have_no_wcag_2_1_aa_violation(
    page: Any, live: tuple[Any, str]
) -> None:
    app, url = live
    upload(page, url)
    page.click("text=Indienen ter controle")  # the page's user holds every role; a colleague approves
    make_user(app, "duurzaamheid", name="dirk")
    page.click("button.logout")
    sign_in(page, url, "dirk")
    page.goto(f"{url}/bestekken/1")
    finding = page.locator(ILO)
    finding.locator("summary", has_text="Beoordelen").click()
    finding.locator("input[value=override]").check()
    finding.locator("button", has_text="Beoordeling bewaren").click()
    page.wait_for_selector(f"{ILO} .error", timeout=10000)
    in_place = violations(page)
    page.click("button[value=approve]")
    page.wait_for_selector("#vangnet-fout", timeout=10000)

    assert in_place == []
    assert violations(page) == []


def tab_to(page: Any, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_upload_and_review_work_with_the_keyboard_alone(page: Any, live: tuple[Any, str]) -> None:
    app, url = live
    make_user(app, "aankoopdienst", name="an")
    make_user(app, "duurzaamheid", name="dirk")
    page.click("button.logout")
    sign_in(page, url, "an")

    # upload: from the menu to a report, keyboard only (the file chooser is the operating system's)
    page.goto(f"{url}/")
    tab_to(page, "nav a[href='/bestekken/nieuw']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/bestekken/nieuw")
    tab_to(page, "#title")
    page.keyboard.type("Schoonmaak stadhuis")
    tab_to(page, "#files")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(files=[{"name": DOCX_NAME, "mimeType": "application/octet-stream",
                                    "buffer": cleaning_bestek(ilo=False)}])
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/bestekken/1", timeout=15000)
    page.wait_for_selector("text=Score per thema", timeout=30000)
    tab_to(page, "#beoordeling button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".review-panel.state-ter_controle", timeout=10000)

    # review: a theme link, the finding's form, an override with its reason, saved in place
    page.click("button.logout")
    sign_in(page, url, "dirk")
    page.goto(f"{url}/bestekken/1")
    tab_to(page, ".theme-nav a[href='#t-human-rights']")
    page.keyboard.press("Enter")
    tab_to(page, f"{ILO} summary")
    page.keyboard.press("Enter")
    tab_to(page, f"{ILO} input[value=confirm]")  # Tab reaches the checked radio; an arrow picks the other
    page.keyboard.press("ArrowDown")
    assert page.is_checked(f"{ILO} input[value=override]")
    tab_to(page, f"{ILO} select[name=status]")
    page.keyboard.press("ArrowDown")  # the first other status is met; one down is partial
    tab_to(page, f"{ILO} button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{ILO} .error", timeout=10000)
    assert page.evaluate("document.activeElement.name") == "reason"  # the error's field has the focus
    page.keyboard.type("Het bestek noemt enkel kinderarbeid.")
    tab_to(page, f"{ILO} button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{ILO} .review-mark[data-review=override]", timeout=10000)

    assert page.evaluate("document.activeElement.id") == ILO[1:]  # the focus stays on the saved finding
    assert "(analyse: ontbreekt)" in page.inner_text(f"{ILO} .review-mark")
