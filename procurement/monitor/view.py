"""The monitor's figures as text ready to show, export and describe: Dutch numbers, charts, a sentence per theme."""

from __future__ import annotations

from dataclasses import dataclass

from procurement.monitor import charts
from procurement.monitor.figures import GroupRow, Headline, Mean, Monitor, Share, ThemeRow
from procurement.reports.format import count


def number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def share_text(share: Share) -> str:
    """'1 van 2 (50,0 %)'; '–' when there is no tender."""
    return f"{share.count} van {share.total} ({number(share.percent)} %)" if share.total else "–"


def mean_text(mean: Mean) -> str:
    return f"{number(mean.value)} ({count(mean.count, 'bestek', 'bestekken')})" if mean.count else "–"


def percent_text(value: float | None) -> str:
    return "–" if value is None else f"{number(value)} %"


@dataclass(frozen=True, slots=True)
class HeadlineText:
    tenders: int
    essential_machine: str
    essential_reviewed: str
    score_machine: str
    score_reviewed: str


def headline_text(h: Headline) -> HeadlineText:
    return HeadlineText(h.tenders, share_text(h.essential_machine), share_text(h.essential_reviewed),
                        mean_text(h.score_machine), mean_text(h.score_reviewed))


def theme_chart(m: Monitor) -> charts.BarChart:
    return charts.bar_chart(
        "Aandeel bestekken met minstens één aanwezig criterium, per thema",
        [charts.Bar(t.name, t.with_met.percent, percent_text(t.with_met.percent)) for t in m.themes],
    )


def group_chart(title: str, rows: tuple[GroupRow, ...]) -> charts.BarChart:
    return charts.bar_chart(
        title,
        [charts.Bar(r.name, r.figures.essential_reviewed.percent, percent_text(r.figures.essential_reviewed.percent))
         for r in rows],
    )


def trend_chart(m: Monitor) -> charts.LineChart:
    return charts.line_chart(
        "Verloop per kwartaal (na beoordeling)",
        [q.period.label for q in m.trend],
        [
            ("Alle essentiële criteria aanwezig (%)", [q.figures.essential_reviewed.percent for q in m.trend]),
            ("Gemiddelde score", [q.figures.score_reviewed.value for q in m.trend]),
        ],
    )


def theme_sentence(theme: ThemeRow, m: Monitor) -> str:
    """A short Dutch paragraph for the yearly report."""
    if not theme.with_met.total:
        return f"{theme.name}: in deze periode is het thema op geen enkel bestek van toepassing."
    text = (
        f"{theme.name}: in {theme.with_met.count} van de "
        f"{count(theme.with_met.total, 'bestek', 'bestekken')} waarop het thema van toepassing is, staat minstens "
        f"één criterium volledig in het bestek ({percent_text(theme.with_met.percent)}). De gemiddelde themascore "
        f"na beoordeling is {number(theme.score.value)} op 100."
    )
    missed = next((c for c in m.criteria if c.theme == theme.theme), None)
    if missed is not None:
        text += (f" Het vaakst ontbrekend of onvolledig: „{missed.title}” "
                 f"({count(missed.short, 'bestek', 'bestekken')} van {missed.applicable}).")
    return text
