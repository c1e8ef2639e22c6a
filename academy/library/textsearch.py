"""What the catalogue's search index holds, the same in PostgreSQL and in SQLite (issue 17).

- `fold`: lower case, diacritics of Latin letters dropped ("Sergeĭ" = "sergei"), ё = е,
  and the Kazakh letters folded onto their Russian look-alikes (ә/а, і/и, ң/н, ғ/г,
  ү/ұ/у, қ/к, ө/о, һ/х), so "Казахстан" finds "Қазақстан". Cyrillic й keeps its breve.
- `kazakh_stem`: PostgreSQL has no Kazakh stemmer; the common plural, case and possessive
  endings are stripped from a folded word ("республикасының" → "республика").
- `search_document`: the text indexed for a record: title | names, subjects, host,
  abstract | full text | Kazakh stems, separated by \\x1f; the PostgreSQL trigger gives the
  parts weights A, B, D and B and stems them with the record language's configuration.
"""

import re
import unicodedata
from typing import Any

SEPARATOR = "\x1f"
_KAZAKH = str.maketrans("әіңғүұқөһё", "аингуукохе")
# Endings in folded spelling, longest first; at most three are stripped, a stem keeps 3 letters.
KAZAKH_ENDINGS = sorted(
    {
        # plural
        "лар", "лер", "дар", "дер", "тар", "тер",
        # genitive
        "нын", "нин", "дын", "дин", "тын", "тин",
        # dative
        "га", "ге", "ка", "ке", "на", "не",
        # accusative
        "ны", "ни", "ды", "ди", "ты", "ти",
        # locative
        "да", "де", "та", "те", "нда", "нде",
        # ablative
        "дан", "ден", "тан", "тен", "нан", "нен", "ндан", "нден",
        # instrumental
        "мен", "бен", "пен",
        # possessive
        "сы", "си", "ы", "и", "ым", "им", "ын", "ин", "мыз", "миз",
    },
    key=len,
    reverse=True,
)  # fmt: skip
_ENDINGS = frozenset(KAZAKH_ENDINGS)
_ENDING_SIZES = sorted({len(ending) for ending in KAZAKH_ENDINGS}, reverse=True)
_WORD = re.compile(r"\w+")
STEMMED_LANGUAGES = ("kk", "und")


_LATIN_MARKS = re.compile(r"(?<=[a-z])[\u0300-\u036f]+")


def fold(text: str) -> str:
    text = (text or "").casefold()
    if not text.isascii():
        # Marks on Latin letters go (Sergeĭ → sergei); й keeps its breve (not Latin).
        text = unicodedata.normalize("NFD", text)
        text = unicodedata.normalize("NFC", _LATIN_MARKS.sub("", text)).translate(_KAZAKH)
    return text


_VOICED_END = {"б": "п", "г": "к"}
# Russian spells with х what Kazakh spells with қ (Казахстан / Қазақстан): a long word with х
# is also indexed and searched with к. Short words are left alone (ход is not код).
_KH_MIN_LENGTH = 6


def kazakh_stem(word: str) -> str:
    """A folded Kazakh word without its plural, case and possessive endings.

    A stem that ended in п or қ before a vowel ending is written б or ғ (әдеп, әдебі):
    it is given back its dictionary ending.
    """
    stripped = False
    for _round in range(3):
        for size in _ENDING_SIZES:
            if len(word) - size >= 3 and word[-size:] in _ENDINGS:
                word, stripped = word[:-size], True
                break
        else:
            break
    if stripped and word[-1] in _VOICED_END:
        word = word[:-1] + _VOICED_END[word[-1]]
    return word


def kh_variant(word: str) -> str:
    """The word with х as к, when it is long enough to be the same name (else the word)."""
    return word.replace("х", "к") if len(word) >= _KH_MIN_LENGTH and "х" in word else word


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def search_document(record: Any) -> str:
    """The folded text the index is built from (see the module's docstring)."""
    title = fold(record.title)
    body = fold(" ".join((record.authors, record.subjects, record.host_title, record.abstract)))
    full_text = fold(record.full_text)
    head = words(f"{title} {body}")
    extra = {kh_variant(word) for word in head} - set(head)
    if record.language in STEMMED_LANGUAGES:
        extra |= {kazakh_stem(word) for word in head if len(word) > 3}
    return SEPARATOR.join((title, body, full_text, " ".join(sorted(extra))))
