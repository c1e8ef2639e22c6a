"""Names users type that readers see in three languages (django-modeltranslation).

A translated field `title` has the columns `title_kk`, `title_ru` and `title_en`; the
reader sees their own language, or – when that one is empty – the first filled one of
MODELTRANSLATION_FALLBACK_LANGUAGES, and the `tr` template filter marks such a fallback
("қазақша" next to the name), so a missing translation shows instead of hiding.

Services keep their old keyword (`title=`, `topic=`): it is the value in the default
language (Kazakh); `title_ru=` / `title_en=` add the others.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import get_language

DEFAULT_LANGUAGE: str = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
LANGUAGES: tuple[str, ...] = tuple(settings.MODELTRANSLATION_LANGUAGES)


def assign(obj: Any, field: str, default: str | None, **others: str | None) -> None:
    """Set `field` in the default language (`default`) and in others (`ru=`, `en=`).

    None keeps what the object has; "" clears that language (the reader then sees the
    marked fallback). The base column keeps the default-language value.
    """
    values = {DEFAULT_LANGUAGE: default, **others}
    for language, value in values.items():
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        if value is None:
            continue
        value = value.strip()
        setattr(obj, f"{field}_{language}", value)
        if language == DEFAULT_LANGUAGE:
            obj.__dict__[field] = value


def translated_kwargs(field: str, default: str | None, **others: str | None) -> dict[str, str]:
    """`title=…, title_kk=…, title_ru=…, title_en=…` for a model's constructor or create().

    Every language is named, so the active language of the request cannot redirect the
    value (modeltranslation reads a bare `title=` as the active language's); a missing
    language is stored empty and read as the marked fallback.
    """
    values = {DEFAULT_LANGUAGE: default, **others}
    kwargs = {f"{field}_{lang}": (values.get(lang) or "").strip() for lang in LANGUAGES}
    return {field: kwargs[f"{field}_{DEFAULT_LANGUAGE}"], **kwargs}


def reader_languages(language: str | None = None) -> list[str]:
    """The order in which a reader of `language` (default: the active one) is served."""
    current = (language or get_language() or DEFAULT_LANGUAGE).split("-")[0]
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    order = [current, *fallbacks] if current in LANGUAGES else [*fallbacks]
    return list(dict.fromkeys(order))


def shown(obj: Any, field: str, language: str | None = None) -> tuple[str, str | None]:
    """(value, language of the value) as the reader of `language` sees `field` of `obj`."""
    for lang in reader_languages(language):
        value = getattr(obj, f"{field}_{lang}", None)
        if value:
            return str(value), lang
    value = getattr(obj, field, "")
    return (str(value) if value else ""), None


def is_translated(field_owner: Any, field: str) -> bool:
    """Whether `field` of this model is registered with modeltranslation."""
    try:
        field_owner._meta.get_field(f"{field}_{DEFAULT_LANGUAGE}")
    except Exception:
        return False
    return True


def fill_missing(obj: Any, field: str, **values: str) -> bool:
    """Fill the empty languages of `field` (`ru=`, `en=` …) and save them; for demo data."""
    changed = [
        f"{field}_{lang}"
        for lang, value in values.items()
        if value and not getattr(obj, f"{field}_{lang}", None)
    ]
    for name in changed:
        setattr(obj, name, values[name.rsplit("_", 1)[1]])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)
