"""Varied MARC21 records made with pymarc, for the round-trip tests and the benchmark.

The shapes are those real catalogues send and the first import lost: a statement of
responsibility (245 $c), volumes (245 $n/$p), subject subdivisions (650 $v $x $y $z),
dates of a person (100 $d), several ISBNs, corporate names (110/710), name, corporate
and place subjects (600/610/651), 260 beside 264, notes and links the catalogue does
not model. Deterministic for a seed.
"""

import random
from collections.abc import Iterator

import pymarc
from pymarc import Field, Indicators, Subfield
from stdnum import ean

WORDS = {
    "eng": "law court justice history constitution judge ethics evidence procedure civil "
    "criminal appeal rights state reform commentary practice theory".split(),
    "rus": "право суд правосудие история конституция судья этика доказательство процесс "
    "гражданский уголовный апелляция реформа комментарий практика теория".split(),
    "kaz": "құқық сот әділет тарих конституция судья әдеп дәлел процесс азаматтық "
    "қылмыстық апелляция реформа түсіндірме тәжірибе теория".split(),
}
PLACES = ["Алматы", "Астана", "Москва", "New York", "London", "Oxford"]
PUBLISHERS = ["Жеті жарғы", "Юрист", "Норма", "Oxford University Press", "Springer"]
NAMES = ["Сулейменов, М. К.", "Ильясова, Г. А.", "Smith, John", "Ким, Ю. А.", "Brown, Anne"]


def isbn13(rng: random.Random) -> str:
    body = "978" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    return body + ean.calc_check_digit(body)


def _words(rng: random.Random, language: str, k: int) -> str:
    return " ".join(rng.choice(WORDS[language]) for _ in range(k))


def _f(tag: str, ind: str, *pairs: tuple[str, str]) -> Field:
    return Field(
        tag=tag,
        indicators=Indicators(ind[0], ind[1]),
        subfields=[Subfield(code, value) for code, value in pairs],
    )


def make_record(number: int, rng: random.Random) -> pymarc.Record:
    """One record; `number` goes into the title, so no two records are duplicates."""
    language = rng.choice(["eng", "rus", "kaz"])
    record = pymarc.Record(force_utf8=True)
    level = rng.choice("mmmms")
    record.leader = pymarc.Leader(f"00000na{level} a22000007i 4500")
    year = rng.randint(1950, 2025)
    lang_code = rng.choice([language, language, "   ", "und"])
    fields: list[Field] = [
        Field(tag="001", data=f"gen{number:07d}"),
        Field(tag="005", data="20240101120000.0"),
        Field(tag="008", data=f"240101s{year}    xx            000 0 {lang_code} d"),
    ]
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        fields.append(_f("020", "  ", ("a", isbn13(rng)), ("q", rng.choice(["pbk.", "hbk."]))))
    if rng.random() < 0.3:
        fields.append(_f("041", "0 ", ("a", rng.choice(["engund", "rus", "kazrus", "eng"]))))
    corporate = rng.random() < 0.25
    if corporate:
        fields.append(_f("110", "2 ", ("a", "Верховный суд Республики Казахстан."),
                         ("b", "Пленум.")))  # fmt: skip
    else:
        fields.append(
            _f("100", "1 ", ("a", rng.choice(NAMES)), ("d", f"{rng.randint(1900, 1980)}-"))
        )
    title = [("a", f"{_words(rng, language, 3).capitalize()} {number} :"),
             ("b", f"{_words(rng, language, 2)} /")]  # fmt: skip
    if rng.random() < 0.2:
        title = [*title[:1], ("n", f"Т. {rng.randint(1, 5)}."), ("p", _words(rng, language, 2))]
    title.append(("c", f"{rng.choice(NAMES)} ; ред. {rng.choice(NAMES)}."))
    fields.append(_f("245", "10", *title))
    if rng.random() < 0.5:
        fields.append(_f("260", "  ", ("a", f"{rng.choice(PLACES)} :"),
                         ("b", f"{rng.choice(PUBLISHERS)},"), ("c", f"{year}.")))  # fmt: skip
    else:
        fields.append(_f("264", " 1", ("a", f"{rng.choice(PLACES)} :"),
                         ("b", f"{rng.choice(PUBLISHERS)},"), ("c", f"[{year}]")))  # fmt: skip
        fields.append(_f("264", " 4", ("c", f"©{year}")))
    fields.append(_f("300", "  ", ("a", f"{rng.randint(50, 900)} p. ;"), ("c", "24 cm")))
    if rng.random() < 0.4:
        fields.append(_f("500", "  ", ("a", "Библиогр.: с. 200–210. Ṣanʻāʾ édition.")))
    if rng.random() < 0.3:
        fields.append(_f("520", "  ", ("a", _words(rng, language, 12).capitalize() + ".")))
    if rng.random() < 0.3:
        fields.append(_f("600", "10", ("a", rng.choice(NAMES)), ("d", "1950-"),
                         ("x", "Views on law.")))  # fmt: skip
    if rng.random() < 0.3:
        fields.append(_f("610", "20", ("a", "United Nations."), ("x", "History.")))
    for _ in range(rng.randint(0, 3)):
        fields.append(
            _f(
                "650",
                " 0",
                ("a", _words(rng, language, 2).capitalize()),
                ("x", "History"),
                ("y", "20th century"),
                ("z", "Kazakhstan"),
                ("v", "Sources."),
            )  # fmt: skip
        )
    if rng.random() < 0.3:
        fields.append(_f("651", " 0", ("a", "Kazakhstan"), ("x", "Politics and government.")))
    if rng.random() < 0.25:
        fields.append(_f("710", "2 ", ("a", "Академия правосудия."), ("e", "issuing body.")))
    if rng.random() < 0.3:
        fields.append(_f("700", "1 ", ("a", rng.choice(NAMES)), ("e", "editor.")))
    if rng.random() < 0.15:
        fields.append(_f("856", "40", ("u", f"https://example.org/doc/{number}.pdf")))
    if rng.random() < 0.1:
        fields.append(_f("880", "10", ("6", "245-01"), ("a", "Қазақстан тарихы")))
    record.fields = fields
    return record


