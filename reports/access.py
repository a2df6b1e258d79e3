"""Documents scoped to the signed-in user: their school, and the kinds their roles may read."""

from __future__ import annotations

from django.db.models import QuerySet

from reports.models import ReportDocument
from reports.registry import kinds_readable_by
from schools.models import User
from sendit.lib.access import in_school


def documents_for(user: User) -> QuerySet[ReportDocument]:
    """The school's documents of the kinds the user may read (none for everyone else)."""
    kinds = [kind.key for kind in kinds_readable_by(user)]
    return in_school(ReportDocument.objects.all(), user).filter(kind__in=kinds)
