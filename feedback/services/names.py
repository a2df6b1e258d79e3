"""Names in shared text: the check that text leaving a pupil's own teachers names nobody."""

from __future__ import annotations

from django.db.models import QuerySet

from feedback.models import Feedback
from pupils.models import Pupil
from schools.models import School, User
from sendit.lib.privacy import PersonName, name_variants, names_in_text


def school_names(*, school: School) -> set[str]:
    """Every way the school's pupils and staff may be written, for the name check
    on text that leaves a pupil's own teachers (sendit.lib.privacy)."""
    people = [
        PersonName(first, last, preferred)
        for first, last, preferred in Pupil.objects.filter(school=school).values_list(
            "legal_first_name", "legal_last_name", "preferred_name"
        )
    ]
    people += [
        PersonName(first, last)
        for first, last in User.objects.in_school(school, active=False).values_list(
            "first_name", "last_name"
        )
    ]
    return name_variants(people)


def shared_text_names(*, school: School, fields: dict[str, str]) -> dict[str, list[str]]:
    """The names found in each field of text about to be shared; empty when clean."""
    names = school_names(school=school)
    found = {name: names_in_text(text, names) for name, text in fields.items()}
    return {name: hits for name, hits in found.items() if hits}


def good_practice_list(*, shared: QuerySet[Feedback], school: School) -> list[Feedback]:
    """Agreed strengths that name nobody: a pupil who joined after the teacher
    agreed may share a name with the text, and the page promises no names."""
    names = school_names(school=school)
    return [
        item
        for item in shared
        if item.shared_strength.strip() and not names_in_text(item.shared_strength, names)
    ]
