"""axe-core in a Playwright page: the vendored copy (tests/web/vendor, see its README) and the WCAG 2.1 AA tags."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).parent / "vendor"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def source() -> str:
    return (VENDOR / "axe.min.js").read_text(encoding="utf-8")


def violations(page: Any) -> list[str]:
    """The WCAG 2.1 AA violations on the page as it is now, one line each: rule, impact, the elements at fault.

    The script is evaluated through the DevTools protocol, which the page's strict CSP does not govern; every
    folded part (<details>) is opened first, so what a person unfolds is checked too.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(source())
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
            return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} -- `
                + v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(" | "));
        }""",
        WCAG_21_AA,
    )
    return list(found)
