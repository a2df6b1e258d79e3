from __future__ import annotations

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


# Which boolean field holds each role. Flags rather than a join table: every
# request asks "which roles has this user", and flags answer it with no query.
ROLE_FIELDS: dict[str, str] = {
    Role.SENDCO: "is_sendco",
    Role.SLT: "is_slt",
    Role.TEACHER: "is_teacher",
    Role.TA: "is_ta",
    Role.GOVERNOR: "is_governor",
    Role.SCHOOL_ADMIN: "is_school_admin",
}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

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


class User(AbstractUser):
    """A member of a school's staff (or a governor), signing in by email."""

    username = None
    email = models.EmailField("email address", unique=True)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="staff", null=True, blank=True
    )
    title = models.CharField(max_length=20, blank=True, help_text="Mr, Ms, Dr…")
    department = models.CharField(max_length=80, blank=True)
    staff_code = models.CharField(
        max_length=12, blank=True, help_text="Initials or code used in the school's MIS"
    )
    mis_id = models.CharField("MIS id", max_length=40, blank=True)
    is_sendco = models.BooleanField("SENDCo", default=False)
    is_slt = models.BooleanField("senior leader", default=False)
    is_teacher = models.BooleanField("teacher", default=False)
    is_ta = models.BooleanField("teaching assistant", default=False)
    is_governor = models.BooleanField("governor", default=False)
    is_school_admin = models.BooleanField("school admin", default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "mis_id"],
                condition=~models.Q(mis_id=""),
                name="unique_staff_mis_id_per_school",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.email

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

    def deactivate(self) -> None:
        self.is_active = False
        self.save(update_fields=["is_active"])

    def reactivate(self) -> None:
        self.is_active = True
        self.save(update_fields=["is_active"])


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
                fields=["user", "role"],
                condition=models.Q(status="pending"),
                name="one_pending_grant_per_user_and_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} for {self.user} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def confirm(self, *, by: User) -> None:
        self.status = self.Status.CONFIRMED
        self.decided_by = by
        self.decided_at = timezone.now()
        self.save(update_fields=["status", "decided_by", "decided_at"])

    def decline(self, *, by: User) -> None:
        self.status = self.Status.DECLINED
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
