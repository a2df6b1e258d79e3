"""Demo pupils, their needs and teaching groups, for `manage.py seed_demo`."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from demo.names import person_name
from demo.schools import DemoStaff
from pupils.models import NeedType, Pupil, PupilNeed, SenStatus, SenStatusChange, TeachingGroup
from pupils.upn import make_upn
from schools.models import School

YEAR_GROUPS = range(7, 12)
FORMS_PER_YEAR = "ABCDEFGH"
PUPILS_PER_FORM = 25
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
ESTABLISHMENT = "4012"


def _school_year_start(today: date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def _pick_need(rng: random.Random, exclude: str = "") -> str:
    needs = [(n, w) for n, w in NEED_WEIGHTS if n != exclude]
    return rng.choices([n for n, _ in needs], weights=[w for _, w in needs])[0]


def _pupil_rows(school: School, rng: random.Random, today: date) -> list[dict]:
    start = _school_year_start(today)
    rows = []
    serial = 0
    for year in YEAR_GROUPS:
        # Year 7 in the school year starting September Y were born Sep Y-12 to Aug Y-11.
        born_from = date(start - year - 5, 9, 1)
        allocated = str(start - year + 4)[-2:]  # the year the pupil started school
        for form in FORMS_PER_YEAR:
            for _ in range(PUPILS_PER_FORM):
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
                        "mis_id": f"NPA{serial:05d}",
                        "upn": make_upn(f"{LA_CODE}{ESTABLISHMENT}{allocated}{serial % 1000:03d}"),
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
    rows = _pupil_rows(school, rng, today)
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
    history = []
    for row in new_rows:
        pupil = pupils[row["mis_id"]]
        if row["sen_status"] == SenStatus.SUPPORT:
            history.append(
                SenStatusChange(
                    pupil=pupil,
                    from_status=SenStatus.NONE,
                    to_status=SenStatus.SUPPORT,
                    changed_on=row["added_on"],
                    note="Added after assessment by the SENDCo.",
                )
            )
        elif row["sen_status"] == SenStatus.EHC_PLAN:
            history.append(
                SenStatusChange(
                    pupil=pupil,
                    from_status=SenStatus.NONE,
                    to_status=SenStatus.SUPPORT,
                    changed_on=row["added_on"],
                    note="Added at transition from primary school.",
                )
            )
            history.append(
                SenStatusChange(
                    pupil=pupil,
                    from_status=SenStatus.SUPPORT,
                    to_status=SenStatus.EHC_PLAN,
                    # never in the future, even for a Year 7 added this year
                    changed_on=min(row["added_on"] + timedelta(days=300), today),
                    note="EHC plan issued by the local authority.",
                )
            )
    SenStatusChange.objects.bulk_create(history, batch_size=500)
    _seed_groups(school, staff, rng, list(pupils.values()))


def _seed_groups(school: School, staff: DemoStaff, rng: random.Random, pupils: list[Pupil]) -> None:
    by_form: dict[str, list[Pupil]] = {}
    for pupil in sorted(pupils, key=lambda p: p.mis_id):
        by_form.setdefault(pupil.form, []).append(pupil)
    plan: list[tuple[str, str, int, list[Pupil]]] = []  # code, subject, year, pupils
    for year in YEAR_GROUPS:
        year_pupils = [p for form in FORMS_PER_YEAR for p in by_form.get(f"{year}{form}", [])]
        for subject in SET_SUBJECTS:
            # Sets mix the forms: deal pupils out by a per-subject shuffle.
            shuffled = year_pupils[:]
            random.Random(f"{year}{subject}").shuffle(shuffled)
            size = len(shuffled) // len(FORMS_PER_YEAR)
            for n in range(len(FORMS_PER_YEAR)):
                members = shuffled[n * size : (n + 1) * size]
                plan.append((f"{year}{SUBJECT_CODES[subject]}{n + 1}", subject, year, members))
        for subject in FORM_SUBJECTS:
            for form in FORMS_PER_YEAR:
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
