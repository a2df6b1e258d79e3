from __future__ import annotations

from typing import TYPE_CHECKING, Any

from audit.models import ChangeRecord

if TYPE_CHECKING:
    from django.http import HttpRequest

    from schools.models import School, User

# Keys that may never be written to a record's details: they would copy
# special category data into a log read by people who may not see it.
FORBIDDEN_DETAIL_KEYS = frozenset({"note", "text", "sen_status", "needs", "primary_need"})


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_change(
    *,
    school: School,
    actor: User | None,
    kind: str,
    target_user: User | None = None,
    target: str = "",
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> ChangeRecord:
    """Append one record of a change to the school's record of changes."""
    details = details or {}
    forbidden = FORBIDDEN_DETAIL_KEYS & details.keys()
    if forbidden:
        raise ValueError(f"A change record never holds {', '.join(sorted(forbidden))}.")
    if not target and target_user is not None:
        target = target_user.display_name
    return ChangeRecord.objects.create(
        school=school,
        actor=actor,
        kind=kind,
        target_user=target_user,
        target=target[:200],
        details=details,
        ip=client_ip(request),
    )
