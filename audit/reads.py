"""The audit of reading, written by the lookups rather than by views.

Models that hold a pupil's record or an observation use
``ReadAuditedQuerySet`` as their default manager and say, with ``ReadAs``,
whose record one of their rows is. Every queryset built on them (the
access lookups, related managers such as ``group.pupils``, prefetches)
notes the rows it returns each time it is evaluated into model instances.
Counts, ``exists()``, aggregates, ``values()`` and querysets used as
subqueries return no record and note nothing.

What is noted goes into the reading context of the moment:

- in a request, ``ReadAuditMiddleware`` holds one, and writes its reads in a
  single insert once the response is ready (who, which school, IP, URL name
  and path), one row per record, however often the page read it; a redirect
  or a server error shows nothing and writes nothing;
- outside a request (tasks, management commands) nothing is written unless
  the code says whose reading it is with ``reading_as(actor=..., page=...)``.

``.iterator()`` streams rows past the cache and is not audited: a form's
list of choices uses it, and a name in a picker is not a record read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.db.models.query import ModelIterable
from django.utils import timezone

from audit.models import RecordRead
from audit.services import client_ip

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from schools.models import User

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class ReadAs:
    """Whose record a row is: ``kind`` and the attribute holding its id."""

    kind: str
    id_field: str = "pk"
    part: str = ""


@dataclass
class ReadingContext:
    """Reads noted while one page (or one explicit actor) is at work."""

    request: HttpRequest | None = None
    actor: User | None = None
    school_id: int | None = None
    page: str = ""
    noted: dict[tuple[str, int], str] = field(default_factory=dict)
    written: set[tuple[str, int]] = field(default_factory=set)

    def note(self, kind: str, record_id: int, part: str) -> None:
        key = (kind, record_id)
        if key not in self.written:
            self.noted.setdefault(key, part)

    def _who(self) -> tuple[User | None, int | None]:
        actor = self.actor
        if actor is None and self.request is not None:
            actor = getattr(self.request, "user", None)
        if actor is None or not actor.is_authenticated:
            return None, None
        return actor, self.school_id or getattr(actor, "school_id", None)

    def flush(self) -> int:
        """Write what was noted since the last flush, in one insert; the number of rows."""
        if not self.noted:
            return 0
        actor, school_id = self._who()
        noted, self.noted = self.noted, {}
        if school_id is None:
            return 0
        page, path, ip = self.page, "", None
        if self.request is not None:
            match = getattr(self.request, "resolver_match", None)
            page = page or (match.view_name if match else "")
            path = self.request.path
            ip = client_ip(self.request)
        now = timezone.now()
        RecordRead.objects.bulk_create(
            RecordRead(
                school_id=school_id,
                actor=actor,
                kind=kind,
                record_id=record_id,
                part=part[:60],
                page=page[:100],
                path=path[:200],
                ip=ip,
                read_at=now,
            )
            for (kind, record_id), part in noted.items()
        )
        self.written.update(noted)
        return len(noted)


_context: ContextVar[ReadingContext | None] = ContextVar("sendit_reading", default=None)


def reads_noted(model: type[models.Model], objects: Iterable[models.Model]) -> None:
    """Note that ``objects`` of ``model`` were read (nothing happens outside a context)."""
    context = _context.get()
    read_as: ReadAs | None = getattr(model, "read_as", None)
    if context is None or read_as is None:
        return
    part = read_as.part or str(model._meta.verbose_name)
    for obj in objects:
        record_id = getattr(obj, read_as.id_field)
        if record_id is not None:
            context.note(read_as.kind, int(record_id), part)


class ReadAuditedQuerySet(models.QuerySet[M]):
    """A queryset whose evaluation into model instances is a read of those records."""

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._iterable_class is ModelIterable and self._result_cache:
            reads_noted(self.model, self._result_cache)


@contextmanager
def reading_as(
    *, actor: User | None, page: str, school_id: int | None = None
) -> Iterator[ReadingContext]:
    """Record reads outside a request as ``actor``'s (a command, a task); written on exit."""
    context = ReadingContext(actor=actor, school_id=school_id, page=page)
    token = _context.set(context)
    try:
        yield context
        context.flush()
    finally:
        _context.reset(token)


class ReadAuditMiddleware:
    """Holds the reading context of a request and writes its reads once the page is ready."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = ReadingContext(request=request)
        token = _context.set(context)
        try:
            response = self.get_response(request)
            # A redirect shows no record and a server error shows nothing; a
            # page shown with a 4xx (a form with errors, a conflict) does.
            if response.status_code < 300 or 400 <= response.status_code < 500:
                context.flush()
            return response
        finally:
            _context.reset(token)
