"""Demo content of the Wagtail website: the old portal's demo moved over, a legal act in
the documents page, and one news item waiting for review (idempotent)."""

from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents.models import Document

from academy.accounts.models import User

from . import importer, services
from .models import Attachment, DocumentsPage, NewsIndexPage, NewsPage
from .setup import set_up

ACT_TITLE = "Regulation on the Academy's website"


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 770, text)
    pdf.save()
    return buffer.getvalue()


def _documents() -> None:
    if Document.objects.filter(title=ACT_TITLE).exists():
        return
    document = Document.objects.create(
        title=ACT_TITLE, file=ContentFile(_pdf(ACT_TITLE), name="website-regulation.pdf")
    )
    for page in DocumentsPage.objects.filter(slug="documents"):
        page.attachments.add(Attachment(document=document, caption=ACT_TITLE))
        page.save_revision().publish()


def _in_review() -> None:
    """A news item its editor has submitted: the administrator sees it on /cms/."""
    editor = User.objects.filter(email="editor@academy.kz").first()
    index = NewsIndexPage.objects.filter(locale__language_code="kk").first()
    if editor is None or index is None or NewsPage.objects.filter(slug="open-day").exists():
        return
    page = NewsPage(
        title="Ашық есік күні",
        slug="open-day",
        body="<p>Академия 15 мамырда ашық есік күнін өткізеді.</p>",
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=editor)
    texts = {
        "ru": ("День открытых дверей", "<p>Академия проводит день открытых дверей 15 мая.</p>"),
        "en": ("Open day", "<p>The Academy holds an open day on 15 May.</p>"),
    }
    for code, (title, body) in texts.items():
        copy = page.copy_for_translation(
            services.ensure_locales()[services.languages().index(code)]
        )
        copy.title, copy.body = title, body
        copy.save()
        copy.save_revision(user=editor)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, editor)


@transaction.atomic
def seed(stdout: Any) -> None:
    set_up()
    counts = importer.import_portal()
    _documents()
    _in_review()
    stdout.write(
        "Website (Wagtail): imported {pages} pages, {news} news items, {events} events; "
        "editors at /cms/.".format(**counts)
    )
