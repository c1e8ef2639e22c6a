"""Test helpers shared by the apps' tests: small real files of each accepted type, a dead broker."""

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def _ole(subtype: bytes) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + subtype + b"\x00" * 600


SAMPLES = {
    "pdf": b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 16,
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16,
    "mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 16,
    "webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3"
    b"\x81\x08\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02" + b"\x00" * 16,
    "mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" + b"\x00" * 32,
    "docx": _zip("[Content_Types].xml", "_rels/.rels", "word/document.xml"),
    "xlsx": _zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"),
    "pptx": _zip("[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml"),
    "odt": _zip("mimetype", "content.xml"),
    "doc": _ole(b"\xec\xa5\xc1\x00"),
    "txt": "Сабақ жоспары – план занятия\n".encode(),
    "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48,
}


def sample_bytes(name: str) -> bytes:
    """Bytes whose content is of the type the name's extension says."""
    extension = name.rsplit(".", 1)[-1].lower()
    return SAMPLES[{"jpeg": "jpg"}.get(extension, extension)]


def sample_upload(name: str, content_of: str | None = None) -> SimpleUploadedFile:
    """An upload called `name` holding a file of its own type (or of `content_of`'s)."""
    return SimpleUploadedFile(name, sample_bytes(content_of or name))


CLOSED_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


@contextmanager
def broker_unreachable(url: str = CLOSED_PORT_URL) -> Iterator[None]:
    """Run the Celery app against a broker and result store that refuse connections."""
    from academy.celery import app

    keys = ("broker_url", "result_backend", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}

    def reset_connections() -> None:
        # The app caches its connection pools and result backend; drop them both ways.
        app._pool = None
        app.amqp._producer_pool = None
        app._local.__dict__.pop("backend", None)

    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    reset_connections()
    try:
        yield
    finally:
        app.conf.update(**saved)
        reset_connections()


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def s3_object_store(bucket: str = "academy-media") -> Iterator[dict[str, str]]:
    """An S3-compatible server on loopback (moto in server mode) with an empty bucket.

    Yields the environment an application server needs to use it (MEDIA_STORAGE=s3 …).
    """
    import logging

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    environment = {
        "MEDIA_STORAGE": "s3",
        "S3_ENDPOINT_URL": endpoint,
        "S3_BUCKET": bucket,
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
        "S3_REGION": "us-east-1",
    }
    try:
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        ).create_bucket(Bucket=bucket)
        yield environment
    finally:
        server.stop()


def browser_relogin(page: Any, login: Any, user: Any) -> None:
    """In a browser test: drop the session and log in as `user` on the English pages."""
    page.context.clear_cookies()
    login(page, user, language="en")
    page.wait_for_url("**/dashboard/**")


def submit_and_wait(page: Any, form_selector: str) -> None:
    """Press the form's submit button and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(f"{form_selector} button[type=submit]")
