"""Roles of the system (IS-4.6, IS-13) as Django groups, and what each may do.

A role's group name is its code. Permissions are assigned here in one place and
synchronised after every migrate, so a fresh database always has every role.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LISTENER = "listener", _("Listener")
    LECTURER = "lecturer", _("Lecturer")
    METHODOLOGIST = "methodologist", _("Methodologist (study department)")
    RECTOR = "rector", _("Rector")
    VICE_RECTOR = "vice_rector", _("Vice-rector")
    SEC_DIRECTOR = "sec_director", _("SEC director")
    EXAM_COMMISSION_MEMBER = "exam_commission_member", _("Exam commission member")
    APPEALS_CHAIR = "appeals_chair", _("Appeals commission chair")
    APPEALS_MEMBER = "appeals_member", _("Appeals commission member")
    APPEALS_SECRETARY = "appeals_secretary", _("Appeals commission secretary")
    CANDIDATE = "candidate", _("Qualification candidate")
    LIBRARIAN = "librarian", _("Librarian")
    READER = "reader", _("Reader")
    CONTENT_EDITOR = "content_editor", _("Content editor")
    COURT_ADMINISTRATION = "court_administration", _("Court Administration liaison")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose holders must confirm a TOTP code at every login.
ROLES_WITHOUT_REQUIRED_2FA = frozenset({Role.LISTENER, Role.CANDIDATE, Role.READER})
STAFF_ROLES = frozenset(Role) - ROLES_WITHOUT_REQUIRED_2FA

# Roles that verify self-registered accounts (the "responsible unit" of IS-13).
VERIFYING_ROLES = frozenset({Role.METHODOLOGIST, Role.ADMINISTRATOR})

# "app_label.codename" permissions per role; apps add theirs as they are built.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMINISTRATOR: [
        "accounts.verify_user",
        "accounts.assign_roles",
        "accounts.view_user",
        "accounts.change_user",
        "accounts.view_court",
        "accounts.add_court",
        "accounts.change_court",
        "accounts.view_region",
        "accounts.add_region",
        "accounts.change_region",
        "auditlog.view_logentry",
        # The website's admin (/cms/): the authorised person who approves (academy.website).
        "wagtailadmin.access_admin",
        "simple_translation.submit_translation",
    ],
    Role.METHODOLOGIST: ["accounts.verify_user", "accounts.view_user", "accounts.view_court"],
    Role.COURT_ADMINISTRATION: ["accounts.view_court"],
    # The website's admin (/cms/); page and media permissions: academy/website/setup.py.
    Role.CONTENT_EDITOR: ["wagtailadmin.access_admin", "simple_translation.submit_translation"],
}

# Administrators keep the back office: every permission of these apps is theirs.
ADMINISTRATOR_APP_LABELS = ("accounts", "core", "training", "exams", "appeals", "api", "secevents")

# Roles that may enter the Django admin for back-office data entry.
ADMIN_SITE_ROLES = frozenset({Role.ADMINISTRATOR})
