"""Checking an uploaded document and reading its text, with pure-Python wheels only.

PDF: pypdf; DOCX: python-docx (paragraphs and tables); EPUB: the ZIP container read with
zipfile, its spine found through META-INF/container.xml and the OPF package, each XHTML
part's text taken with lxml. Every check is on the bytes, never on the file's name alone.
"""

import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FORMATS = ("pdf", "docx", "epub")
_OPF_NS = "http://www.idpf.org/2007/opf"
_CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"


@dataclass
class Extracted:
    text: str
    pages: int | None = None


def _refuse(name: str, message: str) -> ValidationError:
    return ValidationError(
        _("%(name)s: %(problem)s"), code="edoc_invalid", params={"name": name, "problem": message}
    )


def document_format(name: str, head: bytes) -> str:
    """The format of a file by its extension, confirmed by its first bytes."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise _refuse(name, _("only PDF, DOCX and EPUB documents can be attached."))
    if extension == "pdf" and not head.lstrip()[:5] == b"%PDF-":
        raise _refuse(name, _("the file is not a PDF document (its content says otherwise)."))
    if extension in {"docx", "epub"} and not head.startswith(b"PK\x03\x04"):
        raise _refuse(
            name,
            _("the file is not a %(format)s document (its content says otherwise).")
            % {"format": extension.upper()},
        )
    return extension


def _pdf(data: bytes, name: str, *, read_text: bool) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse(name, _("the PDF is protected by a password."))
        pages = len(reader.pages)
        if not read_text:
            return Extracted("", pages)
        texts = [page.extract_text() or "" for page in reader.pages]
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise _refuse(
            name,
            _("the PDF is damaged and cannot be read (%(error)s).") % {"error": str(exc)[:200]},
        ) from exc
    return Extracted("\n".join(texts), pages)


def _docx(data: bytes, name: str, *, read_text: bool) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _refuse(name, _("the DOCX is damaged and cannot be read.")) from exc
    if not read_text:
        return Extracted("")
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return Extracted("\n".join(part for part in parts if part))


def _epub_parts(archive: zipfile.ZipFile, name: str) -> list[str]:
    from lxml import etree

    try:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        rootfile = container.find(f".//{{{_CONTAINER_NS}}}rootfile").get("full-path")
        package = etree.fromstring(archive.read(rootfile))
    except (KeyError, AttributeError, etree.XMLSyntaxError) as exc:
        raise _refuse(
            name, _("the EPUB has no readable package (META-INF/container.xml).")
        ) from exc
    base = posixpath.dirname(rootfile)
    manifest = {
        item.get("id"): item.get("href")
        for item in package.iter(f"{{{_OPF_NS}}}item")
        if item.get("id") and item.get("href")
    }
    spine = [ref.get("idref") for ref in package.iter(f"{{{_OPF_NS}}}itemref")]
    return [posixpath.join(base, manifest[idref]) for idref in spine if idref in manifest]


def _epub(data: bytes, name: str, *, read_text: bool) -> Extracted:
    from lxml import etree, html

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        mimetype = archive.read("mimetype").strip()
    except (zipfile.BadZipFile, KeyError) as exc:
        raise _refuse(name, _("the EPUB is damaged or is not an EPUB.")) from exc
    if mimetype != b"application/epub+zip":
        raise _refuse(name, _("the EPUB is damaged or is not an EPUB."))
    parts = _epub_parts(archive, name)
    if not read_text:
        return Extracted("", len(parts))
    texts = []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    for part in parts:
        try:
            raw = archive.read(part)
        except KeyError:
            continue
        tree = etree.fromstring(raw, parser)
        if tree is None:
            tree = html.fromstring(raw)
        texts.append(" ".join(" ".join(tree.itertext()).split()))
    return Extracted("\n".join(texts), len(parts))


_READERS = {"pdf": _pdf, "docx": _docx, "epub": _epub}


def check_document(upload: IO[bytes], name: str, *, max_size: int) -> str:
    """Raise a ValidationError naming the file unless it is a readable PDF, DOCX or EPUB.

    Returns the format. The whole file is opened (not only its first bytes): a damaged
    PDF named .pdf is refused here, not later in the background.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > max_size:
        raise _refuse(
            name,
            _("the file is larger than %(limit)s MB.") % {"limit": max_size // (1024 * 1024)},
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if len(data) > max_size:
        raise _refuse(
            name,
            _("the file is larger than %(limit)s MB.") % {"limit": max_size // (1024 * 1024)},
        )
    if not data:
        raise _refuse(name, _("the file is empty."))
    kind = document_format(name, data[:1024])
    _READERS[kind](data, name, read_text=False)
    return kind


def extract_text(data: bytes, kind: str, name: str = "") -> Extracted:
    """The text of a document; ValidationError when it cannot be read."""
    return _READERS[kind](data, name, read_text=True)
