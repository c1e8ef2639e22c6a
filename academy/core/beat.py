"""Celery beat with a single-instance lock: two beat processes never both send.

Run one beat per machine for failover; each tick, a beat sends the due tasks only while it
holds the Redis lock `academy:beat:leader` (SET NX with an expiry, renewed by its holder).
When the leader dies, its lock expires after BEAT_LEADER_LOCK_SECONDS and another beat takes
over. Without Redis (the embedded default) there is one process and it is the leader.
"""

import logging
import os
import socket
import uuid
from typing import Any

import redis
from celery.beat import PersistentScheduler
from django.conf import settings

LOCK_KEY = "academy:beat:leader"
logger = logging.getLogger(__name__)

# Renew only a lock we still hold (compare and extend atomically).
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""


class BeatLeaderLock:
    """The lock a beat must hold to send: acquire or renew it in one call per tick."""

    def __init__(self, client: redis.Redis | None, seconds: int) -> None:
        self.client = client
        self.milliseconds = seconds * 1000
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"

    @classmethod
    def from_settings(cls) -> "BeatLeaderLock":
        url = settings.REDIS_URL
        client = redis.Redis.from_url(url, socket_timeout=5) if url else None
        return cls(client, settings.BEAT_LEADER_LOCK_SECONDS)

    def hold(self) -> bool:
        """True while this process is the leader; a Redis error means "not the leader"."""
        if self.client is None:
            return True
        try:
            if self.client.eval(_RENEW, 1, LOCK_KEY, self.token, self.milliseconds):
                return True
            return bool(self.client.set(LOCK_KEY, self.token, nx=True, px=self.milliseconds))
        except redis.RedisError:
            logger.warning("beat: Redis unreachable, not sending until the lock is held")
            return False

    def release(self) -> None:
        if self.client is None:
            return
        try:
            if self.client.get(LOCK_KEY) == self.token.encode():
                self.client.delete(LOCK_KEY)
        except redis.RedisError:
            pass


class LeaderScheduler(PersistentScheduler):
    """PersistentScheduler that sends only while holding the leader lock."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.leader_lock = BeatLeaderLock.from_settings()
        self.was_leader = False
        super().__init__(*args, **kwargs)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        leader = self.leader_lock.hold()
        if leader != self.was_leader:
            logger.info("beat: %s", "leader now, sending" if leader else "standby")
            self.was_leader = leader
        if not leader:
            # Check again well before the leader's lock could expire.
            return max(1.0, self.leader_lock.milliseconds / 3000)
        interval = super().tick(*args, **kwargs)
        return min(interval, self.leader_lock.milliseconds / 3000)

    def close(self) -> None:
        self.leader_lock.release()
        super().close()
