from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone


class School(models.Model):
    """The owner of every record. A deployment may host several (a trust)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    urn = models.CharField(
        "URN", max_length=12, blank=True, help_text="DfE unique reference number"
    )
    phase = models.CharField(max_length=40, default="secondary")
    # Learning-walk settings the school's policy fixes (DESIGN.md, "The learning walk").
    max_observers = models.PositiveSmallIntegerField(
        default=2, help_text="Most observers on one walk at a time."
    )
    yearly_observation_limit = models.PositiveSmallIntegerField(
        default=3,
        help_text="Observations of one teacher in a school year before a reason is needed.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SENDCO = "sendco", "SENDCo"
    SLT = "slt", "Senior leader"
    TEACHER = "teacher", "Teacher"
    TA = "ta", "Teaching assistant"
    GOVERNOR = "governor", "Governor"
    SCHOOL_ADMIN = "school_admin", "School admin"


# Which boolean field of a Membership holds each role. Flags rather than a join
# table: every request asks "which roles has this user here", and the active
# membership, read once per request, answers it with no further query.
ROLE_FIELDS: dict[str, str] = {
    Role.SENDCO: "is_sendco",
    Role.SLT: "is_slt",
    Role.TEACHER: "is_teacher",
    Role.TA: "is_ta",
    Role.GOVERNOR: "is_governor",
    Role.SCHOOL_ADMIN: "is_school_admin",
}


class UserQuerySet(models.QuerySet["User"]):
    def in_school(self, school: School | int, *roles: str, active: bool = True) -> UserQuerySet:
        """People with a membership in ``school`` (an active one unless
        ``active`` is False) holding any of ``roles`` there (any role when none
        are given). One subquery, so no person appears twice."""
        school_id = school.pk if isinstance(school, School) else school
        memberships = Membership.objects.filter(school_id=school_id)
        if active:
            memberships = memberships.filter(is_active=True)
        if roles:
            held = models.Q()
            for role in roles:
                held |= models.Q(**{ROLE_FIELDS[role]: True})
            memberships = memberships.filter(held)
        return self.filter(pk__in=memberships.values("user_id"))

    def with_membership_in(self, school: School | int) -> UserQuerySet:
        """Like ``in_school(active=False)``, and each person's ``membership``
        is their membership in that school (for staff pages, which show a
        colleague's roles here, not in the reader's other schools)."""
        school_id = school.pk if isinstance(school, School) else school
        return self.in_school(school_id, active=False).prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=Membership.objects.filter(school_id=school_id).select_related("school"),
                to_attr="_memberships_here",
            )
        )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def in_school(self, school: School | int, *roles: str, active: bool = True) -> UserQuerySet:
        return self.get_queryset().in_school(school, *roles, active=active)

    def with_membership_in(self, school: School | int) -> UserQuerySet:
        return self.get_queryset().with_membership_in(school)

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


def _role_property(role: str) -> property:
    def held(user: User) -> bool:
        return user.has_role(role)

    return property(held, doc=f"Whether the active membership holds {role}.")


class User(AbstractUser):
    """A person signing in by email: a member of staff (or a governor) of one
    or more schools of this deployment.

    Which schools and which roles live on ``Membership``, never here. A
    request works in one school: ``schools.middleware.ActiveSchoolMiddleware``
    reads the active membership once (one query, school included) and sets
    ``user.membership``; ``school``, ``school_id``, ``roles``, ``has_role`` and
    the ``is_sendco``-style flags are read-only views of it, so access code
    asks "what may this person do *here*" without another query.

    Outside a request (tests, the shell) ``membership`` falls back to the
    person's only active membership; someone with several gets none (and so
    sees nothing) until a school is chosen with ``work_in``. Tasks and
    commands always name the school (``work_in``), never rely on a default.
    """

    # Signs in by email: AbstractUser's username field is removed (the stubs
    # know it only as a str), and the manager creates users by email, not the
    # username-first one AbstractUser declares.
    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    title = models.CharField(max_length=20, blank=True, help_text="Mr, Ms, Dr…")
    department = models.CharField(max_length=80, blank=True)
    staff_code = models.CharField(
        max_length=12, blank=True, help_text="Initials or code used in the school's MIS"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.email

    # The active membership ----------------------------------------------------------------------

    @property
    def membership(self) -> Membership | None:
        if "_membership" not in self.__dict__:
            # Prefetched by ``with_membership_in``: the membership in that school.
            here = self.__dict__.get("_memberships_here")
            self.__dict__["_membership"] = (
                self._sole_membership() if here is None else (here[0] if here else None)
            )
        return self.__dict__["_membership"]

    @membership.setter
    def membership(self, value: Membership | None) -> None:
        self.__dict__["_membership"] = value

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        """Reread the active membership too (same school), so role changes
        made meanwhile show."""
        super().refresh_from_db(*args, **kwargs)
        membership = self.__dict__.pop("_membership", None)
        self.__dict__.pop("_memberships_here", None)
        if membership is not None:
            self.membership = (
                Membership.objects.filter(pk=membership.pk).select_related("school").first()
            )

    def _sole_membership(self) -> Membership | None:
        if self.pk is None:
            return None
        found = list(self.memberships.filter(is_active=True).select_related("school")[:2])
        return found[0] if len(found) == 1 else None

    def work_in(self, school: School | int | None) -> Membership | None:
        """Make ``school`` this object's active school, if the person has an
        active membership there (else none: they see nothing)."""
        school_id = school.pk if isinstance(school, School) else school
        found = None
        if self.pk is not None and school_id is not None:
            found = (
                self.memberships.filter(school_id=school_id, is_active=True)
                .select_related("school")
                .first()
            )
        self.membership = found
        return found

    def active_memberships(self) -> models.QuerySet[Membership]:
        return (
            self.memberships.filter(is_active=True)
            .select_related("school")
            .order_by("school__name")
        )

    @property
    def works_here(self) -> bool:
        """Signs in and still works in the school of ``membership`` (staff
        pages: in the reader's school)."""
        return self.is_active and self.membership is not None and self.membership.is_active

    @property
    def school(self) -> School | None:
        return self.membership.school if self.membership else None

    @property
    def school_id(self) -> int | None:
        return self.membership.school_id if self.membership else None

    @property
    def mis_id(self) -> str:
        return self.membership.mis_id if self.membership else ""

    @property
    def roles(self) -> set[str]:
        return self.membership.roles if self.membership else set()

    def has_role(self, *roles: str) -> bool:
        membership = self.membership
        return membership is not None and membership.has_role(*roles)

    @property
    def role_labels(self) -> list[str]:
        return self.membership.role_labels if self.membership else []

    is_sendco = _role_property(Role.SENDCO)
    is_slt = _role_property(Role.SLT)
    is_teacher = _role_property(Role.TEACHER)
    is_ta = _role_property(Role.TA)
    is_governor = _role_property(Role.GOVERNOR)
    is_school_admin = _role_property(Role.SCHOOL_ADMIN)

    def deactivate(self) -> None:
        self.is_active = False
        self.save(update_fields=["is_active"])

    def reactivate(self) -> None:
        self.is_active = True
        self.save(update_fields=["is_active"])


class Membership(models.Model):
    """A person's place in one school: their roles there, and whether they
    still work there. Unique per person and school. Leaving one school ends
    this membership (``is_active`` off); the account itself is deactivated
    only when no active membership is left."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="memberships")
    mis_id = models.CharField("MIS id", max_length=40, blank=True)
    is_sendco = models.BooleanField("SENDCo", default=False)
    is_slt = models.BooleanField("senior leader", default=False)
    is_teacher = models.BooleanField("teacher", default=False)
    is_ta = models.BooleanField("teaching assistant", default=False)
    is_governor = models.BooleanField("governor", default=False)
    is_school_admin = models.BooleanField("school admin", default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="one_membership_per_school"),
            models.UniqueConstraint(
                fields=["school", "mis_id"],
                condition=~models.Q(mis_id=""),
                name="unique_staff_mis_id_per_school",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.school_id}"

    @property
    def roles(self) -> set[str]:
        return {role for role, field in ROLE_FIELDS.items() if getattr(self, field)}

    def has_role(self, *roles: str) -> bool:
        return any(getattr(self, ROLE_FIELDS[role]) for role in roles)

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in ROLE_FIELDS if role in self.roles]

    def set_role(self, role: str, held: bool) -> None:
        setattr(self, ROLE_FIELDS[role], held)
        self.save(update_fields=[ROLE_FIELDS[role]])


def memberships_here(lookup: str, school: School | int) -> models.Prefetch:
    """Prefetch each ``lookup`` person's membership in ``school`` so that their
    ``role_labels`` on a list page cost one query in all, not one a row
    (e.g. ``.prefetch_related(memberships_here("viewer", school_id))``)."""
    school_id = school.pk if isinstance(school, School) else school
    return models.Prefetch(
        f"{lookup}__memberships",
        queryset=Membership.objects.filter(school_id=school_id).select_related("school"),
        to_attr="_memberships_here",
    )


# The roles that open pupils' special category data: given only when a second
# person who already holds one of them confirms (DESIGN.md, "Staff and roles").
PUPIL_DATA_ROLES: tuple[str, ...] = (Role.SENDCO, Role.SLT)


class RoleGrant(models.Model):
    """A request to give someone a pupil-data role, waiting for a second person."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="role_grants")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=[(r, Role(r).label) for r in PUPIL_DATA_ROLES])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="role_grants_requested"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="role_grants_decided"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "role"],
                condition=models.Q(status="pending"),
                name="one_pending_grant_per_user_school_and_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} for {self.user} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def decide(self, *, confirmed: bool, by: User) -> None:
        self.status = self.Status.CONFIRMED if confirmed else self.Status.DECLINED
        self.decided_by = by
        self.decided_at = timezone.now()
        self.save(update_fields=["status", "decided_by", "decided_at"])


class BackgroundJob(models.Model):
    """Status of work done by a Celery worker, kept on our own model.

    Reports and imports create one, queue a task with its id, and the page
    polls it; the broker is never asked about progress.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    def mark_running(self, *, worker: str) -> None:
        self.status = self.Status.RUNNING
        self.started_at = timezone.now()
        self.worker = worker
        self.save(update_fields=["status", "started_at", "worker"])

    def mark_done(self, *, message: str = "") -> None:
        self.status = self.Status.DONE
        self.finished_at = timezone.now()
        self.message = message
        self.save(update_fields=["status", "finished_at", "message"])


# Term dates ---------------------------------------------------------------------------------------
# The school admin keeps them; every app reads them through schools.terms
# (never these models directly), which also supplies the usual England dates
# for a year the school has not entered.


class HalfTermName(models.TextChoices):
    """The six half-terms, in their order in the year."""

    AUTUMN_1 = "autumn_1", "Autumn 1"
    AUTUMN_2 = "autumn_2", "Autumn 2"
    SPRING_1 = "spring_1", "Spring 1"
    SPRING_2 = "spring_2", "Spring 2"
    SUMMER_1 = "summer_1", "Summer 1"
    SUMMER_2 = "summer_2", "Summer 2"


class SchoolYear(models.Model):
    """One school year's term dates (``start_year`` 2026 is 2026 to 2027):
    six half-terms and the non-teaching days inside them."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="school_years")
    start_year = models.PositiveSmallIntegerField(
        help_text="The calendar year the school year starts in."
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["school", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "start_year"], name="one_year_per_school"),
        ]

    def __str__(self) -> str:
        return f"{self.start_year} to {self.start_year + 1}"


