"""The chart's Thai is shaped: a tone mark sits on the consonant, and rises above an upper vowel."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from documents.chart import font, render_chart
from handlers.documents.model import Chart, Series


def ink_top(text: str, typeface: ImageFont.FreeTypeFont) -> int:
    image = Image.new("L", (400, 240), 255)
    ImageDraw.Draw(image).text((20, 60), text, font=typeface, fill=0)
    box = image.point(lambda value: 255 - value).getbbox()
    assert box is not None
    return box[1]


def test_tone_marks_are_placed_by_the_shaping_engine() -> None:
    shaped = font(80)
    assert shaped.layout_engine == ImageFont.Layout.RAQM
    assert ink_top("ปี่", shaped) < ink_top("ป่", shaped) - 10, "above the vowel ี, on the consonant without it"
    assert ink_top("ผู้", shaped) == ink_top("ผ้", shaped), "a lower vowel does not lift the tone mark"
    unshaped = ImageFont.truetype(shaped.path, 80, layout_engine=ImageFont.Layout.BASIC)
    assert ink_top("ปี่", unshaped) == ink_top("ป่", unshaped), "without shaping the mark would not move"


def test_a_chart_image_grows_with_its_categories_and_draws_every_series() -> None:
    def chart(categories: int) -> Image.Image:
        data = Chart("แผนภูมิทดสอบ", tuple(f"ตัวชี้วัดที่ {n}" for n in range(categories)),
                     (Series("ปี 2567", (80.0,) * categories), Series("ปี 2568", (90.0,) * categories)),
                     reference=85, reference_label="เกณฑ์ 85")
        return Image.open(io.BytesIO(render_chart(data, thai_digits=True)))

    small, large = chart(3), chart(10)
    assert small.width == large.width == 1800 and large.height > small.height
    colours = {colour for _, colour in large.convert("RGB").getcolors(1_000_000) or []}
    assert {(0xF0, 0xA0, 0x4B), (0x1E, 0x4E, 0x79), (0xC0, 0x39, 0x2B)} <= colours
