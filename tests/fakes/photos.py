"""Real photos for upload tests, made with Pillow: a small PNG, and a JPEG carrying a phone's EXIF and GPS."""

from __future__ import annotations

import io
import os

from PIL import Image

PHONE_MAKE = "CanaryPhone-Maker"
GPS_IFD, MAKE, GPS_LATITUDE_REF, GPS_LATITUDE = 0x8825, 0x010F, 1, 2


def png(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps(pixels: int = 64) -> bytes:
    """A JPEG whose EXIF names the phone and the place it was taken (Bangkok); noise keeps it from compressing."""
    exif = Image.Exif()
    exif[MAKE] = PHONE_MAKE
    exif[GPS_IFD] = {GPS_LATITUDE_REF: "N", GPS_LATITUDE: (13.0, 45.0, 7.0)}
    image = Image.frombytes("RGB", (pixels, pixels), os.urandom(pixels * pixels * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def flat_png(megapixels: float) -> bytes:
    """A one-colour PNG of about ``megapixels`` million pixels: tiny on the wire, costly to decode."""
    side = int((megapixels * 1_000_000) ** 0.5)
    out = io.BytesIO()
    Image.new("L", (side, side), 255).save(out, "PNG", optimize=False, compress_level=9)
    return out.getvalue()
