"""Page images: CPR boxes painted black into the pixels, scaled for reading, saved as PNG."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from .model import Rejected

DISPLAY_WIDTH = 1000  # pixels of a stored page image (about 120 dpi for A4)
MAX_PIXELS = 60_000_000  # a bigger image is refused as a decompression bomb, not decoded
PAD = 2  # pixels around a box: anti-aliased glyph edges sit just outside the character box


def burn(image: Image.Image, boxes: list[tuple[float, float, float, float]]) -> Image.Image:
    """Paint each (left, top, right, bottom) pixel box solid black. The pixels are replaced, not covered."""
    if not boxes:
        return image
    image = image.copy()
    draw = ImageDraw.Draw(image)
    for left, top, right, bottom in boxes:
        draw.rectangle([left - PAD, top - PAD, right + PAD, bottom + PAD], fill=0)
    return image


def to_png(image: Image.Image, width: int = DISPLAY_WIDTH) -> tuple[bytes, int, int]:
    """Scale (after burning, so no unredacted pixel survives the scaling) to `width`; grey PNG."""
    image = image.convert("L")
    if image.width > width:
        image = image.resize((width, max(1, round(image.height * width / image.width))), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue(), image.width, image.height


def open_checked(data: bytes) -> Image.Image:
    """Open an image file, refusing a decompression bomb before any pixel is decoded."""
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
    except Image.DecompressionBombError:
        raise Rejected("casefile.error.image_bomb") from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a damaged file
        raise Rejected("casefile.error.damaged", kind="billede") from None
    if width * height > MAX_PIXELS:
        raise Rejected("casefile.error.image_bomb")
    return image


def scan_frames(data: bytes) -> list[Image.Image]:
    """Every frame (page) of an image file (a multi-page TIFF has several), checked and decoded."""
    image = open_checked(data)
    frames = []
    try:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            if image.width * image.height > MAX_PIXELS:
                raise Rejected("casefile.error.image_bomb")
            frames.append(image.convert("L"))
    except Rejected:
        raise
    except Image.DecompressionBombError:
        raise Rejected("casefile.error.image_bomb") from None
    except Exception:  # noqa: BLE001
        raise Rejected("casefile.error.damaged", kind="billede") from None
    return frames
