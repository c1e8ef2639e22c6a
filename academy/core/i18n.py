"""Translation catalogues without GNU gettext.

Django's makemessages/compilemessages need xgettext and msgfmt, which a fresh
machine lacks. Babel (pure Python) extracts the same messages: Python files with
Django's gettext keywords, and templates after Django's own `templatize()` has
turned them into gettext calls. Each app keeps its catalogue in `<app>/locale/`;
`academy/locale/` holds completions of Django's own Kazakh strings.
"""

import io
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation.template import templatize

LANGUAGES = ("kk", "ru", "en")
SOURCE_LANGUAGE = "en"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
TEMPLATE_SUFFIXES = {".html", ".txt", ".xml"}
APPS_ROOT = Path(settings.BASE_DIR) / "academy"


@dataclass
class Message:
    msgid: str | tuple[str, str]
    context: str | None
    locations: list[tuple[str, int]] = field(default_factory=list)


def app_dirs() -> list[Path]:
    """Directories of the project's own apps (those with an apps.py), sub-apps included.

    A sub-app (academy/library/edocs) keeps its own catalogue, not its parent's.
    """
    found = [*APPS_ROOT.glob("*/apps.py"), *APPS_ROOT.glob("*/*/apps.py")]
    return sorted(p.parent for p in found)


def _source_files(app_dir: Path) -> list[Path]:
    files = []
    sub_apps = [p.parent for p in app_dir.glob("*/apps.py")]
    for path in sorted(app_dir.rglob("*")):
        if not path.is_file() or "migrations" in path.parts or "locale" in path.parts:
            continue
        if any(sub in path.parents for sub in sub_apps):
            continue
        if "tests" in path.parts or "static" in path.parts:
            continue
        if path.suffix == ".py" or (path.suffix in TEMPLATE_SUFFIXES and "templates" in path.parts):
            files.append(path)
    return files


def extract_app_messages(app_dir: Path) -> dict[tuple[str | tuple[str, str], str | None], Message]:
    """Every translatable message of one app, keyed by (msgid, context)."""
    found: dict[tuple[str | tuple[str, str], str | None], Message] = {}
    for path in _source_files(app_dir):
        text = path.read_text(encoding="utf-8")
        if path.suffix != ".py":
            text = templatize(text, origin=str(path))
        for lineno, message, _comments, context in extract(
            "python",
            io.BytesIO(text.encode("utf-8")),
            keywords=KEYWORDS,
            options={"encoding": "utf-8"},
        ):
            if not message or (isinstance(message, tuple) and not message[0]):
                continue
            key = (message, context)
            entry = found.setdefault(key, Message(msgid=message, context=context))
            entry.locations.append((str(path.relative_to(APPS_ROOT.parent)), lineno))
    return found


def po_path(app_dir: Path, language: str) -> Path:
    return app_dir / "locale" / language / "LC_MESSAGES" / "django.po"


def read_catalog(path: Path, language: str) -> Catalog:
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=language)
    return Catalog(locale=language, project="academy", charset="utf-8")


def write_catalog(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=100,
        no_location=True,
        omit_header=False,
        sort_output=True,
        ignore_obsolete=True,
    )
    path.write_bytes(buffer.getvalue())
    path.with_suffix(".mo").write_bytes(compile_catalog(catalog))


def compile_catalog(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def sync_app(app_dir: Path) -> dict[str, int]:
    """Bring an app's kk/ru/en catalogues in line with its source; return untranslated counts."""
    messages = extract_app_messages(app_dir)
    untranslated = {}
    for language in LANGUAGES:
        path = po_path(app_dir, language)
        if not messages and not path.exists():
            continue
        old = read_catalog(path, language)
        new = Catalog(
            locale=language,
            project="academy",
            charset="utf-8",
            fuzzy=False,
            header_comment=old.header_comment,
            # Keep the dates of an existing catalogue so that a sync with nothing new changes nothing.
            creation_date=old.creation_date,
            revision_date=old.revision_date,
        )
        for (msgid, context), message in messages.items():
            previous = old.get(msgid, context=context)
            string = previous.string if previous is not None and not previous.fuzzy else None
            if not _is_translated(string) and language == SOURCE_LANGUAGE:
                string = msgid  # the source strings are English
            new.add(
                msgid,
                string=string or ("", "") if isinstance(msgid, tuple) else string or "",
                context=context,
                locations=message.locations,
            )
        write_catalog(path, new)
        untranslated[language] = sum(1 for m in new if m.id and not _is_translated(m.string))
    return untranslated


def _is_translated(string: object) -> bool:
    if isinstance(string, (tuple, list)):
        return bool(string) and all(string)
    return bool(string)


@dataclass
class CatalogProblem:
    path: Path
    problem: str


def check_catalogs() -> list[CatalogProblem]:
    """Stale or untranslated catalogues, and .mo files that do not match their .po."""
    problems: list[CatalogProblem] = []
    for app_dir in app_dirs():
        messages = extract_app_messages(app_dir)
        for language in LANGUAGES:
            path = po_path(app_dir, language)
            if not messages:
                continue
            if not path.exists():
                problems.append(CatalogProblem(path, "missing"))
                continue
            catalog = read_catalog(path, language)
            for msgid, context in messages:
                if catalog.get(msgid, context=context) is None:
                    problems.append(CatalogProblem(path, f"stale: no entry for {msgid!r}"))
            problems.extend(_check_catalog_file(path, catalog))
    for path in sorted((APPS_ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        problems.extend(_check_catalog_file(path, read_catalog(path, path.parts[-3])))
    return problems


def _check_catalog_file(path: Path, catalog: Catalog) -> list[CatalogProblem]:
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(CatalogProblem(path, f"fuzzy: {message.id!r}"))
        elif not _is_translated(message.string):
            problems.append(CatalogProblem(path, f"untranslated: {message.id!r}"))
    mo = path.with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != compile_catalog(catalog):
        problems.append(CatalogProblem(path, "compiled .mo is missing or older than the .po"))
    return problems


def compile_project_catalogs() -> None:
    """Compile the hand-kept catalogues under academy/locale/."""
    for path in sorted((APPS_ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        catalog = read_catalog(path, path.parts[-3])
        path.with_suffix(".mo").write_bytes(compile_catalog(catalog))
