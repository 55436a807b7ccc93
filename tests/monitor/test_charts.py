"""The Word report's PNG charts: bar names, values and axes drawn as legible text (Pillow)."""

from __future__ import annotations

import io

from PIL import Image

from procurement.monitor import charts
from procurement.monitor.charts import LABEL_WIDTH, ROW, SCALE, TOP, Bar, Canvas, bar_chart, line_chart


def dark(image: Image.Image, box: tuple[int, int, int, int]) -> bool:
    """Any dark (text) pixel in the box, given in the chart's own coordinates."""
    crop = image.crop(tuple(v * SCALE for v in box)).convert("L")  # type: ignore[arg-type]
    return bool(crop.getextrema()[0] < 100)


def test_a_bar_png_names_each_bar_and_shows_its_value_and_the_axis() -> None:
    chart = bar_chart("Per dienst", [Bar("Openbaar domein", 40.0, "40,0 %"), Bar("", 40.0, "40,0 %")])

    image = Image.open(io.BytesIO(charts.bar_png(chart)))

    assert image.format == "PNG" and image.size == (charts.WIDTH * SCALE, chart.height * SCALE)
    assert dark(image, (0, TOP, LABEL_WIDTH - 4, TOP + ROW))  # the first bar's name
    assert not dark(image, (0, TOP + ROW, LABEL_WIDTH - 4, TOP + 2 * ROW))  # the nameless second bar: none
    value_x = LABEL_WIDTH + round((charts.WIDTH - 70 - LABEL_WIDTH) * 0.4) + 4
    assert dark(image, (value_x, TOP, value_x + 50, TOP + ROW))  # "40,0 %" after the bar
    assert dark(image, (LABEL_WIDTH - 10, chart.height - 18, LABEL_WIDTH + 20, chart.height))  # "0 %"


def test_a_line_png_names_every_quarter_and_its_series() -> None:
    quarters = ["2025 K1", "2025 K2", "2025 K3"]
    chart = line_chart("Trend", quarters, [("Gemiddelde score", [50.0, None, 70.0])])

    image = Image.open(io.BytesIO(charts.line_png(chart)))

    step = (charts.WIDTH - 70) / 2
    for i in range(len(quarters)):
        x = round(50 + i * step)
        assert dark(image, (x - 20, charts.HEIGHT_LINE - 44, x + 20, charts.HEIGHT_LINE - 28))
    assert dark(image, (70, charts.HEIGHT_LINE - 24, 200, charts.HEIGHT_LINE - 6))  # the legend's name
    assert dark(image, (0, 10, 48, charts.HEIGHT_LINE - 50))  # the axis' numbers


def test_a_long_name_is_shortened_to_fit_its_column() -> None:
    canvas = Canvas(100, 40)

    shown = canvas.fit("Dienst voor de ondersteuning van het lokaal bestuur en de burgerzaken", LABEL_WIDTH - 12)

    assert shown.endswith("…") and len(shown) < 60
    assert canvas.fit("ICT", LABEL_WIDTH - 12) == "ICT"


def test_without_a_system_font_the_charts_use_pillows_own_font_with_the_accents_left_out() -> None:
    font, full = charts._font(26, ("geen-lettertype-zo.ttf",))

    assert font is not None and full is False
    assert charts.plain("Energie-efficiëntie …") == "Energie-efficientie ..."
