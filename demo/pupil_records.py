"""Demo one-page profiles and their reviews, for `manage.py seed_demo`.

Every pupil on the demo register gets a profile in plain words: a few lines
about them, strengths, three to five strategies and two or three targets,
built from banks of phrases chosen by their needs. Many have one to three
reviews a term apart, some of them due or overdue, so that the dashboard has
something to show. Idempotent: pupils who already have a profile are left
alone. Each pupil draws from its own generator (seeded from the app's one and
the pupil's MIS id), so the text does not shift when other pupils change.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from datetime import date, timedelta

from django.db.models import Prefetch

from demo.schools import DemoStaff
from pupils.models import (
    NeedType,
    ProfileReview,
    ProfileTarget,
    Pupil,
    PupilNeed,
    PupilProfile,
    SenStatus,
    Strategy,
    TargetOutcome,
)

TERM = timedelta(weeks=13)

LIKES = [
    "drawing comics",
    "football with my cousins",
    "baking with my nan",
    "building things in Minecraft",
    "looking after our dog",
    "swimming",
    "making music on my keyboard",
    "reading about space",
    "dance club",
    "fixing bikes",
    "cooking tea for my family",
    "nature programmes",
    "gymnastics",
    "playing chess",
    "photography",
    "cricket in the summer",
]
WANT_STAFF_TO_KNOW = [
    "I try hard even when it does not look like it.",
    "If I go quiet it usually means I am stuck, not that I am being rude.",
    "I like to know what is happening before the lesson starts.",
    "I would rather be asked privately than in front of the class.",
    "I find busy corridors and loud rooms tiring.",
    "I do my best work when I feel someone believes in me.",
    "Mornings are hard for me; I am better after break.",
    "I like it when teachers use my name and say hello.",
    "Sometimes I need a minute before I can start.",
]
STRENGTHS = [
    "Kind to younger pupils and notices when someone is on their own.",
    "Very creative; comes up with ideas nobody else thought of.",
    "Determined: keeps going with a task once started.",
    "Great memory for facts about the things they love.",
    "Good sense of humour and gets on well with adults.",
    "Confident speaking in small groups.",
    "Careful, neat practical work.",
    "Honest and quick to own up when things go wrong.",
    "Strong visual thinker; good with diagrams and maps.",
    "Loyal friend and a good team member in sport.",
    "Asks thoughtful questions when interested.",
    "Reliable with jobs and responsibilities in class.",
]

# What helps, per census need; secondary needs add one line of their own.
STRATEGIES: dict[str, list[str]] = {
    "SPLD": [
        "Give printed copies of anything on the board.",
        "Use a cream or pale background for handouts.",
        "Allow a word bank or key spellings on the desk.",
        "Do not ask me to read aloud without warning.",
        "Mark the content of my writing, not only the spelling.",
        "Give extra time to copy down homework, or send it online.",
        "Break long texts into short chunks with headings.",
    ],
    "MLD": [
        "Give one instruction at a time and check I have understood.",
        "Show a worked example before I start.",
        "Use pictures or objects alongside new words.",
        "Let me repeat the task back to you in my own words.",
        "Give me a checklist of the steps to tick off.",
        "Revisit last lesson's key words at the start.",
    ],
    "SEMH": [
        "Greet me at the door and give me a calm start.",
        "Let me use my time-out card without questions; I will come back.",
        "Give praise quietly rather than in front of everyone.",
        "Tell me about changes to the usual routine in advance.",
        "Talk to me privately if you need to correct me.",
        "Offer a choice of two tasks so I feel in control.",
        "Seat me away from the door and busy areas.",
    ],
    "ASD": [
        "Give a clear start and end to each task.",
        "Warn me before the lesson changes activity.",
        "Say exactly what you mean; I may take jokes and sayings literally.",
        "Let me sit in the same seat each lesson.",
        "Allow ear defenders during noisy group work.",
        "Give me a role in group work rather than leaving it open.",
        "Write instructions down as well as saying them.",
    ],
    "SLCN": [
        "Use short sentences and pause between instructions.",
        "Pre-teach the key words for a new topic.",
        "Give me time to think before I answer; count to ten.",
        "Show visuals for the main steps of the lesson.",
        "Check understanding by asking me to show, not just say.",
        "Let me rehearse an answer with a partner first.",
    ],
    "HI": [
        "Face me when you speak and do not talk while writing on the board.",
        "Seat me near the front with a clear view of your face.",
        "Use subtitles on every video.",
        "Repeat other pupils' answers before responding.",
        "Check my radio aid is switched on at the start of the lesson.",
    ],
    "VI": [
        "Enlarge handouts to the size on my card.",
        "Send slides before the lesson so I can zoom in.",
        "Say aloud what you write or point to on the board.",
        "Keep my route to the door clear of bags.",
        "Use thick dark pens, not pale colours, on the board.",
    ],
    "PD": [
        "Let me leave a few minutes early to avoid the crowds.",
        "Keep a clear space for my chair at the desk.",
        "Allow a laptop for longer writing.",
        "Plan practical work so I can take part safely; ask me what works.",
        "Let me rest my hand during long written tasks.",
    ],
    "MSI": [
        "Use touch and objects to introduce new topics.",
        "Keep the room layout the same where you can.",
        "Work with my support assistant on how to present materials.",
        "Give me extra time to explore resources before the task.",
    ],
    "OTHER": [
        "Check in with me quietly at the start of the lesson.",
        "Give me a clear success checklist for the task.",
        "Let me take a short movement break if I need it.",
        "Tell me what went well before what to improve.",
        "Seat me with a supportive partner.",
    ],
}
TARGETS: dict[str, list[str]] = {
    "SPLD": [
        "Use my spelling strategies to check five key words in each piece of writing.",
        "Plan longer writing with a mind map before starting.",
        "Read a short text and note three main points independently.",
        "Use speech-to-text to draft a paragraph in English.",
    ],
    "MLD": [
        "Follow a three-step instruction without reminders.",
        "Use the class checklist to complete a task independently.",
        "Explain a new key word in my own words by the end of the topic.",
        "Know my times tables to 5 x 10 with quick recall.",
    ],
    "SEMH": [
        "Use my time-out card instead of leaving the room.",
        "Name how I am feeling to a trusted adult when things get hard.",
        "Stay in lessons for the whole period four days out of five.",
        "Accept a correction calmly and carry on with the task.",
    ],
    "ASD": [
        "Cope with a change in routine using my visual timetable.",
        "Take a turn in paired work by speaking and listening.",
        "Ask for help using my help card when stuck.",
        "Move between lessons calmly using the early-leave pass.",
    ],
    "SLCN": [
        "Answer a question in a full sentence using a sentence starter.",
        "Ask a question when I do not understand a word.",
        "Retell the main events of a text in order.",
        "Use five new topic words correctly in talk and writing.",
    ],
    "HI": [
        "Tell the teacher when I have missed something.",
        "Look after my radio aid and hand it over at the start of each lesson.",
        "Join in with group discussion at least once a lesson.",
    ],
    "VI": [
        "Ask for enlarged materials when they are not ready.",
        "Use my magnifier app independently in lessons.",
        "Find my way around the new science block on my own.",
    ],
    "PD": [
        "Use the laptop for all extended writing.",
        "Tell staff when I need a rest break.",
        "Take part in PE with the agreed changes.",
    ],
    "MSI": [
        "Explore new resources with support and say which I prefer.",
        "Use my communication book to make choices in lessons.",
    ],
    "OTHER": [
        "Start tasks within five minutes without reminders.",
        "Hand in homework on time three weeks out of four.",
        "Ask for help when stuck instead of waiting.",
    ],
}
BANK_OF: dict[str, str] = {
    NeedType.SPLD: "SPLD",
    NeedType.MLD: "MLD",
    NeedType.SLD: "MLD",
    NeedType.PMLD: "MLD",
    NeedType.SEMH: "SEMH",
    NeedType.ASD: "ASD",
    NeedType.SLCN: "SLCN",
    NeedType.HI: "HI",
    NeedType.VI: "VI",
    NeedType.MSI: "MSI",
    NeedType.PD: "PD",
    NeedType.OTH: "OTHER",
    NeedType.NSA: "OTHER",
}
REVIEW_NOTES = {
    "assess": [
        "Spoke with {name} and home before the meeting; teachers' comments gathered.",
        "{name}'s teachers report better focus in the mornings than the afternoons.",
        "Recent reading test shows a small gain; confidence in class still low.",
        "Attendance steady. {name} says lessons feel more manageable this term.",
        "Class teachers note {name} is asking for help more often.",
    ],
    "plan": [
        "Keep the current strategies; add a weekly check-in with the form tutor.",
        "New target on independent starts; share the updated profile with all staff.",
        "Continue small-group support and review the seating plan in core subjects.",
        "Agree with home a quiet place to do homework; trial homework club.",
    ],
    "do": [
        "TA support in English twice a week; mentor meets {name} on Fridays.",
        "Form tutor checks the planner daily; SENDCo to brief new staff.",
        "Literacy group three mornings a week for six weeks.",
        "Key worker in the learning support base at lunchtimes.",
    ],
    "review": [
        "Good progress on the main target; {name} feels proud of the change.",
        "Mixed term: strong start, harder after half term. Strategies still helping.",
        "Targets partly met. Staff say the visual prompts make the biggest difference.",
        "{name} has settled well and asks for the help card without prompting.",
    ],
}
OUTCOME_WEIGHTS = [
    (TargetOutcome.Result.MET, 4),
    (TargetOutcome.Result.PARTLY, 4),
    (TargetOutcome.Result.NOT_MET, 2),
]


def _pick(
    rng: random.Random, bank: list[str], k: int, exclude: Collection[str] = frozenset()
) -> list:
    options = [line for line in bank if line not in exclude]
    return rng.sample(options, min(k, len(options)))


def _profile_text(pupil: Pupil, needs: list[str], rng: random.Random) -> dict:
    banks = [BANK_OF.get(need, "OTHER") for need in needs] or ["OTHER"]
    first_like, second_like = _pick(rng, LIKES, 2)
    about = f"I am {pupil.first_name}. I like {first_like} and {second_like}. " + " ".join(
        _pick(rng, WANT_STAFF_TO_KNOW, 2)
    )
    strategies = _pick(rng, STRATEGIES[banks[0]], rng.randint(3, 4))
    for bank in banks[1:]:
        strategies += _pick(rng, STRATEGIES[bank], 1, set(strategies))
    if len(strategies) < 5 and rng.random() < 0.4:
        strategies += _pick(rng, STRATEGIES["OTHER"], 1, set(strategies))
    targets = _pick(rng, TARGETS[banks[0]], rng.randint(2, 3))
    return {
        "about_me": about,
        "strengths": " ".join(_pick(rng, STRENGTHS, rng.randint(2, 3))),
        "strategies": strategies[:5],
        "targets": targets,
    }


def seed_pupil_records(staff: DemoStaff, rng: random.Random, today: date) -> None:
    """Profiles with strategies and targets for the register; reviews for many of them."""
    base = rng.getrandbits(32)
    sendco = staff.named["sendco@demo.test"]
    register = (
        Pupil.objects.filter(school=staff.school)
        .exclude(sen_status=SenStatus.NONE)
        .filter(profile__isnull=True)
        .prefetch_related(
            Prefetch("needs", queryset=PupilNeed.objects.order_by("rank"), to_attr="ranked")
        )
        .order_by("mis_id")
    )
    plans: list[tuple[Pupil, dict, random.Random]] = []
    for pupil in register:
        pupil_rng = random.Random(f"{base}-{pupil.mis_id}")
        needs = [need.need for need in pupil.ranked] or [pupil.primary_need]
        plans.append((pupil, _profile_text(pupil, needs, pupil_rng), pupil_rng))
    if not plans:
        return

    PupilProfile.objects.bulk_create(
        [
            PupilProfile(
                pupil=pupil,
                about_me=text["about_me"],
                strengths=text["strengths"],
                updated_by=sendco,
            )
            for pupil, text, _ in plans
        ],
        batch_size=500,
    )
    profiles = {
        p.pupil_id: p
        for p in PupilProfile.objects.filter(pupil__in=[pupil for pupil, _, _ in plans])
    }
    Strategy.objects.bulk_create(
        [
            Strategy(profile=profiles[pupil.pk], text=line, position=position)
            for pupil, text, _ in plans
            for position, line in enumerate(text["strategies"])
        ],
        batch_size=1000,
    )
    ProfileTarget.objects.bulk_create(
        [
            ProfileTarget(
                profile=profiles[pupil.pk],
                text=line,
                position=position,
                set_on=today - TERM * 3,
            )
            for pupil, text, _ in plans
            for position, line in enumerate(text["targets"])
        ],
        batch_size=1000,
    )
    _seed_reviews(plans, sendco, today)


def _seed_reviews(plans: list, sendco, today: date) -> None:
    reviews: list[ProfileReview] = []
    for pupil, _, rng in plans:
        if rng.random() < 0.25:
            continue  # not reviewed yet: new to the register this year
        count = rng.randint(1, 3)
        # The latest review was up to a term and a bit ago, so some are due or overdue.
        latest = today - timedelta(days=rng.randint(7, 110))
        for n in range(count):
            held_on = latest - TERM * (count - 1 - n)
            reviews.append(
                ProfileReview(
                    pupil=pupil,
                    held_on=held_on,
                    next_review_on=held_on + TERM,
                    recorded_by=sendco,
                    **{
                        part: rng.choice(lines).format(name=pupil.first_name)
                        for part, lines in REVIEW_NOTES.items()
                    },
                )
            )
    ProfileReview.objects.bulk_create(reviews, batch_size=500)
    pupils = [pupil for pupil, _, _ in plans]
    rng_of = {pupil.pk: rng for pupil, _, rng in plans}
    targets_of: dict[int, list[ProfileTarget]] = {}
    for target in ProfileTarget.objects.filter(profile__pupil__in=pupils).select_related("profile"):
        targets_of.setdefault(target.profile.pupil_id, []).append(target)
    results = [result for result, _ in OUTCOME_WEIGHTS]
    weights = [weight for _, weight in OUTCOME_WEIGHTS]
    TargetOutcome.objects.bulk_create(
        [
            TargetOutcome(
                review=review,
                target=target,
                result=rng_of[review.pupil_id].choices(results, weights=weights)[0],
            )
            for review in ProfileReview.objects.filter(pupil__in=pupils).order_by(
                "pupil__mis_id", "held_on"
            )
            for target in sorted(targets_of.get(review.pupil_id, []), key=lambda t: t.position)
        ],
        batch_size=1000,
    )
