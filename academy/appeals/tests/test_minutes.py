from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

from academy.core.pdf import FONTS


def test_the_shipped_font_has_every_kazakh_letter():
    font = TTFont("DejaVuSansCheck", str(Path(FONTS) / "DejaVuSans.ttf"))
    kazakh = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
    letters = kazakh + kazakh.lower()
    missing = [c for c in letters if ord(c) not in font.face.charToGlyph]
    assert missing == []
