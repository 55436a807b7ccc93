"""In a real Chromium, with CSRF on: a single-role user, review errors shown in place with the focus on them,
no CSP violation, tables that fit a phone, evidence lines that can be read."""

from __future__ import annotations

from typing import Any

import pytest
from accounts import make_user
from builders import DOCX_NAME, ILO_ID, cleaning_bestek
from conftest import sign_in
from sqlalchemy import select

from procurement.extensions import db
from procurement.models import Tender, User
from procurement.services import catalogue_edit
from tests.web.axe import violations

pytestmark = pytest.mark.browser
ILO = "#c-hr-ilo-core-conventions"


@pytest.fixture
def live_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}


def upload(page: Any, url: str, *, ilo: bool = False) -> None:
    page.goto(f"{url}/bestekken/nieuw")
    page.fill("#title", "Schoonmaak stadhuis")
    page.set_input_files("#files", files=[{"name": DOCX_NAME, "mimeType": "application/octet-stream",
                                           "buffer": cleaning_bestek(ilo=ilo)}])
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/bestekken/1", timeout=15000)
    page.wait_for_selector("text=Score per thema", timeout=30000)


def in_view(page: Any, selector: str) -> bool:
    return bool(page.evaluate(
        """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
                           return r.bottom > 0 && r.top < window.innerHeight; }""", selector))


def test_an_administrator_creates_a_user_with_one_role_in_the_browser(page: Any, live: tuple[Any, str]) -> None:
    app, url = live
    page.goto(f"{url}/beheer/gebruikers/nieuw")
    page.fill("#name", "an.peeters")
    page.fill("#full_name", "An Peeters")
    page.check("input[name=roles][value=aankoopdienst]")
    page.fill("#password", "een lang wachtwoord 1")
    page.fill("#repeat", "een lang wachtwoord 1")

    page.click("main button[type=submit]")

    page.wait_for_url(f"{url}/beheer/gebruikers/", timeout=10000)
    with app.app_context():
        assert db.session.scalar(select(User.roles).where(User.name == "an.peeters")) == ["aankoopdienst"]


def test_an_override_without_a_reason_shows_its_error_in_place_with_the_focus_on_the_reason(
    page: Any, live: tuple[Any, str]
) -> None:
    app, url = live
    upload(page, url)
    finding = page.locator(ILO)
    finding.locator("summary", has_text="Beoordelen").click()
    finding.locator("input[value=override]").check()
    finding.locator("select[name=status]").select_option("partial")

    finding.locator("button", has_text="Beoordeling bewaren").click()

    page.wait_for_selector(f"{ILO} .error", timeout=10000)
    assert "Geef de reden waarom de status anders is." in page.inner_text(f"{ILO} .error")
    assert page.evaluate("document.activeElement.name") == "reason"
    assert "#" not in page.url  # no jump to an anchor
    assert in_view(page, f"{ILO} textarea[name=reason]")
    assert page.locator(f"{ILO} input[value=override]").is_checked()
    assert page.locator(f"{ILO} select[name=status]").input_value() == "partial"
    assert page.locator(f"{ILO} .review-mark").count() == 0  # nothing looks saved


def test_sending_back_without_a_comment_shows_its_error_in_place_and_keeps_the_state(
    page: Any, live: tuple[Any, str]
) -> None:
    app, url = live
    upload(page, url)
    page.click("text=Indienen ter controle")
    page.wait_for_selector(".review-panel.state-ter_controle", timeout=10000)
    make_user(app, "duurzaamheid", name="dirk")  # another reviewer than the one who submitted (four eyes)
    page.click("button.logout")
    page.wait_for_url(f"{url}/aanmelden", timeout=10000)
    sign_in(page, url, "dirk")
    page.goto(f"{url}/bestekken/1")

    page.click("button[value=send_back]")

    page.wait_for_selector("#comment-error", timeout=10000)
    assert page.evaluate("document.activeElement.id") == "comment"
    assert in_view(page, "#comment")
    assert page.locator(".review-panel.state-ter_controle").count() == 1
    with app.app_context():
        assert db.session.get_one(Tender, 1).review_state == "ter_controle"


