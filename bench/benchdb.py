"""The benchmarks' own database, made anew for each run."""

import sys
from pathlib import Path
from urllib.parse import urlparse


def recreate_database(url: str) -> None:
    """Drop and create the database of `url`; only one whose name says "bench"."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: a benchmark database's name must contain 'bench'")
    if parsed.scheme.startswith("sqlite"):
        Path(name).unlink(missing_ok=True)
        return
    import psycopg

    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