def make_records(count: int, seed: int = 17) -> Iterator[pymarc.Record]:
    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield make_record(number, rng)


def iso2709(count: int, seed: int = 17) -> bytes:
    return b"".join(record.as_marc() for record in make_records(count, seed))


def encode_iso2709(record: pymarc.Record, encoding: str) -> bytes:
    """A record in ISO 2709 with its texts in a code page, leader/09 blank (unflagged)."""
    data, directory, offset = b"", b"", 0
    for fld in record.fields:
        if fld.control_field:
            body = (fld.data or "").encode(encoding)
        else:
            body = (fld.indicator1 + fld.indicator2).encode("ascii") + b"".join(
                b"\x1f" + sub.code.encode("ascii") + sub.value.encode(encoding)
                for sub in fld.subfields
            )
        body += b"\x1e"
        directory += f"{fld.tag}{len(body):04d}{offset:05d}".encode("ascii")
        data += body
        offset += len(body)
    directory += b"\x1e"
    base = 24 + len(directory)
    length = base + len(data) + 1
    leader = str(record.leader)
    head = f"{length:05d}{leader[5:9]} 22{base:05d}{leader[17:]}".encode("ascii")
    return head + directory + data + b"\x1d"


def make_rusmarc_record(number: int, rng: random.Random) -> pymarc.Record:
    """A RUSMARC record as Russian catalogues send them, cp1251-safe (issue 17's benchmark)."""
    language = "rus"
    year = rng.randint(1950, 2025)
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader("00000nam0 2200000   450 ")
    surname, initials = rng.choice(NAMES).split(", ")
    fields = [
        Field(tag="001", data=f"RU\\gen\\{number:07d}"),
        _f("010", "  ", ("a", isbn13(rng))),
        _f("100", "  ", ("a", f"20240101d{year}    k  y0{language}y50      ca")),
        _f("101", "0 ", ("a", language)),
        _f("200", "1 ", ("a", f"{_words(rng, language, 3).capitalize()} {number}"),
           ("e", _words(rng, language, 2)), ("f", f"{initials} {surname}")),
        _f("210", "  ", ("a", rng.choice(PLACES)), ("c", rng.choice(["Юрист", "Норма", "Статут"])),
           ("d", str(year))),
        _f("215", "  ", ("a", f"{rng.randint(50, 900)} с."), ("d", "21 см")),
        _f("606", "1 ", ("a", _words(rng, language, 2).capitalize()), ("y", "Казахстан"),
           ("2", "nskf")),
        _f("675", "  ", ("a", f"34{rng.randint(0, 9)}.{rng.randint(1, 9)}"), ("v", "4")),
        _f("686", "  ", ("a", f"67.{rng.randint(400, 412)}"), ("2", "rubbk")),
        _f("700", " 1", ("a", surname), ("b", initials)),
        _f("801", " 0", ("a", "RU"), ("b", "AJ"), ("c", "20240101")),
    ]  # fmt: skip
    record.fields = fields
    return record


def make_rusmarc_records(count: int, seed: int = 17) -> Iterator[pymarc.Record]:
    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield make_rusmarc_record(number, rng)
