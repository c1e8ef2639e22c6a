"""Checks of what editors put on the website: uploaded images (IS-16) and links (IS-20)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from academy.core.uploads import check_upload_content

IMAGE_EXTENSIONS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
DEFAULT_IMAGE_MAX_SIZE = 5 * 1024 * 1024


def image_max_size() -> int:
    return int(getattr(settings, "PORTAL_IMAGE_MAX_SIZE", DEFAULT_IMAGE_MAX_SIZE))


def validate_image(upload: Any) -> None:
    """An image of an allowed type and size whose content really is that image (Pillow)."""
    from PIL import Image, UnidentifiedImageError

    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in IMAGE_EXTENSIONS:
        raise ValidationError(_("Upload a JPEG, PNG, GIF or WebP image."), code="image_extension")
    limit = image_max_size()
    if upload.size > limit:
        raise ValidationError(
            _("The image is larger than %(size)d MB.") % {"size": limit // (1024 * 1024)},
            code="image_size",
        )
    check_upload_content(upload)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The file is not an image or is damaged."), code="image_content"
        ) from None
    finally:
        upload.seek(position)
    if image_format != IMAGE_EXTENSIONS[extension]:
        raise ValidationError(
            _("The file's content does not match its extension .%(extension)s.")
            % {"extension": extension},
            code="image_content",
        )
