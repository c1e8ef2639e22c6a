"""Small real documents for the tests and the benchmark: a PDF, a DOCX and an EPUB."""

import io
import zipfile


def make_pdf(text: str, pages: int = 1) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from academy.core.pdf import register_fonts

    register_fonts()  # DejaVu Sans: Cyrillic and Kazakh letters
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    for page in range(pages):
        sheet.setFont("DejaVuSans", 11)
        y = 800
        for line in text.splitlines() or [text]:
            sheet.drawString(40, y, f"{line}" if page == 0 else f"{line} ({page + 1})")
            y -= 16
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def make_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_epub(text: str, title: str = "Book") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        archive.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title>'
            '</metadata><manifest><item id="c1" href="text/chapter1.xhtml" '
            'media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/>'
            "</spine></package>",
        )
        paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
        archive.writestr(
            "OEBPS/text/chapter1.xhtml",
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>{title}</title></head><body>{paragraphs}</body></html>",
        )
    return buffer.getvalue()
