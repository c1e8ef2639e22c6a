"""Demo electronic documents: an open-access PDF and a DOCX for readers, on two records."""

from typing import Any

from academy.library.models import Record

from .models import Access, Document
from .services import _store, documents_extract
from .testing import make_docx, make_pdf

TEXTS = [
    (
        "pdf",
        Access.OPEN,
        "Қазақстан Республикасының Конституциясы\n"
        "Конституция Республики Казахстан\n"
        "Судьи при отправлении правосудия независимы и подчиняются только Конституции и закону.",
    ),
    (
        "docx",
        Access.READERS,
        "Судебная этика: комментарий\nНезависимость судей и судебная этика.\n"
        "Сот әдебі және судьялардың тәуелсіздігі.",
    ),
]


def seed(stdout: Any) -> None:
    if Document.objects.exists():
        return
    records = list(Record.objects.exclude(kind="article").order_by("pk")[: len(TEXTS)])
    pks = []
    for record, (kind, access, text) in zip(records, TEXTS, strict=False):
        data = make_pdf(text) if kind == "pdf" else make_docx(text)
        name = f"{record.pk}.{kind}"
        pks.append(
            _store(record=record, data=data, name=name, kind=kind, by=None, access=access).pk
        )
    documents_extract(pks)
    stdout.write(f"E-library: {len(pks)} electronic documents attached.")
