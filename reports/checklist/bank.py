"""The default question bank every school starts from, in our own words.

It follows the line-management year half-term by half-term: assess and plan
in the autumn, do through the winter, review in the spring and the summer,
with the themes that come back (the SENDCo's workload and wellbeing, exams
and access arrangements, transition, keeping up with research and policy).
A school rewords, retires, adds and reorders from here (the bank page).
"""

from __future__ import annotations

from typing import NamedTuple

from reports.checklist.models import EvidenceKey as E
from reports.checklist.models import HalfTermChoice as H
from reports.checklist.models import Section as S


class DefaultQuestion(NamedTuple):
    half_term: int
    section: str
    text: str
    evidence: str = ""


DEFAULT_QUESTIONS: list[DefaultQuestion] = [
    # Autumn 1: where do we stand, and what is the plan for the year?
    DefaultQuestion(
        H.AUTUMN_1,
        S.ASSESS,
        "What did last summer's results show for pupils with SEND? How wide is the gap to "
        "their classmates, and does it look different for SEN support and EHC plans, for "
        "pupils also eligible for the pupil premium, or from one subject to another?",
    ),
    DefaultQuestion(
        H.AUTUMN_1,
        S.ASSESS,
        "Which pupils read a year and a half or more below their age, and what has a closer "
        "diagnostic look told us about why?",
    ),
    DefaultQuestion(
        H.AUTUMN_1,
        S.ASSESS,
        "Apart from attainment, which screening or survey results (attitudes to learning, "
        "cognitive tests) give us a starting point for this year's support?",
    ),
    DefaultQuestion(
        H.AUTUMN_1,
        S.ASSESS,
        "When someone is worried about a pupil, is the way from that worry to an assessment "
        "clear to staff, and what came of the concerns raised so far?",
        E.CONCERNS,
    ),
    DefaultQuestion(
        H.AUTUMN_1,
        S.ASSESS,
        "Do we know what our teaching assistants are skilled and confident in, and where they "
        "need training?",
    ),
    DefaultQuestion(
        H.AUTUMN_1,
        S.ASSESS,
        "How are pupils who join us during the year screened, and does that feed into the "
        "SEND process?",
    ),
    DefaultQuestion(
        H.AUTUMN_1,
        S.PLAN,
        "After this round of assessment, is the register up to date, and does every pupil on "
        "it have a one-page profile that is still current?",
        E.PROFILES,
    ),
    DefaultQuestion(
        H.AUTUMN_1,
        S.PLAN,
        "Could any teacher or teaching assistant tell us which learners with SEND they teach, "
        "where their profiles are, what they are expected to do with them, and how to raise "
        "a worry about a pupil?",
    ),
    DefaultQuestion(
        H.AUTUMN_1,
        S.PLAN,
        "How will teaching assistants be deployed and trained this year, and which structured "
        "interventions will run?",
    ),
    DefaultQuestion(
        H.AUTUMN_1,
        S.PLAN,
        "What are the SEND team's few priorities for the year, how do they tie in with the "
        "school's improvement plan and training programme, and how will staff hear about them?",
    ),
    DefaultQuestion(
        H.AUTUMN_1,
        S.PLAN,
        "Are the year's key dates in the SEND calendar and the school diary (support meetings, "
        "annual reviews, three rounds of profile reviews, department reviews, events and "
        "workshops for families, intervention review points, reports to governors and senior "
        "leaders, Year 6 transition, access arrangement testing), and have families been told "
        "the ones that concern them?",
        E.DATES,
    ),
    DefaultQuestion(
        H.AUTUMN_1,
        S.PLAN,
        "When were the SEND policy, the SEN information report and the accessibility plan last "
        "looked at, and is any of them due for review?",
    ),
    DefaultQuestion(
        H.AUTUMN_1,
        S.EXAMS,
        "Has every pupil sitting exams this year been checked for access arrangements?",
        E.ARRANGEMENTS,
    ),
    # Autumn 2: is the plan happening?
    DefaultQuestion(
        H.AUTUMN_2,
        S.DO,
        "Are the planned interventions running? Do the pupils in them know what they are "
        "working towards and for how long, and is each one on the provision map and on the "
        "pupil's profile?",
    ),
    DefaultQuestion(
        H.AUTUMN_2,
        S.DO,
        "Have the autumn profile reviews been held, and are any reviews overdue?",
        E.REVIEWS,
    ),
    DefaultQuestion(
        H.AUTUMN_2,
        S.DO,
        "How often do teachers and teaching assistants plan together, and what tells us it is "
        "happening?",
    ),
    DefaultQuestion(
        H.AUTUMN_2,
        S.DO,
        "Are teaching assistants coached regularly, and what difference is it making?",
    ),
    DefaultQuestion(
        H.AUTUMN_2,
        S.DO,
        "Which learning walks and department reviews has the SENDCo joined this half-term, "
        "what did they find, and what happens next?",
        E.WALKS,
    ),
    DefaultQuestion(
        H.AUTUMN_2,
        S.DO,
        "Does the training programme respond to what coaching and learning walks are showing?",
    ),
    DefaultQuestion(
        H.AUTUMN_2,
        S.DO,
        "Do pupil support meetings work from evidence rather than impressions, and is what "
        "they agree followed up?",
    ),
    DefaultQuestion(
        H.AUTUMN_2,
        S.DO,
        "Are new concerns from staff reaching a decision without delay?",
        E.CONCERNS,
    ),
    DefaultQuestion(
        H.AUTUMN_2,
        S.EXAMS,
        "Is the evidence in place for every candidate with an access arrangement?",
        E.ARRANGEMENTS,
    ),
    DefaultQuestion(
        H.AUTUMN_2,
        S.EXAMS,
        "Is the plan for access arrangements in the exam season ready: the rooming and "
        "timetable, invigilators' training, how extra-time rooms are run and how scripts go "
        "back to departments, and have staff been told?",
    ),
    DefaultQuestion(
        H.AUTUMN_2,
        S.WELLBEING,
        "How are you, in yourself and in the job? Is the balance between the day-to-day "
        "demands and the strategic work one you can keep up?",
    ),
    DefaultQuestion(
        H.AUTUMN_2,
        S.WELLBEING,
        "Do you have the time, resources and expertise the role needs, and what support or "
        "training would help most?",
    ),
    # Spring 1: what is working?
    DefaultQuestion(
        H.SPRING_1,
        S.REVIEW,
        "For the interventions that have finished, were exit measures taken, and how does the "
        "progress they show compare with the pupils' wider results?",
        E.EXIT_MEASURES,
    ),
    DefaultQuestion(
        H.SPRING_1,
        S.REVIEW,
        "Do pupils leave an intervention once it has done its job, and are staff, pupils and "
        "families told what worked and how it carries over into lessons?",
    ),
    DefaultQuestion(
        H.SPRING_1,
        S.REVIEW,
        "What does the latest attainment data say? Who now keeps pace with their peers and "
        "could leave the register, and who needs a closer diagnostic look?",
        E.PROFILES,
    ),
    DefaultQuestion(
        H.SPRING_1,
        S.REVIEW,
        "In which subjects or classes are pupils with SEND doing less well, and is the SENDCo "
        "meeting those heads of department?",
    ),
    DefaultQuestion(
        H.SPRING_1,
        S.REVIEW,
        "What themes are coming out of coaching with teachers and teaching assistants, and how "
        "are we acting on them?",
    ),
    DefaultQuestion(
        H.SPRING_1,
        S.REVIEW,
        "Have profile reviews now been held in every year group?",
        E.REVIEWS,
    ),
    DefaultQuestion(
        H.SPRING_1,
        S.TRANSITION,
        "Have the Year 11 annual reviews taken place, each with the pupil's next destination "
        "written down?",
        E.DATES,
    ),
    DefaultQuestion(
        H.SPRING_1,
        S.TRANSITION,
        "Have we answered every request from the local authority about next year's placements?",
    ),
    DefaultQuestion(
        H.SPRING_1,
        S.RESEARCH,
        "Are we both up to date with changes in the law, national guidance and local policy, "
        "and with recent research on what works, and does any of it call for training?",
    ),
    # Spring 2: next year's candidates and the next intake.
    DefaultQuestion(
        H.SPRING_2,
        S.EXAMS,
        "Have Year 10 pupils been assessed for the access arrangements they will need next year?",
        E.ARRANGEMENTS,
    ),
    DefaultQuestion(
        H.SPRING_2,
        S.EXAMS,
        "Is the folder for the exams inspection ready, with each candidate's evidence form and "
        "the papers behind it?",
    ),
    DefaultQuestion(
        H.SPRING_2,
        S.TRANSITION,
        "Which Year 6 reviews and information visits for next year's intake will the SENDCo "
        "go to, and when?",
        E.DATES,
    ),
    DefaultQuestion(
        H.SPRING_2,
        S.TRANSITION,
        "What extra visits and days are planned for the incoming pupils who will find the "
        "move hardest?",
    ),
    DefaultQuestion(
        H.SPRING_2,
        S.DO,
        "Has the second round of profile reviews started, and are profiles used beyond lessons "
        "(for example by heads of year when a pupil comes back after an absence)?",
        E.REVIEWS,
    ),
    DefaultQuestion(
        H.SPRING_2,
        S.DO,
        "Are learning walks, coaching for teaching assistants and visits to interventions still "
        "going on, and what has changed because of them?",
        E.WALKS,
    ),
    DefaultQuestion(
        H.SPRING_2,
        S.DO,
        "Have governors and senior leaders seen this year's SEND figures and the action plan?",
    ),
    DefaultQuestion(
        H.SPRING_2,
        S.WELLBEING,
        "How are you, and how is the workload this term? What would make the most difference?",
    ),
    DefaultQuestion(
        H.SPRING_2,
        S.WELLBEING,
        "Where would you like your career to go next, and what would help you get there?",
    ),
    DefaultQuestion(
        H.SPRING_2,
        S.WELLBEING,
        "If someone in the SEND team left, teaching assistants included, who would step in?",
    ),
    # Summer 1: the exam season, and keeping the routines going.
    DefaultQuestion(
        H.SUMMER_1,
        S.EXAMS,
        "Is everything ready for the exam season: the inspection folder, the rooms, and the "
        "readers, scribes and prompters?",
        E.ARRANGEMENTS,
    ),
    DefaultQuestion(
        H.SUMMER_1,
        S.DO,
        "Are the spring profile reviews complete?",
        E.REVIEWS,
    ),
    DefaultQuestion(
        H.SUMMER_1,
        S.DO,
        "Are teachers and teaching assistants still planning together regularly, and is the "
        "coaching still going on?",
    ),
    DefaultQuestion(
        H.SUMMER_1,
        S.DO,
        "What have this half-term's learning walks and department reviews found?",
        E.WALKS,
    ),
    DefaultQuestion(
        H.SUMMER_1,
        S.DO,
        "Are support meetings and the route for staff's concerns still working well?",
        E.CONCERNS,
    ),
    # Summer 2: the year in review, and next year.
    DefaultQuestion(
        H.SUMMER_2,
        S.DO,
        "Have the last profile reviews of the year been held?",
        E.REVIEWS,
    ),
    DefaultQuestion(
        H.SUMMER_2,
        S.EXAMS,
        "What did the exams inspection find, and is anything left to put right?",
    ),
    DefaultQuestion(
        H.SUMMER_2,
        S.TRANSITION,
        "Have the transition days and meetings for new pupils happened, and what have they "
        "told us for September?",
    ),
    DefaultQuestion(
        H.SUMMER_2,
        S.REVIEW,
        "What did this year's interventions achieve between entry and exit, and which are "
        "worth running again?",
        E.EXIT_MEASURES,
    ),
    DefaultQuestion(
        H.SUMMER_2,
        S.REVIEW,
        "Looking back over the year's data, who is ready to leave the register, and who needs "
        "further assessment?",
        E.PROFILES,
    ),
    DefaultQuestion(
        H.SUMMER_2,
        S.REVIEW,
        "What should next year's SEND priorities be, in the light of all this?",
    ),
    DefaultQuestion(
        H.SUMMER_2,
        S.RESEARCH,
        "What reading, research or training from this year should shape how we work next year?",
    ),
    # Every half-term.
    DefaultQuestion(
        H.EVERY,
        S.DO,
        "Are any staff concerns about pupils still waiting for a decision?",
        E.CONCERNS,
    ),
    DefaultQuestion(
        H.EVERY,
        S.REVIEW,
        "Which statutory deadlines fall before we next meet (annual reviews, plan amendments, "
        "needs assessment decisions), and are any at risk?",
        E.DATES,
    ),
    DefaultQuestion(
        H.EVERY,
        S.WELLBEING,
        "What took most of your time since we last met, and what could I take off your desk "
        "or protect time for, so that you can get into classrooms and think ahead?",
    ),
]
