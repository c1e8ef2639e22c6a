"""Test helpers: a session-wide test PKI whose personal certificates carry these IINs."""

from academy.core.iin import iin_check_digit

from . import testpki


def _iin(first11: str) -> str:
    for serial in range(10000):
        first = f"{first11[:7]}{serial:04d}"
        check = iin_check_digit(first)
        if check is not None:
            return f"{first}{check}"
    raise AssertionError("no IIN")


RECTOR_IIN = _iin("6503033")
OTHER_IIN = _iin("7007074")
CANDIDATE_IIN = _iin("8808083")
ORG_IIN = _iin("5505053")
ACADEMY_BIN = "000140000123"

PEOPLE = [
    (RECTOR_IIN, "Нұрпейісов", "Бауыржан"),
    (OTHER_IIN, "Смағұлова", "Айгүл"),
    (CANDIDATE_IIN, "Кандидатов", "Ерлан"),
]


def build_pki(ocsp_url: str, tsa_url: str = "") -> testpki.TestPKI:
    return testpki.make_test_pki(
        people=PEOPLE, org_bin=ACADEMY_BIN, org_iin=ORG_IIN, ocsp_url=ocsp_url, tsa_url=tsa_url
    )


def sign_order_in_browser(page, order_url: str, number: str, date: str = "") -> None:
    """On the order page: open the signing page, prepare the PDF and sign it in NCALayer.

    Start the NCALayer stand-in first (fixture ``ncalayer_for(rector)``).
    """
    page.goto(order_url)
    with page.expect_navigation():
        page.click("a[href$='/sign/']")
    page.fill("#id_number", number)
    if date:
        page.fill("#id_date", date)
    with page.expect_navigation():
        page.click("main form[method=get] button[type=submit]")
    with page.expect_navigation():
        page.click("#sign-button")
