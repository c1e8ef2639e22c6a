"""The website's skeleton, review workflow and permissions, set up after every migrate.

- one home page per language (kk first; ru and en as its translations), the IS-14
  sections, the news feed, the events and the documents page under each of them;
- the review workflow (003 ¶8, IS-18): content editors submit, administrators approve;
- page, image and document permissions of the roles' groups (Wagtail keeps them per
  page and per collection, so they live here and not in accounts.roles).
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from academy.portal.models import Section

from . import selectors, services

WORKFLOW_NAME = "Website review"
TASK_NAME = "Approval by an authorised person"

# (slug, model, title in the active language, section)
SKELETON = [
    *[
        (value, "SectionPage", lambda v=value: str(Section(v).label), value)
        for value in Section.values
    ],
    ("news", "NewsIndexPage", lambda: _("News"), ""),
    ("events", "EventIndexPage", lambda: _("Events"), ""),
    ("documents", "DocumentsPage", lambda: _("Legal acts and documents"), ""),
]

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
APPROVER_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "delete_page",
)
EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
APPROVER_COLLECTION_PERMISSIONS = (
    *EDITOR_COLLECTION_PERMISSIONS,
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
)


def _title(code: str, make) -> str:  # type: ignore[no-untyped-def]
    with translation.override(code):
        return str(make())


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _roots() -> None:
    """The tree roots Wagtail's migrations create; a flushed database (tests) has none."""
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
                locale=Locale.get_default(),
            )
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@transaction.atomic
def set_up() -> None:
    services.ensure_locales()
    _roots()
    home = _homes()
    _skeleton(home)
    _permissions()
    _workflow()


def _homes() -> Page:
    from .models import HomePage

    locales = {locale.language_code: locale for locale in services.ensure_locales()}
    codes = services.languages()
    home = HomePage.objects.filter(locale=locales[codes[0]]).first()
    root = Page.get_first_root_node()
    if home is None:
        # Wagtail's own "Welcome" page goes; ours takes its place as the site's root.
        welcome_type = ContentType.objects.get_for_model(Page)
        for welcome in Page.objects.filter(depth=2, content_type=welcome_type):
            welcome.delete()
        root = Page.get_first_root_node()
        home = HomePage(
            title=_title(codes[0], lambda: _("Academy of Justice")),
            slug="home",
            locale=locales[codes[0]],
        )
        root.add_child(instance=home)
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Academy of Justice",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Academy of Justice"
        site.save()
    for code in codes[1:]:
        if not home.get_translations().filter(locale=locales[code]).exists():
            copy = home.copy_for_translation(locales[code])
            copy.title = _title(code, lambda: _("Academy of Justice"))
            copy.save()
            _publish(copy)
    return home


def _skeleton(home: Page) -> None:
    from django.apps import apps

    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    codes = services.languages()
    for slug, model_name, make_title, section in SKELETON:
        model = apps.get_model("website", model_name)
        page = home.get_children().filter(slug=slug).specific().first()
        if page is None:
            page = model(title=_title(codes[0], make_title), slug=slug, show_in_menus=True)
            if section:
                page.section = section
            home.add_child(instance=page)
            _publish(page)
        for code in codes[1:]:
            if page.get_translations().filter(locale=locales[code]).exists():
                continue
            copy = page.copy_for_translation(locales[code])
            copy.title = _title(code, make_title)
            copy.save()
            _publish(copy)


def _groups(roles) -> list[Group]:  # type: ignore[no-untyped-def]
    return [Group.objects.get_or_create(name=role.value)[0] for role in roles]


def _permissions() -> None:
    root = Page.get_first_root_node()
    collection = Collection.get_first_root_node()
    plans = [
        (_groups(selectors.EDITOR_ROLES), EDITOR_PAGE_PERMISSIONS, EDITOR_COLLECTION_PERMISSIONS),
        (
            _groups(selectors.APPROVER_ROLES),
            APPROVER_PAGE_PERMISSIONS,
            APPROVER_COLLECTION_PERMISSIONS,
        ),
    ]
    for groups, page_perms, collection_perms in plans:
        for group in groups:
            for codename in page_perms:
                permission = Permission.objects.filter(
                    content_type__app_label="wagtailcore", codename=codename
                ).first()
                if permission is not None:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root, permission=permission
                    )
            for app_label, codename in collection_perms:
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).first()
                if permission is not None and collection is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=collection, permission=permission
                    )
    # Wagtail's sample groups are not roles of ours.
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()


def _workflow() -> None:
    from .models import WebsiteReviewTask

    task = WebsiteReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = WebsiteReviewTask.objects.create(name=TASK_NAME)
    task.groups.set(_groups(selectors.APPROVER_ROLES))
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.get_first_root_node()
    WorkflowPage.objects.filter(page=root).exclude(workflow=workflow).delete()
    WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})
    Workflow.objects.exclude(pk=workflow.pk).update(active=False)
