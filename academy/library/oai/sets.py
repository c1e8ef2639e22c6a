"""OAI-PMH sets of the catalogue: by record type and by language (two-level hierarchy)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from academy.library.models import RecordKind, RecordLanguage

TYPE, LANGUAGE = "type", "lang"


def record_set_specs(kind: str, language: str) -> list[str]:
    return [f"{TYPE}:{kind}", f"{LANGUAGE}:{language}"]


def all_sets() -> list[tuple[str, str]]:
    """(setSpec, setName) of every set, parents before their children."""
    sets = [(TYPE, _("By type of record"))]
    sets += [(f"{TYPE}:{value}", str(label)) for value, label in RecordKind.choices]
    sets.append((LANGUAGE, _("By language")))
    sets += [(f"{LANGUAGE}:{value}", str(label)) for value, label in RecordLanguage.choices]
    return sets


def known(spec: str) -> bool:
    return spec in {value for value, _name in all_sets()}


def record_filter(spec: str) -> Q:
    """Records (or tombstones: same field names) of a set; a parent set holds them all."""
    if spec in {TYPE, LANGUAGE}:
        return Q()
    parent, _colon, value = spec.partition(":")
    return Q(kind=value) if parent == TYPE else Q(language=value)
