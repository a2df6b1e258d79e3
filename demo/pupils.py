"""Demo pupils, their needs and teaching groups, for `manage.py seed_demo`."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from demo.names import person_name
from demo.schools import DemoStaff
from demo.spec import SchoolSpec
from pupils.models import NeedType, Pupil, PupilNeed, SenStatus, SenStatusChange, TeachingGroup
from pupils.upn import make_upn
from schools.models import School

YEAR_GROUPS = range(7, 12)
SET_SUBJECTS = ["English", "Maths", "Science"]  # taught in sets across the year
FORM_SUBJECTS = ["History", "Geography", "French", "Computing", "Art", "PE"]  # taught by form
SUBJECT_CODES = {
    "English": "En",
    "Maths": "Ma",
    "Science": "Sc",
    "History": "Hi",
    "Geography": "Gg",
    "French": "Fr",
    "Computing": "Co",
    "Art": "Ar",
    "PE": "Pe",
}
# Roughly the national mix of primary needs in secondary schools.
NEED_WEIGHTS: list[tuple[str, int]] = [
    (NeedType.SEMH, 24),
    (NeedType.SPLD, 18),
    (NeedType.ASD, 17),
    (NeedType.SLCN, 13),
    (NeedType.MLD, 12),
    (NeedType.OTH, 4),
    (NeedType.HI, 3),
    (NeedType.VI, 2),
    (NeedType.PD, 3),
    (NeedType.NSA, 3),
    (NeedType.MSI, 1),
]
LA_CODE = "873"


def _school_year_start(today: date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def _pick_need(rng: random.Random, exclude: str = "") -> str:
    needs = [(n, w) for n, w in NEED_WEIGHTS if n != exclude]
    return rng.choices([n for n, _ in needs], weights=[w for _, w in needs])[0]


def _pupil_rows(spec: SchoolSpec, rng: random.Random, today: date) -> list[dict]:
    start = _school_year_start(today)
    rows = []
    serial = 0
    for year in YEAR_GROUPS:
        # Year 7 in the school year starting September Y were born Sep Y-12 to Aug Y-11.
        born_from = date(start - year - 5, 9, 1)
        allocated = str(start - year + 4)[-2:]  # the year the pupil started school
        for form in spec.forms:
            for _ in range(spec.per_form):
                serial += 1
                first, last = person_name(rng)
                roll = rng.random()
                status = (
                    SenStatus.EHC_PLAN
                    if roll < 0.03
                    else SenStatus.SUPPORT
                    if roll < 0.185
                    else SenStatus.NONE
                )
                needs: list[str] = []
                if status != SenStatus.NONE:
                    needs.append(_pick_need(rng))
                    if rng.random() < 0.3:
                        needs.append(_pick_need(rng, exclude=needs[0]))
                rows.append(
                    {
                        "mis_id": f"{spec.mis_prefix}{serial:05d}",
                        "upn": make_upn(
                            f"{LA_CODE}{spec.establishment}{allocated}{serial % 1000:03d}"
                        ),
                        "legal_first_name": first,
                        "legal_last_name": last,
                        "preferred_name": first[:3]
                        if rng.random() < 0.05 and len(first) > 4
                        else "",
                        "date_of_birth": born_from + timedelta(days=rng.randrange(365)),
                        "year_group": year,
                        "form": f"{year}{form}",
                        "pupil_premium": rng.random() < 0.25,
                        "eal": rng.random() < 0.15,
                        "looked_after": rng.random() < 0.01,
                        "sen_status": status,
                        "primary_need": needs[0] if needs else "",
                        "needs": needs,
                        "added_on": min(
                            date(start - rng.randrange(0, year - 5), 9, 1)
                            + timedelta(days=rng.randrange(200)),
                            today,
                        ),
                    }
                )
    return rows


def seed_pupils(school: School, staff: DemoStaff, rng: random.Random, today: date) -> None:
    rows = _pupil_rows(staff.spec, rng, today)
    existing = set(Pupil.objects.filter(school=school).values_list("mis_id", flat=True))
    Pupil.objects.bulk_create(
        [
            Pupil(
                school=school,
                **{k: v for k, v in row.items() if k not in {"needs", "added_on"}},
            )
            for row in rows
            if row["mis_id"] not in existing
        ],
        batch_size=500,
    )
    pupils = {p.mis_id: p for p in Pupil.objects.filter(school=school)}
    new_rows = [row for row in rows if row["mis_id"] not in existing]
    PupilNeed.objects.bulk_create(
        [
            PupilNeed(pupil=pupils[row["mis_id"]], need=need, rank=rank)
            for row in new_rows
            for rank, need in enumerate(row["needs"], start=1)
        ],
        batch_size=500,
    )
    history = [change for row in new_rows for change in _history(pupils[row["mis_id"]], row, today)]
    SenStatusChange.objects.bulk_create(history, batch_size=500)
    _seed_groups(school, staff, rng, list(pupils.values()))


def _history(pupil: Pupil, row: dict[str, Any], today: date) -> list[SenStatusChange]:
    """The pupil's place on the register over time, ending at their status now.

    Most were added once (and those with a plan moved to it later). A few
    pupils not on the register now were on it for a while, and a few at SEN
    support had a plan that ended, so that the register shows movement off it
    and from E to K in this school year and the last. A generator of the
    pupil's own keeps the main one's sequence (names, statuses) unchanged."""
    rng = random.Random(f"history-{row['mis_id']}")
    status, need, added = row["sen_status"], row["primary_need"], row["added_on"]
    start = _school_year_start(today)
    last_year = date(start - 1, 9, 1)
    added_year = _school_year_start(added)
    if row["year_group"] == min(YEAR_GROUPS) and added_year < start:
        added = min(date(start, 9, 1) + (added - date(added_year, 9, 1)), today)  # on joining
    elif rng.random() < 0.15:
        # Some are added late in the year, after the summer term's reviews.
        late = date(added_year + 1, 4, 20) + timedelta(days=rng.randrange(80))
        added = late if late < today else added

    def change(
        from_status: str, to_status: str, on: date, note: str, *, need: str
    ) -> SenStatusChange:
        return SenStatusChange(
            pupil=pupil,
            from_status=from_status,
            to_status=to_status,
            changed_on=min(on, today),
            primary_need=need,
            note=note,
        )

    if status == SenStatus.NONE:
        if rng.random() >= 0.05 or row["year_group"] == min(YEAR_GROUPS):
            return []  # (Year 7 have not been here a year)
        # On SEN support for a time, then off it once the support had worked.
        was = _pick_need(rng)
        on = last_year + timedelta(days=rng.randrange(200))
        off = on + timedelta(days=rng.randrange(90, 400))
        if off >= today:
            off = today - timedelta(days=rng.randrange(1, 60))
        if off <= on:
            on = off - timedelta(days=120)
        return [
            change(
                SenStatus.NONE, SenStatus.SUPPORT, on, "Added after a concern from staff.", need=was
            ),
            change(
                SenStatus.SUPPORT,
                SenStatus.NONE,
                off,
                "Removed: making expected progress without extra support.",
                need=was,
            ),
        ]
    if status == SenStatus.SUPPORT:
        steps = [
            change(
                SenStatus.NONE,
                SenStatus.SUPPORT,
                added,
                "Added after assessment by the SENDCo.",
                need=need,
            )
        ]
        if rng.random() < 0.03 and added < today - timedelta(days=200):
            # A plan that the local authority later ceased.
            issued = added + timedelta(days=rng.randrange(30, 90))
            ceased = max(
                issued + timedelta(days=90), last_year + timedelta(days=rng.randrange(400))
            )
            if ceased < today:
                steps.append(
                    change(
                        SenStatus.SUPPORT,
                        SenStatus.EHC_PLAN,
                        issued,
                        "EHC plan issued by the local authority.",
                        need=need,
                    )
                )
                steps.append(
                    change(
                        SenStatus.EHC_PLAN,
                        SenStatus.SUPPORT,
                        ceased,
                        "EHC plan ceased after the annual review; support continues.",
                        need=need,
                    )
                )
        return steps
    return [
        change(
            SenStatus.NONE,
            SenStatus.SUPPORT,
            added,
            "Added at transition from primary school.",
            need=need,
        ),
        # never in the future, even for a Year 7 added this year
        change(
            SenStatus.SUPPORT,
            SenStatus.EHC_PLAN,
            added + timedelta(days=300),
            "EHC plan issued by the local authority.",
            need=need,
        ),
    ]


def _seed_groups(school: School, staff: DemoStaff, rng: random.Random, pupils: list[Pupil]) -> None:
    by_form: dict[str, list[Pupil]] = {}
    for pupil in sorted(pupils, key=lambda p: p.mis_id):
        by_form.setdefault(pupil.form, []).append(pupil)
    plan: list[tuple[str, str, int, list[Pupil]]] = []  # code, subject, year, pupils
    for year in YEAR_GROUPS:
        forms = staff.spec.forms
        year_pupils = [p for form in forms for p in by_form.get(f"{year}{form}", [])]
        for subject in SET_SUBJECTS:
            # Sets mix the forms: deal pupils out by a per-subject shuffle.
            shuffled = year_pupils[:]
            random.Random(f"{year}{subject}").shuffle(shuffled)
            size = len(shuffled) // len(forms)
            for n in range(len(forms)):
                members = shuffled[n * size : (n + 1) * size]
                plan.append((f"{year}{SUBJECT_CODES[subject]}{n + 1}", subject, year, members))
        for subject in FORM_SUBJECTS:
            for form in forms:
                code = f"{year}{form}/{SUBJECT_CODES[subject]}"
                plan.append((code, subject, year, by_form.get(f"{year}{form}", [])))

    existing = set(TeachingGroup.objects.filter(school=school).values_list("code", flat=True))
    TeachingGroup.objects.bulk_create(
        [
            TeachingGroup(
                school=school, code=code, subject=subject, year_group=year, mis_id=f"G-{code}"
            )
            for code, subject, year, _ in plan
            if code not in existing
        ]
    )
    groups = {g.code: g for g in TeachingGroup.objects.filter(school=school)}
    new_codes = {code for code, *_ in plan} - existing
    teacher_links: list[Any] = []
    ta_links: list[Any] = []
    pupil_links: list[Any] = []
    next_teacher: dict[str, int] = {}
    for code, subject, _year, members in plan:
        teachers = staff.teachers_by_department[subject]
        index = next_teacher.get(subject, 0)
        next_teacher[subject] = index + 1
        if code not in new_codes:
            continue
        group = groups[code]
        teacher_links.append(
            TeachingGroup.teachers.through(
                teachinggroup=group, user=teachers[index % len(teachers)]
            )
        )
        pupil_links.extend(
            TeachingGroup.pupils.through(teachinggroup=group, pupil=p) for p in members
        )
        # Teaching assistants support the core sets with the most needs.
        if subject in SET_SUBJECTS and rng.random() < 0.35:
            ta = staff.teaching_assistants[rng.randrange(len(staff.teaching_assistants))]
            ta_links.append(TeachingGroup.teaching_assistants.through(teachinggroup=group, user=ta))
    TeachingGroup.teachers.through.objects.bulk_create(teacher_links, ignore_conflicts=True)
    TeachingGroup.teaching_assistants.through.objects.bulk_create(ta_links, ignore_conflicts=True)
    TeachingGroup.pupils.through.objects.bulk_create(
        pupil_links, batch_size=1000, ignore_conflicts=True
    )


def seed_other_school(school: School, rng: random.Random, today: date) -> None:
    """A small primary school, so that cross-school access can be seen."""
    if Pupil.objects.filter(school=school).exists():
        return
    start = _school_year_start(today)
    pupils = []
    for n in range(1, 41):
        first, last = person_name(rng)
        year = 5 + n % 2
        status = SenStatus.SUPPORT if n % 6 == 0 else SenStatus.NONE
        pupils.append(
            Pupil(
                school=school,
                mis_id=f"BPS{n:04d}",
                upn=make_upn(f"873200{start - year + 4 - 2000:02d}{n:04d}"[:12]),
                legal_first_name=first,
                legal_last_name=last,
                date_of_birth=date(start - year - 5, 9, 1) + timedelta(days=rng.randrange(365)),
                year_group=year,
                form=f"{year}B",
                sen_status=status,
                primary_need=NeedType.SPLD if status != SenStatus.NONE else "",
            )
        )
    Pupil.objects.bulk_create(pupils)
    group, _ = TeachingGroup.objects.get_or_create(
        school=school, code="6B", defaults={"subject": "Class 6B", "year_group": 6}
    )
    group.pupils.add(*Pupil.objects.filter(school=school, year_group=6))
