"""How numbers, dates and locations read in Dutch (Belgian) pages and exports."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from procurement.documents.model import Location

try:
    LOCAL = ZoneInfo("Europe/Brussels")
except ZoneInfoNotFoundError:  # a machine without tz data: show UTC rather than fail
    LOCAL = ZoneInfo("UTC")


def score(value: float | None) -> str:
    """62.5 -> '62,5'; None -> '–' (no applicable criterion)."""
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def percent(value: float | None) -> int:
    """A bar width 0-100."""
    return 0 if value is None else max(0, min(100, round(value)))


def when(moment: datetime | None) -> str:
    """A stored moment in Belgian time, '27/11/2026 14:05'."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite gives back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL).strftime("%d/%m/%Y %H:%M")


def location(loc: Location, file: str | None = None) -> str:
    """'bestek.docx, p. 3, § 41, in "3.2 Sociale bepalingen"' from an evidence location."""
    parts = []
    if file:
        parts.append(file)
    if loc.page:
        parts.append(f"p. {loc.page}")
    if loc.paragraph:
        parts.append(f"§ {loc.paragraph}")
    if loc.section:
        parts.append(f"in „{loc.section}”")
    return ", ".join(parts)


def size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(n / 1024))} kB"
