"""Chart images whose Thai is shaped: Pillow with the raqm layout engine (HarfBuzz), never matplotlib's Agg.

Hand-drawn bars rather than a plotting library: matplotlib's Agg backend places Thai tone marks and
vowels wrongly (it does not shape text), and the charts here are plain horizontal bars, which take
fewer lines than a second backend would.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from common.thaitext import to_thai_digits
from handlers.documents.model import Chart

FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")
FONT_FILES = ("Laksaman.ttf", "Loma.ttf", "Garuda.ttf")
BOLD_FILES = ("Laksaman-Bold.ttf", "Loma-Bold.ttf", "Garuda-Bold.ttf")
PALETTE = ("#D5DBE1", "#B7C4CF", "#9FB8D6", "#F0A04B", "#1E4E79")
WIDTH, LABEL_WIDTH, MARGIN = 1800, 720, 40
BAR, GAP, GROUP_GAP = 38, 4, 24
LABEL, VALUE = 40, 32


class FontMissing(RuntimeError):
    """No Thai font for the chart: install Debian's fonts-thai-tlwg."""


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    for name in BOLD_FILES if bold else FONT_FILES:
        if (FONT_DIR / name).exists():
            return ImageFont.truetype(str(FONT_DIR / name), size, layout_engine=ImageFont.Layout.RAQM)
    raise FontMissing("ไม่พบฟอนต์ภาษาไทยสำหรับแผนภูมิ ติดตั้งด้วย: apt-get install fonts-thai-tlwg")


def render_chart(chart: Chart, *, thai_digits: bool, titled: bool = True) -> bytes:
    """A PNG: a title (documents caption it below instead), a legend, a group of bars per category, the line."""
    digits: Callable[[str], str] = to_thai_digits if thai_digits else str
    groups = len(chart.categories)
    group_height = len(chart.series) * (BAR + GAP) + GROUP_GAP
    top = 160
    height = top + groups * group_height + 100
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    if titled:
        draw.text((WIDTH / 2, 45), digits(chart.title), font=font(50, True), fill="black", anchor="mm")
    _legend(draw, chart, digits)
    plot_left, plot_right = LABEL_WIDTH, WIDTH - MARGIN - 130
    scale = (plot_right - plot_left) / chart.maximum
    bottom = top + groups * group_height
    if chart.reference is not None:  # first, so bars and their values are drawn over it
        x = plot_left + chart.reference * scale
        for dash in range(top - 10, bottom, 18):
            draw.line((x, dash, x, min(dash + 10, bottom)), fill="#C0392B", width=3)
        draw.text((x, bottom + 30), digits(chart.reference_label), font=font(LABEL), fill="#C0392B", anchor="mm")
    for index, category in enumerate(chart.categories):
        y = top + index * group_height
        middle = y + (group_height - GROUP_GAP) / 2
        draw.text((plot_left - 16, middle), _fit(digits(category), LABEL_WIDTH - 40), font=font(LABEL), fill="black",
                  anchor="rm")
        for number, series in enumerate(chart.series):
            value = series.values[index]
            bar_top = y + number * (BAR + GAP)
            if value is None:
                continue
            colour = PALETTE[(number + len(PALETTE) - len(chart.series)) % len(PALETTE)]
            draw.rectangle((plot_left, bar_top, plot_left + value * scale, bar_top + BAR), fill=colour)
            where = (plot_left + value * scale + 8, bar_top + BAR / 2)
            text = digits(chart.value_format.format(value))
            draw.rectangle(draw.textbbox(where, text, font=font(VALUE), anchor="lm"), fill="white")
            draw.text(where, text, font=font(VALUE), fill="#222222", anchor="lm")
    draw.line((plot_left, top - 10, plot_left, bottom), fill="#444444", width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _legend(draw: ImageDraw.ImageDraw, chart: Chart, convert: Callable[[str], str]) -> None:
    x = LABEL_WIDTH
    for number, series in enumerate(chart.series):
        colour = PALETTE[(number + len(PALETTE) - len(chart.series)) % len(PALETTE)]
        draw.rectangle((x, 90, x + 36, 122), fill=colour)
        text = convert(series.name)
        draw.text((x + 46, 106), text, font=font(LABEL), fill="black", anchor="lm")
        x += 46 + int(font(LABEL).getlength(text)) + 50


def _fit(text: str, width: int) -> str:
    """The label, cut with an ellipsis when it would run into the bars."""
    if font(LABEL).getlength(text) <= width:
        return text
    while text and font(LABEL).getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"
