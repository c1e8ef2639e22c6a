"""Uploaded files: stored under random names, served only through views that check access.

Nothing under MEDIA_ROOT is served by a web server location of its own (docs/deploy.md).
A view checks the role and the object, then hands the file over with `serve_file`: in
development as a streamed FileResponse, in production (setting MEDIA_ACCEL_REDIRECT, e.g.
"/protected-media/") as an empty response whose X-Accel-Redirect header lets nginx send
the file from an `internal` location.
"""

import mimetypes
import uuid
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header


@deconstructible
class RandomName:
    """upload_to for a FileField: `<prefix>/<year>/<random hex><extension>`.

    The name a user gave the file is not part of the path, so no one can guess a path,
    and a hostile name (../, very long, odd characters) never reaches the storage.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        extension = PurePath(filename).suffix.lower()
        if not extension[1:].isalnum() or len(extension) > 8:
            extension = ""
        return f"{self.prefix}/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.prefix == self.prefix


def _is_object_store(storage: Any) -> bool:
    # __class__, not type(): the default storage is a LazyObject that reports its target's class.
    return storage.__class__.__module__.startswith("storages.backends.s3")


def serve_file(file: FieldFile, *, filename: str, as_attachment: bool = True) -> HttpResponse:
    """Send a stored file to a user a view has already let in; 404 when it is missing."""
    if not file:
        raise Http404
    return serve_stored(file.storage, file.name, filename=filename, as_attachment=as_attachment)


def serve_stored(
    storage: Any, name: str, *, filename: str, as_attachment: bool = True
) -> HttpResponse:
    """`serve_file` for a file kept in a storage by name (no model field), e.g. bundles."""
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    prefix = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if _is_object_store(storage):
        # S3-compatible store: a short-lived signed URL, handed out only after the view's
        # checks; the object store sends the file, with the name and type the view chose.
        if not storage.exists(name):
            raise Http404
        url = storage.url(
            name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
                "ResponseContentType": content_type,
            },
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
    elif prefix:
        if not storage.exists(name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        try:
            handle = storage.open(name, "rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle, as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    return response
