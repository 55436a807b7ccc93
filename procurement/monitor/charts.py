"""The monitor's charts, drawn twice from one geometry: SVG for the page, PNG for the Word report (Pillow).

Each chart carries its own text alternative; the page and the report put the table of the same figures beside it.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from PIL import Image, ImageDraw, ImageFont

WIDTH = 640
LABEL_WIDTH = 220  # the label column
ROW = 30
BAR = 18
TOP = 10
HEIGHT_LINE = 260
COLOURS = ("#2e7d32", "#1565c0")  # green: essential complete, blue: score (contrast >= 4.5 on white)
GRID = "#bdbdbd"
TEXT = "#212121"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None  # 0-100, None: no figure
    text: str  # the value as shown ("50,0 %")


@dataclass(frozen=True, slots=True)
class BarChart:
    title: str
    description: str  # the text alternative
    bars: tuple[Bar, ...]

    @property
    def height(self) -> int:
        return TOP * 2 + ROW * max(1, len(self.bars)) + 20


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # 0-100 per point, None: no tenders that quarter
    colour: str


@dataclass(frozen=True, slots=True)
class LineChart:
    title: str
    description: str
    labels: tuple[str, ...]  # the x axis (quarters)
    series: tuple[Series, ...]


def bar_chart(title: str, bars: Sequence[Bar]) -> BarChart:
    described = "; ".join(f"{b.label}: {b.text}" for b in bars) or "geen gegevens"
    return BarChart(title, f"{title}. {described}.", tuple(bars))


def line_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> LineChart:
    parts = []
    for name, values in series:
        shown = ", ".join(f"{label} {_number(v)}" for label, v in zip(labels, values, strict=True) if v is not None)
        parts.append(f"{name}: {shown or 'geen gegevens'}")
    return LineChart(
        title, f"{title}. " + "; ".join(parts) + ".", tuple(labels),
        tuple(Series(name, tuple(values), COLOURS[i % len(COLOURS)]) for i, (name, values) in enumerate(series)),
    )


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


# -- geometry -------------------------------------------------------------------------------------------------

def _bar_boxes(chart: BarChart, left: int) -> list[tuple[int, int, int, int]]:
    """x, y, width, height of each bar (width 0 for no figure)."""
    room = WIDTH - left - 70
    return [
        (left, TOP + i * ROW + (ROW - BAR) // 2, round(room * max(0.0, min(100.0, b.value or 0.0)) / 100), BAR)
        for i, b in enumerate(chart.bars)
    ]


def _line_points(chart: LineChart, series: Series) -> list[tuple[int, int] | None]:
    left, right, top, bottom = 50, WIDTH - 20, 20, HEIGHT_LINE - 50
    step = (right - left) / max(1, len(chart.labels) - 1)
    return [
        None if v is None else (round(left + i * step), round(bottom - (bottom - top) * v / 100))
        for i, v in enumerate(series.values)
    ]


# -- SVG ------------------------------------------------------------------------------------------------------

def bar_svg(chart: BarChart, ident: str) -> str:
    """The chart as inline SVG (role img, its title and text alternative); presentation attributes only."""
    h = chart.height
    out = [_svg_open(ident, WIDTH, h, chart)]
    right = WIDTH - 70
    for tick in (0, 50, 100):
        x = LABEL_WIDTH + round((right - LABEL_WIDTH) * tick / 100)
        out.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{h - 20}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{x}" y="{h - 5}" font-size="11" text-anchor="middle" fill="{TEXT}">{tick} %</text>')
    for b, (x, y, w, bh) in zip(chart.bars, _bar_boxes(chart, LABEL_WIDTH), strict=True):
        out.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + bh - 4}" font-size="13" text-anchor="end" '
                   f'fill="{TEXT}">{escape(_short(b.label))}</text>')
        out.append(f'<rect x="{x}" y="{y}" width="{w}" height="{bh}" fill="{COLOURS[0]}"/>')
        out.append(f'<text x="{x + w + 6}" y="{y + bh - 4}" font-size="13" fill="{TEXT}">{escape(b.text)}</text>')
    out.append("</svg>")
    return "".join(out)


def line_svg(chart: LineChart, ident: str) -> str:
    out = [_svg_open(ident, WIDTH, HEIGHT_LINE, chart)]
    for tick in (0, 50, 100):
        y = round(HEIGHT_LINE - 50 - (HEIGHT_LINE - 70) * tick / 100)
        out.append(f'<line x1="50" y1="{y}" x2="{WIDTH - 20}" y2="{y}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="44" y="{y + 4}" font-size="11" text-anchor="end" fill="{TEXT}">{tick}</text>')
    step = (WIDTH - 70) / max(1, len(chart.labels) - 1)
    for i, label in enumerate(chart.labels):
        out.append(f'<text x="{round(50 + i * step)}" y="{HEIGHT_LINE - 32}" font-size="11" text-anchor="middle" '
                   f'fill="{TEXT}">{escape(label)}</text>')
    for n, s in enumerate(chart.series):
        for run in _runs(_line_points(chart, s)):
            if len(run) > 1:
                points = " ".join(f"{x},{y}" for x, y in run)
                out.append(f'<polyline points="{points}" fill="none" stroke="{s.colour}" stroke-width="3"/>')
            for x, y in run:
                out.append(f'<circle cx="{x}" cy="{y}" r="4" fill="{s.colour}"/>')
        lx = 50 + n * 280
        out.append(f'<rect x="{lx}" y="{HEIGHT_LINE - 18}" width="14" height="4" fill="{s.colour}"/>')
        out.append(f'<text x="{lx + 20}" y="{HEIGHT_LINE - 12}" font-size="12" fill="{TEXT}">{escape(s.name)}</text>')
    out.append("</svg>")
    return "".join(out)


def _svg_open(ident: str, width: int, height: int, chart: BarChart | LineChart) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" class="chart">'
        f'<title id="{ident}-t">{escape(chart.title)}</title><desc id="{ident}-d">{escape(chart.description)}</desc>'
    )


def _short(label: str, size: int = 30) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def _runs(points: list[tuple[int, int] | None]) -> list[list[tuple[int, int]]]:
    """Consecutive known points (a quarter without tenders breaks the line)."""
    runs: list[list[tuple[int, int]]] = [[]]
    for p in points:
        if p is None:
            runs.append([])
        else:
            runs[-1].append(p)
    return [r for r in runs if r]


# -- PNG ------------------------------------------------------------------------------------------------------

SCALE = 2  # the PNG is drawn at twice the SVG's size: sharp at 15 cm wide in Word and on paper


class Canvas:
    """A white RGB image in the SVG's coordinates, drawn SCALE times larger with Pillow; text in Pillow's own
    font (Aileron, shipped inside Pillow: nothing downloaded, every accent of Dutch)."""

    def __init__(self, width: int, height: int) -> None:
        self.image = Image.new("RGB", (width * SCALE, height * SCALE), "white")
        self.draw = ImageDraw.Draw(self.image)

    def fill(self, x: int, y: int, w: int, h: int, colour: str) -> None:
        if w > 0 and h > 0:
            self.draw.rectangle((x * SCALE, y * SCALE, (x + w) * SCALE - 1, (y + h) * SCALE - 1), fill=colour)

    def line(self, points: Sequence[tuple[int, int]], colour: str, width: int = 3) -> None:
        self.draw.line([(x * SCALE, y * SCALE) for x, y in points], fill=colour, width=width * SCALE, joint="curve")

    def dot(self, x: int, y: int, colour: str, radius: int = 4) -> None:
        r = radius * SCALE
        self.draw.ellipse((x * SCALE - r, y * SCALE - r, x * SCALE + r, y * SCALE + r), fill=colour)

    def text(self, x: int, y: int, text: str, size: int = 13, anchor: str = "ls") -> None:
        """Text at the SVG's baseline point: anchor "ls" left, "rs" right, "ms" centred (Pillow's anchors)."""
        font, full = _font(size * SCALE)
        shown = text if full else plain(text)
        self.draw.text((x * SCALE, y * SCALE), shown, fill=TEXT, font=font, anchor=anchor)

    def fit(self, text: str, room: int, size: int = 13) -> str:
        """The text, shortened with … until it is at most `room` wide."""
        font, full = _font(size * SCALE)
        shown, cut = (text if full else plain(text)), len(text)
        while cut > 1 and self.draw.textlength(shown, font=font) > room * SCALE:
            cut -= 1
            shown = text[:cut].rstrip() + "…"
            shown = shown if full else plain(shown)
        return shown

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()


# a system font with every accent where there is one (Debian: fonts-dejavu-core), else Pillow's own
FONT_FILES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf")


@lru_cache(maxsize=8)
def _font(size: int, files: tuple[str, ...] = FONT_FILES) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """The font and whether it holds accented letters (Pillow's bundled Aileron holds only ASCII)."""
    for name in files:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def plain(text: str) -> str:
    """Text for an ASCII font: accents dropped (efficiëntie -> efficientie), … as three dots."""
    decomposed = unicodedata.normalize("NFKD", text.replace("…", "...").replace("–", "-"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode("ascii", "replace").decode()


def bar_png(chart: BarChart) -> bytes:
    """The SVG's bar chart: each bar's name, its bar and value, the axis at 0, 50 and 100 %."""
    h = chart.height
    image = Canvas(WIDTH, h)
    right = WIDTH - 70
    for tick in (0, 50, 100):
        x = LABEL_WIDTH + round((right - LABEL_WIDTH) * tick / 100)
        image.fill(x, TOP, 1, h - 20 - TOP, GRID)
        image.text(x, h - 5, f"{tick} %", size=11, anchor="ms")
    for b, (x, y, w, bh) in zip(chart.bars, _bar_boxes(chart, LABEL_WIDTH), strict=True):
        image.text(LABEL_WIDTH - 8, y + bh - 4, image.fit(b.label, LABEL_WIDTH - 12), anchor="rs")
        image.fill(x, y, w, bh, COLOURS[0])
        image.text(x + w + 6, y + bh - 4, b.text)
    return image.png()


def line_png(chart: LineChart) -> bytes:
    """The SVG's trend: the axis 0-100, each quarter named, the lines with their dots and a legend."""
    image = Canvas(WIDTH, HEIGHT_LINE)
    for tick in (0, 50, 100):
        y = round(HEIGHT_LINE - 50 - (HEIGHT_LINE - 70) * tick / 100)
        image.fill(50, y, WIDTH - 70, 1, GRID)
        image.text(44, y + 4, str(tick), size=11, anchor="rs")
    step = (WIDTH - 70) / max(1, len(chart.labels) - 1)
    for i, label in enumerate(chart.labels):
        image.text(round(50 + i * step), HEIGHT_LINE - 32, label, size=11, anchor="ms")
    for n, s in enumerate(chart.series):
        for run in _runs(_line_points(chart, s)):
            if len(run) > 1:
                image.line(run, s.colour)
            for x, y in run:
                image.dot(x, y, s.colour)
        lx = 50 + n * 280
        image.fill(lx, HEIGHT_LINE - 18, 14, 4, s.colour)
        image.text(lx + 20, HEIGHT_LINE - 12, s.name, size=12)
    return image.png()
