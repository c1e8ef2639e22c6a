"""Users, their organisations (courts) and regions."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.core.iin import validate_iin
from academy.core.validators import check_dates, past_date

from .roles import STAFF_ROLES, Role


class Region(models.Model):
    """An oblys or a city of republican significance."""

    class Kind(models.TextChoices):
        OBLYS = "oblys", _("Region")
        CITY = "city", _("City of republican significance")

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OBLYS)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Court(models.Model):
    """A court or other organisation a user works in."""

    class Level(models.TextChoices):
        SUPREME = "supreme", _("Supreme Court")
        CASSATION = "cassation", _("Court of Cassation")
        REGIONAL = "regional", _("Regional or equivalent court")
        DISTRICT = "district", _("District or equivalent court")
        SPECIALISED = "specialised", _("Specialised court")
        OTHER = "other", _("Other organisation")

    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courts",
    )

    class Meta:
        verbose_name = _("court")
        verbose_name_plural = _("courts")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, iin: str, password: str | None, **extra: object) -> "User":
        if not iin:
            raise ValueError("An IIN is required")
        email = extra.pop("email", "") or ""
        user = self.model(iin=iin, email=self.normalize_email(str(email)), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, iin: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(iin, password, **extra)

    def create_superuser(self, iin: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True, account_verified=True)
        return self._create_user(iin, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: listener, lecturer, candidate, staff member or reader."""

    class Category(models.TextChoices):
        JUDGE = "judge", _("Judge")
        COURT_STAFF = "court_staff", _("Court staff")
        OTHER = "other", _("Other")

    class StaffSubcategory(models.TextChoices):
        # TR-17: staff groups are formed by these sub-categories.
        HEAD_OF_ADMINISTRATOR = "head", _("Head of the court administrator")
        DEPUTY_HEAD = "deputy", _("Deputy head of the court administrator")
        SPECIALIST = "specialist", _("Specialist (incl. court session secretary)")
        BAILIFF = "bailiff", _("Bailiff")

    class Specialisation(models.TextChoices):
        # TR-17: form of proceedings or specialised court.
        CIVIL = "civil", _("Civil proceedings")
        CRIMINAL = "criminal", _("Criminal proceedings")
        ADMINISTRATIVE = "administrative", _("Administrative proceedings")
        ADMINISTRATIVE_TORT = "administrative_tort", _("Administrative-tort proceedings")
        ECONOMIC = "economic", _("Economic court")
        INVESTIGATIVE = "investigative", _("Investigative court")
        JUVENILE = "juvenile", _("Juvenile court")

    class Language(models.TextChoices):
        KK = "kk", "Қазақша"
        RU = "ru", "Русский"
        EN = "en", "English"

    iin = models.CharField(
        _("IIN"),
        max_length=12,
        unique=True,
        validators=[validate_iin],
        help_text=_("Individual identification number, 12 digits."),
        error_messages={"unique": _("A user with this IIN already exists.")},
    )
    surname = models.CharField(_("surname"), max_length=100)
    first_name = models.CharField(_("name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.KK
    )
    court = models.ForeignKey(
        Court,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    staff_subcategory = models.CharField(
        _("staff sub-category"), max_length=20, choices=StaffSubcategory.choices, blank=True
    )
    specialisation = models.CharField(
        _("specialisation"), max_length=30, choices=Specialisation.choices, blank=True
    )
    date_appointed_judge = models.DateField(_("date appointed judge"), null=True, blank=True)

    account_verified = models.BooleanField(
        _("account verified"),
        default=False,
        help_text=_("Unverified accounts can do nothing until the responsible unit verifies them."),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "self",
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("Whether the user may log into the back-office admin site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "iin"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["surname", "first_name", "email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["surname", "first_name"]
        permissions = [
            ("verify_user", _("Can verify self-registered users")),
            ("assign_roles", _("Can assign roles to users")),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=_("A user with this e-mail already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.iin

    def clean(self) -> None:
        super().clean()
        check_dates(self, date_appointed_judge=past_date)

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_roles", args=[self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.first_name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.surname} {initials}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.short_name

    @property
    def role_codes(self) -> frozenset[str]:
        """The user's role codes, cached per instance (one query)."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.groups.values_list("name", flat=True))
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    @property
    def requires_two_factor(self) -> bool:
        return self.is_superuser or self.is_staff or bool(self.role_codes & STAFF_ROLES)

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(code).label) for code in sorted(self.role_codes) if code in Role.values]
