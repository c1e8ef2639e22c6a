"""Two beat processes never both send: only the holder of the Redis lock does."""

import pytest
import redis

from academy.core.beat import LOCK_KEY, BeatLeaderLock

REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def client():
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.RedisError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    connection.delete(LOCK_KEY)
    yield connection
    connection.delete(LOCK_KEY)


def test_only_one_of_two_beats_holds_the_lock(client):
    first, second = BeatLeaderLock(client, 30), BeatLeaderLock(client, 30)
    assert first.hold() is True
    assert second.hold() is False
    assert first.hold() is True  # the leader renews its own lock


def test_a_standby_takes_over_when_the_leader_stops(client):
    first, second = BeatLeaderLock(client, 30), BeatLeaderLock(client, 30)
    assert first.hold()
    first.release()
    assert second.hold() is True
    assert first.hold() is False


def test_a_dead_leaders_lock_expires(client):
    first, second = BeatLeaderLock(client, 1), BeatLeaderLock(client, 1)
    assert first.hold()
    client.pexpire(LOCK_KEY, 1)  # the leader died: nobody renews
    import time

    time.sleep(0.01)
    assert second.hold() is True


def test_without_redis_the_single_beat_is_the_leader():
    assert BeatLeaderLock(None, 30).hold() is True


def test_an_unreachable_redis_means_not_the_leader():
    lock = BeatLeaderLock(redis.Redis.from_url("redis://127.0.0.1:1/0"), 30)
    assert lock.hold() is False
