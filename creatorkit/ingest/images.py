"""Uploaded images, made safe to serve and print: checked by their content (Pillow
must recognise a JPEG, PNG, WebP or GIF; the file's name and type say nothing),
limited in bytes and pixels (the pixel count is read from the header, before any
decoding, so a decompression bomb is refused without being unpacked), turned upright,
shrunk to what the kit shows, re-encoded (JPEG, or PNG when it has transparency) and
so stripped of EXIF, GPS, comments and profiles. The file is named by a hash of the
creator and the content: the name changes with the content, so it is served as
immutable.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlite_utils import Database

from creatorkit.errors import InputError
from creatorkit.storage import uploads

FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
#: kind → the largest width and height kept (the kit never shows more)
SIZES = {"avatar": (800, 800), "cover": (2400, 1200), "logo": (600, 600), "collaboration": (1600, 1600)}


@dataclass(frozen=True)
class Clean:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def clean(data: bytes, kind: str, *, max_bytes: int, max_pixels: int) -> Clean:
    """The image re-encoded for ``kind``, or InputError saying why it is refused."""
    if len(data) > max_bytes:
        raise InputError(f"This file is larger than {_size(max_bytes)}: choose a smaller image.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as probe:
                if probe.width * probe.height > max_pixels:
                    raise InputError(f"This image has more than {max_pixels:,} pixels: choose a smaller one.")
                probe.verify()
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                image.seek(0)  # the first frame of an animation
                image.load()
                upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError("This image has too many pixels to open safely: choose a smaller one.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise InputError("This file is not an image we can read: upload a JPEG, PNG, WebP or GIF.") from None
    upright.thumbnail(SIZES[kind])
    return _encode(upright)


def _size(count: int) -> str:
    return f"{count / 2**20:.3g} MB" if count >= 2**20 else f"{count / 2**10:.3g} kB"


def _encode(image: Image.Image) -> Clean:
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    out = io.BytesIO()
    if transparent:
        image.convert("RGBA").save(out, "PNG", optimize=True)
        kind, extension = "image/png", "png"
    else:
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
        kind, extension = "image/jpeg", "jpg"
    return Clean(out.getvalue(), kind, extension, image.width, image.height)


def store(db: Database, settings: Mapping[str, Any], creator_id: int, kind: str,
          data: bytes) -> dict[str, Any]:
    """Clean the image, write it under ``UPLOAD_FOLDER`` and record it; the row."""
    image = clean(data, kind, max_bytes=int(settings["UPLOAD_MAX_BYTES"]),
                  max_pixels=int(settings["UPLOAD_MAX_PIXELS"]))
    digest = hashlib.sha256(f"{creator_id}:".encode() + image.data).hexdigest()[:32]
    name = f"{digest}.{image.extension}"
    folder = Path(settings["UPLOAD_FOLDER"])
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        partial = path.with_suffix(".part")
        partial.write_bytes(image.data)
        os.replace(partial, path)
    return uploads.add(db, creator_id, kind, name, image.content_type, image.width, image.height,
                       len(image.data))
