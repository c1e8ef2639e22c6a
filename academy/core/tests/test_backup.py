"""`manage.py backup` and `manage.py restore`: back up, drop everything, restore, compare."""

import hashlib
import json
import tarfile
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from academy.core.models import WorkingDayOverride


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _media() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _some_data(make_persona) -> None:
    from academy.accounts.roles import Role

    for role in (Role.LISTENER, Role.METHODOLOGIST, Role.ADMINISTRATOR):
        make_persona(role)
    WorkingDayOverride.objects.create(date=date(2026, 3, 23), kind="day_off", decree="№ 1")
    root = Path(settings.MEDIA_ROOT)
    (root / "appeals" / "acts").mkdir(parents=True, exist_ok=True)
    (root / "appeals" / "acts" / "act.pdf").write_bytes(b"%PDF-1.4 act" * 1000)
    (root / "portal").mkdir(parents=True, exist_ok=True)
    (root / "portal" / "news.png").write_bytes(bytes(range(256)) * 40)


def _drop_everything() -> None:
    """What a lost server leaves: no tables at all, no media files."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()


def _round_trip(tmp_path, make_persona, capsys):
    _some_data(make_persona)
    counts, media = _row_counts(), _media()
    archive = tmp_path / "backups" / "academy.tar"
    call_command("backup", output=str(archive))
    out = capsys.readouterr().out
    assert "dumping the" in out and "media: 2 of 2 files" in out  # progress is shown
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["vendor"] == connection.vendor
    assert set(manifest["files"]) == {manifest["database"]} | {f"media/{name}" for name in media}

    _drop_everything()
    assert _media() == {}
    call_command("restore", str(archive), interactive=False)
    assert "checksums verified" in capsys.readouterr().out
    assert _row_counts() == counts
    assert _media() == media
    assert WorkingDayOverride.objects.get().decree == "№ 1"


@pytest.mark.django_db(transaction=True)
def test_backup_drop_restore_on_sqlite(tmp_path, make_persona, capsys):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant")
    _round_trip(tmp_path, make_persona, capsys)


@pytest.mark.django_db(transaction=True)
def test_backup_drop_restore_on_postgresql(tmp_path, make_persona, capsys):
    if connection.vendor != "postgresql":
        pytest.skip("runs in CI on PostgreSQL")
    _round_trip(tmp_path, make_persona, capsys)


@pytest.mark.django_db(transaction=True)
def test_a_tampered_archive_is_refused_before_anything_is_touched(tmp_path, make_persona):
    _some_data(make_persona)
    archive = tmp_path / "academy.tar"
    call_command("backup", output=str(archive))
    counts = _row_counts()
    # Swap one media file's bytes inside the archive, keeping the manifest.
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media/portal/news.png":
                data = b"x" * len(data)
            import io

            target.addfile(member, io.BytesIO(data))
    WorkingDayOverride.objects.create(date=date(2026, 5, 4), kind="day_off")
    with pytest.raises(CommandError, match="checksum mismatch: media/portal/news.png"):
        call_command("restore", str(tampered), interactive=False)
    assert _row_counts()["core.WorkingDayOverride"] == counts["core.WorkingDayOverride"] + 1
