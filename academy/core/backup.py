"""One-archive backups: the database plus the media store, with a manifest of checksums.

The archive is a plain tar file holding

* ``database.dump`` – PostgreSQL custom format (``pg_dump -Fc``), or ``database.sqlite3``
  – a consistent copy made with SQLite's online backup API;
* ``media/…`` – every file of MEDIA_ROOT;
* ``manifest.json`` – format, database vendor, creation time, and the size and SHA-256
  of every other member.

A restore checks every checksum before it touches anything, then restores the database
(PostgreSQL: ``pg_restore --clean --if-exists --no-owner --exit-on-error`` in one
transaction, so it works on an empty database as well as over an existing one) and
replaces the media store.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """The archive cannot be made or restored; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore from the Django settings."""
    db = connection.settings_dict
    args = ["-d", db["NAME"]]
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _dump_database(target_dir: Path) -> Path:
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        path = target_dir / PG_DUMP
        _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", *args, "-f", str(path)], env)
        return path
    if connection.vendor == "sqlite":
        path = target_dir / SQLITE_COPY
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            connection.connection.backup(destination)  # consistent even while others write
        finally:
            destination.close()
        return path
    raise BackupError(f"backups of {connection.vendor} databases are not supported")


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def backup_create(output: Path, progress: Progress = print) -> dict[str, Any]:
    """Write the archive to `output` and return its manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    output.parent.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "database": None,
        "files": {},
    }
    partial = output.with_name(output.name + ".part")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(partial, "w") as archive:
        progress(f"dumping the {connection.vendor} database…")
        dump = _dump_database(Path(tmp))
        manifest["database"] = dump.name
        manifest["files"][dump.name] = {"size": dump.stat().st_size, "sha256": _sha256(dump)}
        archive.add(dump, arcname=dump.name)
        progress(f"database: {dump.stat().st_size} bytes")
        files = _media_files(media_root)
        for number, path in enumerate(files, start=1):
            name = "media/" + path.relative_to(media_root).as_posix()
            manifest["files"][name] = {"size": path.stat().st_size, "sha256": _sha256(path)}
            archive.add(path, arcname=name)
            if number % 100 == 0 or number == len(files):
                progress(f"media: {number} of {len(files)} files")
        data = json.dumps(manifest, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mtime = int(timezone.now().timestamp())
        archive.addfile(info, io.BytesIO(data))
    partial.replace(output)  # never a half-written archive under the final name
    progress(f"backup written: {output}")
    return manifest


def _safe_member(name: str) -> bool:
    path = Path(name)
    return not path.is_absolute() and ".." not in path.parts


def backup_verify(archive_path: Path, into: Path, progress: Progress = print) -> dict[str, Any]:
    """Extract the archive into `into` and check every member against the manifest."""
    with tarfile.open(archive_path, "r") as archive:
        try:
            manifest = json.load(archive.extractfile(MANIFEST))  # type: ignore[arg-type]
        except (KeyError, json.JSONDecodeError) as exc:
            raise BackupError("the archive has no readable manifest.json") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        members = [m for m in archive.getmembers() if m.name != MANIFEST]
        for member in members:
            if not member.isfile() or not _safe_member(member.name):
                raise BackupError(f"unexpected member in the archive: {member.name}")
            if member.name not in manifest["files"]:
                raise BackupError(f"{member.name} is not listed in the manifest")
        archive.extractall(into, members=members, filter="data")
    for number, (name, expected) in enumerate(sorted(manifest["files"].items()), start=1):
        path = into / name
        if not path.is_file():
            raise BackupError(f"{name} is listed in the manifest but missing from the archive")
        if path.stat().st_size != expected["size"] or _sha256(path) != expected["sha256"]:
            raise BackupError(f"checksum mismatch: {name}")
        if number % 100 == 0:
            progress(f"verified {number} of {len(manifest['files'])} files")
    progress(f"checksums verified: {len(manifest['files'])} files")
    return manifest


def _restore_database(manifest: dict[str, Any], source: Path) -> None:
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"the archive holds a {manifest['vendor']} database; this site uses {connection.vendor}"
        )
    dump = source / manifest["database"]
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        connection.close()  # our own session must not hold locks on what is dropped
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(dump),
            ],
            env,
        )
        return
    connection.ensure_connection()
    origin = sqlite3.connect(dump)
    try:
        origin.backup(connection.connection)
    finally:
        origin.close()


def _restore_media(source: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    extracted = source / "media"
    if extracted.exists():
        shutil.copytree(extracted, media_root, dirs_exist_ok=True)


def backup_restore(archive_path: Path, progress: Progress = print) -> dict[str, Any]:
    """Verify the archive, then restore the database and replace the media store.

    Steps: extract and check every checksum (nothing is touched if one fails); restore
    the database; replace MEDIA_ROOT with the archived files.
    """
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp)
        progress(f"verifying {archive_path}…")
        manifest = backup_verify(archive_path, source, progress)
        progress(f"restoring the {manifest['vendor']} database…")
        _restore_database(manifest, source)
        progress("restoring the media files…")
        _restore_media(source)
    progress("restore finished")
    return manifest
