"""The term the provision pages (grid, costs, impact) are shown for, in the school's
own term dates (schools.terms)."""

from __future__ import annotations

from datetime import date, timedelta

from schools.terms import Term, latest_term, school_terms, term_param, terms_of_year
from sendit.lib.access import AuthedRequest, school_id_of
from sendit.lib.dates import school_year_start


def provision_term(request: AuthedRequest, *, today: date, ended: bool = False) -> Term:
    """The term ``?term=`` names; by default the term today is in (in a holiday, the
    one just ended). With ``ended``, the default is the latest term that can have
    anything ended in it: an intervention has ended once its end date has passed,
    so yesterday's (on the first day of a term, the term before)."""
    day = today - timedelta(days=1) if ended else today
    return term_param(request, "term", default=latest_term(school_id_of(request.user), day))


def term_choices(request: AuthedRequest, today: date, chosen: Term) -> list[Term]:
    """Last school year's and this school year's terms, and the chosen one if it is
    neither (a link kept from long ago still shows its term in the list)."""
    terms = school_terms(school_id_of(request.user))
    year = school_year_start(today)
    found = terms_of_year(terms, year - 1) + terms_of_year(terms, year)
    if chosen not in found:
        found.append(chosen)
    return sorted(found, key=lambda term: term.start)