class HalfTermDates(models.Model):
    """The first and last day of one half-term of a school year."""

    year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="half_terms")
    name = models.CharField(max_length=10, choices=HalfTermName.choices)
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day")

    class Meta:
        ordering = ["year", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="one_of_each_half_term"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="half_term_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_name_display()} {self.starts_on:%Y}"


class NonTeachingDay(models.Model):
    """A day inside a half-term with no lessons: INSET (staff training) or a closure."""

    class Kind(models.TextChoices):
        INSET = "inset", "INSET day"
        CLOSURE = "closure", "School closed"

    year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="closures")
    day = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.INSET)
    name = models.CharField(max_length=100, help_text="For example: Staff training, Polling day")

    class Meta:
        ordering = ["year", "day"]
        constraints = [
            models.UniqueConstraint(fields=["year", "day"], name="one_entry_per_non_teaching_day"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.day:%Y-%m-%d})"


class RetentionPolicy(models.Model):
    """How long the school keeps each kind of record (its retention schedule).

    The school admin sets it; the SENDCo reads it. The defaults follow the
    usual guidance for schools in England: a pupil's SEND record is kept
    until their 25th birthday (and at least a year after they left), the
    record of changes and of reading six years. ``schools.retention`` applies
    it once a night and keeps a ``RetentionRun`` of what went."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="retention")
    observation_years = models.PositiveSmallIntegerField(
        "Learning-walk notes: years after the visit",
        default=3,
        help_text="Observations, their feedback and replies are removed this many years "
        "after the visit.",
    )
    leaver_age = models.PositiveSmallIntegerField(
        "Pupils who left: keep their SEND record until they are this age",
        default=25,
        help_text="Then the pupil and their whole SEND record are removed.",
    )
    leaver_years = models.PositiveSmallIntegerField(
        "Pupils who left: and at least this many years after they left",
        default=1,
        help_text="Whichever of the two comes later.",
    )
    read_audit_years = models.PositiveSmallIntegerField(
        "Record of reading: years",
        default=6,
        help_text="Who was shown which record. At least 6 years.",
    )
    change_record_years = models.PositiveSmallIntegerField(
        "Record of changes: years",
        default=6,
        help_text="Who changed which record. At least 6 years.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Retention at {self.school_id}"


class RetentionRun(models.Model):
    """One application of the school's retention schedule: when, by whom (the
    nightly schedule, a command or a person) and how many rows of each kind
    went. Counts only: never what the rows said."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "The nightly schedule"
        COMMAND = "command", "A command on the server"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="retention_runs")
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    run_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_on = models.DateField(help_text="The day the periods were counted from")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # {kind key: rows removed}, every kind listed (0 when nothing was past its period).
    removed = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["school", "-started_at"])]

    def __str__(self) -> str:
        return f"Retention run {self.applied_on} at {self.school_id}"

    @property
    def total(self) -> int:
        return sum(int(n) for n in self.removed.values())

    @property
    def lines(self) -> list[tuple[str, int]]:
        """(what the kind is called, rows removed), as the retention page lists them."""
        from schools.retention import kind_label

        return [(kind_label(key), int(count)) for key, count in self.removed.items()]


class UserSession(models.Model):
    """One signed-in browser of a person, for "Your signed-in devices".

    Made when the person signs in and kept up to date by
    ``schools.sessions.SessionLimitsMiddleware`` (at most once a minute); the
    session itself lives in Django's session store, and a row whose session
    has ended there is not shown (and is dropped). ``session_key`` is the
    store's own key (the store keeps it as it is too): it is what ends the
    session from another device. ``user_agent`` is what the browser sent,
    cut short; the page shows only a summary of it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)
    user_agent = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen", "-id"]
        indexes = [models.Index(fields=["user", "-last_seen"])]

    def __str__(self) -> str:
        return f"{self.user} since {self.signed_in_at:%Y-%m-%d %H:%M}"
