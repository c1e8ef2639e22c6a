from typing import Any

from auditlog.registry import auditlog
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from .models import Court, User


@receiver(post_migrate)
def create_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Runs once per app; the last app's signal sees every permission.
    from .services import roles_sync

    roles_sync()


# Audit: who changed users, their roles (groups) and courts, and when.
auditlog.register(User, m2m_fields={"groups"}, exclude_fields=["password", "last_login"])
auditlog.register(Court)
