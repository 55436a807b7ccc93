"""The monitor's charts, drawn twice from one geometry: SVG for the page, PNG for the Word report (pure Python).

Each chart carries its own text alternative; the page and the report put the table of the same figures beside it.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
LABEL_WIDTH = 220  # the SVG's label column; the PNG leaves the labels to the table beside it
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

class Raster:
    """An RGB image in memory, written as PNG with zlib: enough for bars, lines, dots and digits."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(b"\xff" * (width * height * 3))

    def fill(self, x: int, y: int, w: int, h: int, colour: str) -> None:
        rgb = bytes.fromhex(colour.lstrip("#"))
        x0, x1 = max(0, x), min(self.width, x + w)
        if x1 <= x0:
            return
        for row in range(max(0, y), min(self.height, y + h)):
            start = (row * self.width + x0) * 3
            self.pixels[start:start + (x1 - x0) * 3] = rgb * (x1 - x0)

    def line(self, a: tuple[int, int], b: tuple[int, int], colour: str, thick: int = 3) -> None:
        steps = max(abs(b[0] - a[0]), abs(b[1] - a[1]), 1)
        for i in range(steps + 1):
            x = a[0] + (b[0] - a[0]) * i // steps
            y = a[1] + (b[1] - a[1]) * i // steps
            self.fill(x - thick // 2, y - thick // 2, thick, thick, colour)

    def text(self, x: int, y: int, text: str, colour: str, scale: int = 2) -> None:
        """Digits, comma, % and a few letters in a 3×5 pixel font (the figures' values)."""
        for ch in text:
            glyph = FONT.get(ch)
            if glyph is not None:
                for r, bits in enumerate(glyph):
                    for c in range(3):
                        if bits >> (2 - c) & 1:
                            self.fill(x + c * scale, y + r * scale, scale, scale, colour)
            x += 4 * scale

    def png(self) -> bytes:
        stride = self.width * 3
        raw = b"".join(b"\x00" + bytes(self.pixels[r * stride:(r + 1) * stride]) for r in range(self.height))

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(
            b"IEND", b"")


FONT: dict[str, tuple[int, ...]] = {
    "0": (7, 5, 5, 5, 7), "1": (2, 6, 2, 2, 7), "2": (7, 1, 7, 4, 7), "3": (7, 1, 7, 1, 7), "4": (5, 5, 7, 1, 1),
    "5": (7, 4, 7, 1, 7), "6": (7, 4, 7, 5, 7), "7": (7, 1, 1, 1, 1), "8": (7, 5, 7, 5, 7), "9": (7, 5, 7, 1, 7),
    ",": (0, 0, 0, 2, 4), "%": (5, 1, 2, 4, 5), "K": (5, 5, 6, 5, 5), "–": (0, 0, 7, 0, 0), "-": (0, 0, 7, 0, 0),
}


def bar_png(chart: BarChart) -> bytes:
    """The bars in the order of the table beside them, each with its value; no label column."""
    image = Raster(WIDTH - LABEL_WIDTH + 20, chart.height)
    left = 10
    right = image.width - 70
    for tick in (0, 50, 100):
        image.fill(left + round((right - left) * tick / 100), TOP, 1, chart.height - 30, GRID)
    room = right - left
    for i, b in enumerate(chart.bars):
        y = TOP + i * ROW + (ROW - BAR) // 2
        w = round(room * max(0.0, min(100.0, b.value or 0.0)) / 100)
        image.fill(left, y, w, BAR, COLOURS[0])
        image.text(left + w + 6, y + 4, b.text.replace(" ", ""), TEXT)
    return image.png()


def line_png(chart: LineChart) -> bytes:
    image = Raster(WIDTH, HEIGHT_LINE)
    for tick in (0, 50, 100):
        y = round(HEIGHT_LINE - 50 - (HEIGHT_LINE - 70) * tick / 100)
        image.fill(50, y, WIDTH - 70, 1, GRID)
        image.text(14, y - 4, str(tick), TEXT)
    step = (WIDTH - 70) / max(1, len(chart.labels) - 1)
    for i, label in enumerate(chart.labels):
        image.text(round(50 + i * step) - 18, HEIGHT_LINE - 40, label[2:].replace(" ", ""), TEXT)  # "26K1"
    for n, s in enumerate(chart.series):
        for run in _runs(_line_points(chart, s)):
            for a, b in zip(run, run[1:], strict=False):
                image.line(a, b, s.colour)
            for x, y in run:
                image.fill(x - 4, y - 4, 9, 9, s.colour)
        image.fill(50 + n * 280, HEIGHT_LINE - 16, 24, 5, s.colour)
    return image.png()
