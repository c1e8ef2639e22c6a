"""References as DOCX (python-docx), from the same blocks as the PDF (TR-A3, TR-A4)."""

import io
from collections.abc import Sequence

from docx import Document
from docx.shared import Pt

from academy.core.pdf import Block


def render_docx(blocks: Sequence[Block], *, title: str) -> bytes:
    """Headings, paragraphs and tables (first row bold) in a Word document."""
    document = Document()
    document.core_properties.title = title
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(11)
    for kind, content in blocks:
        if kind == "head":
            document.add_heading(str(content), level=1)
        elif kind == "sub":
            document.add_heading(str(content), level=2)
        elif kind == "table":
            rows = [[str(cell) for cell in row] for row in content]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = text
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
        else:
            document.add_paragraph(str(content))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
