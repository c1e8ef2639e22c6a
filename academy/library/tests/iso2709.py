"""Writing test records in ISO 2709 in any encoding (pymarc writes only UTF-8 and Latin-1)."""

FT, RT, SF = b"\x1e", b"\x1d", b"\x1f"

Field = tuple[str, str] | tuple[str, str, list[tuple[str, str]]]


def iso2709(
    fields: list[Field], *, leader: str = "00000nam  2200000   4500", encoding="utf-8"
) -> bytes:
    """One record: (tag, data) control fields, (tag, indicators, [(code, value)]) data fields."""
    directory, body = b"", b""
    for entry in fields:
        if len(entry) == 2:
            tag, data = entry
            raw = data.encode(encoding) + FT
        else:
            tag, indicators, subfields = entry
            raw = (
                indicators.encode()
                + b"".join(SF + code.encode() + value.encode(encoding) for code, value in subfields)
                + FT
            )
        directory += f"{tag}{len(raw):04d}{len(body):05d}".encode()
        body += raw
    base = 24 + len(directory) + 1
    length = base + len(body) + 1
    head = f"{length:05d}{leader[5:12]}{base:05d}{leader[17:]}".encode()
    return head + directory + FT + body + RT