def test_the_report_runs_under_the_strict_csp_fits_a_phone_and_its_grey_lines_read_at_4_5_to_1(
    page: Any, live: tuple[Any, str]
) -> None:
    _, url = live
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    upload(page, url, ilo=True)

    widths = page.evaluate("[...document.querySelectorAll('.bar-fill')].map(e => e.getBoundingClientRect().width)")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector("text=Score per thema")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    ratio = page.evaluate("""() => {
        const rgb = (s) => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
        const lum = (c) => { const [r, g, b] = c.map(v => v / 255).map(v =>
            v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const line = document.querySelector('blockquote.evidence footer');
        const fore = lum(rgb(getComputedStyle(line).color));
        const back = lum(rgb(getComputedStyle(line.closest('blockquote')).backgroundColor));
        const opacity = Number(getComputedStyle(line.closest('blockquote')).opacity);
        return opacity < 1 ? 0 : (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
    }""")

    assert violations == []
    assert any(w > 0 for w in widths)  # the score bars draw without a style attribute
    assert overflow <= 1  # tables scroll inside themselves; the page does not widen
    assert ratio >= 4.5


def test_a_criterion_s_elements_are_rows_to_add_and_remove_with_the_keyboard_without_wcag_violations(
    page: Any, live: tuple[Any, str]
) -> None:
    app, url = live
    edit_url = f"{url}/catalogusbeheer/criteria/{ILO_ID}"
    page.goto(edit_url)
    rows = page.locator("fieldset.element-row")
    count = rows.count()
    assert count >= 2 and violations(page) == []

    page.click("button[name=add_element]")
    page.wait_for_selector(f"#elements-{count}-label")
    assert page.evaluate("document.activeElement.id") == f"elements-{count}-label"  # the new row, ready to type
    page.keyboard.type("Verbod op kinderarbeid (nr. 138)")
    page.fill(f"#elements-{count}-phrases", "minimumleeftijd\nverdrag nr 138")
    page.click("button[name=remove_element][value='0']")
    page.wait_for_load_state()
    assert rows.count() == count  # one added, one removed; what was typed stays
    assert page.input_value(f"#elements-{count - 1}-label") == "Verbod op kinderarbeid (nr. 138)"

    page.fill(f"#elements-{count - 1}-phrases", "minimumleeftijd")
    page.fill("#elements-0-label", "")  # a row with phrases but no name
    page.get_by_role("button", name="Bewaren als concept").click()
    page.wait_for_selector("#elements-0-label[aria-invalid=true]")
    assert page.evaluate("document.activeElement.id") == "elements-0-label"
    assert "Geef het element een naam" in page.inner_text("#element-0")
    assert violations(page) == []

    page.fill("#elements-0-label", "vrijheid van vereniging")
    page.press("#title", "Enter")  # Enter saves (the hidden default button), it does not remove a row
    page.wait_for_url(f"{url}/catalogusbeheer/#concept", timeout=10000)
    with app.app_context():
        (draft,) = catalogue_edit.drafts(db.session)
        elements = draft.data["recognition"]["elements"]
    assert [e["label"] for e in elements][0] == "vrijheid van vereniging"
    assert elements[-1] == {"id": "verbod-op-kinderarbeid-nr-138", "label": "Verbod op kinderarbeid (nr. 138)",
                            "phrases": ["minimumleeftijd"]}
    assert len(elements) == count


def test_adding_an_element_row_works_without_javascript(page: Any, live: tuple[Any, str]) -> None:
    _, url = live
    context = page.context.browser.new_context(locale="nl-BE", java_script_enabled=False)
    try:
        plain = context.new_page()
        sign_in(plain, url, "test")
        plain.goto(f"{url}/catalogusbeheer/criteria/{ILO_ID}")
        count = plain.locator("fieldset.element-row").count()

        plain.click("button[name=add_element]")

        plain.wait_for_selector(f"#elements-{count}-label")
        assert plain.locator("fieldset.element-row").count() == count + 1
    finally:
        context.close()
