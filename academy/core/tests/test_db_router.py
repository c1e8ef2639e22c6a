"""Reports and the OPAC may read from a replica; writes and everything else use the primary."""

from academy.core import db_router
from academy.core.db_router import ReplicaRouter, reads_from_replica
from academy.training.models import Course


def test_reads_go_to_the_replica_only_inside_a_marked_view(monkeypatch):
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    router = ReplicaRouter()
    assert router.db_for_read(Course) is None

    @reads_from_replica
    def report():
        return router.db_for_read(Course), router.db_for_write(Course)

    assert report() == ("replica", "default")
    assert router.db_for_read(Course) is None  # reset after the view


def test_without_a_replica_the_marked_view_reads_the_primary():
    assert "replica" not in db_router.settings.DATABASES
    assert reads_from_replica(lambda: ReplicaRouter().db_for_read(Course))() is None


def test_migrations_run_only_on_the_primary():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "training") is True
    assert router.allow_migrate("replica", "training") is False
