from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from pupils.models import ProfileTarget, PupilProfile, Strategy
from tests.factories import make_profile


def _edit(pupil) -> str:
    return reverse("pupils:profile_edit", args=[pupil.pk])


def _lines(prefix: str, lines: list[tuple[int | None, str, int | str, bool]], extra: int = 2):
    """POST data for one list: (id, text, position, remove) per line, then empty lines."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(lines) + extra),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for line in lines if line[0])),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, (pk, text, position, remove) in enumerate(lines):
        data |= {f"{prefix}-{i}-id": pk or "", f"{prefix}-{i}-text": text}
        data[f"{prefix}-{i}-ORDER"] = position
        if remove:
            data[f"{prefix}-{i}-DELETE"] = "on"
    for i in range(len(lines), len(lines) + extra):
        data |= {f"{prefix}-{i}-id": "", f"{prefix}-{i}-text": "", f"{prefix}-{i}-ORDER": ""}
    return data


def _post(client, pupil, *, version, about="About", strengths="Strong", strategies=(), targets=()):
    data = {"about_me": about, "strengths": strengths, "version": version}
    data |= _lines("strategies", list(strategies))
    data |= _lines("targets", list(targets))
    return client.post(_edit(pupil), data)


def _active(model, profile) -> list[str]:
    return list(
        model.objects.filter(profile=profile, is_active=True)
        .order_by("position")
        .values_list("text", flat=True)
    )


def test_form_shows_the_current_profile(cast, client) -> None:
    profile = make_profile(cast.pupil, strategies=["Chunk the task"], targets=["Read aloud"])
    client.force_login(cast.sendco)
    response = client.get(_edit(cast.pupil))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'value="Chunk the task"' in text
    assert 'value="Read aloud"' in text
    assert f'name="version" value="{profile.version}"' in text
    assert text.count("<h1") == 1


def test_first_save_creates_the_profile(cast, client) -> None:
    client.force_login(cast.sendco)
    response = _post(
        client,
        cast.pupil,
        version=0,
        about="I love maps",
        strategies=[
            (None, "Use a timer for tasks", 1, False),
            (None, "Seat by the door", 2, False),
        ],
        targets=[(None, "Write three sentences unaided", 1, False)],
    )
    assert response.status_code == 302
    profile = PupilProfile.objects.get(pupil=cast.pupil)
    assert profile.about_me == "I love maps"
    assert profile.version == 1
    assert profile.updated_by == cast.sendco
    assert _active(Strategy, profile) == ["Use a timer for tasks", "Seat by the door"]
    assert _active(ProfileTarget, profile) == ["Write three sentences unaided"]


def test_edit_reorder_add_and_remove_lines(cast, client) -> None:
    profile = make_profile(
        cast.pupil, strategies=["First", "Second", "Third"], targets=["Old target"]
    )
    first, second, third = profile.strategies.order_by("position")
    (old_target,) = profile.targets.all()
    client.force_login(cast.sendco)
    response = _post(
        client,
        cast.pupil,
        version=profile.version,
        strategies=[
            (first.pk, "First, reworded", 3, False),
            (second.pk, "Second", 1, False),
            (third.pk, "Third", 2, True),  # removed
            (None, "Brand new", "", False),  # no position: goes last
        ],
        targets=[(old_target.pk, "", 1, False)],  # emptied: removed
    )
    assert response.status_code == 302
    assert _active(Strategy, profile) == ["Second", "First, reworded", "Brand new"]
    # Removed lines are retired, not deleted: walk notes and reviews point at them.
    third.refresh_from_db()
    assert third.is_active is False
    old_target.refresh_from_db()
    assert old_target.is_active is False
    first.refresh_from_db()
    assert first.text == "First, reworded"  # edited in place, same record
    profile.refresh_from_db()
    assert profile.version == 2


def test_a_save_from_an_older_version_is_refused_and_nothing_is_lost(cast, client) -> None:
    profile = make_profile(cast.pupil, strategies=["Original strategy"])
    opened_at = profile.version
    # Someone else saves first.
    client.force_login(cast.sendco)
    _post(
        client,
        cast.pupil,
        version=opened_at,
        about="Their about me",
        strategies=[(profile.strategies.get().pk, "Their strategy", 1, False)],
    )
    profile.refresh_from_db()
    assert profile.version == opened_at + 1
    # Our save, based on the version we opened, must not overwrite theirs.
    response = _post(
        client,
        cast.pupil,
        version=opened_at,
        about="My about me",
        strategies=[(None, "My new strategy", 1, False)],
    )
    text = response.content.decode()
    assert response.status_code == 409
    assert "This profile was saved somewhere else since you opened it" in text
    assert "Their about me" in text and "Their strategy" in text  # the saved version
    assert "My about me" in text and 'value="My new strategy"' in text  # ours, kept
    assert f'name="version" value="{profile.version}"' in text  # a second save is deliberate
    profile.refresh_from_db()
    assert profile.about_me == "Their about me"
    assert _active(Strategy, profile) == ["Their strategy"]
    # Saving again, now from the version shown, replaces it.
    response = _post(
        client,
        cast.pupil,
        version=profile.version,
        about="My about me",
        strategies=[(None, "My new strategy", 1, False)],
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.about_me == "My about me"
    assert _active(Strategy, profile) == ["My new strategy"]


def test_a_first_save_after_someone_elses_first_save_conflicts(cast, client) -> None:
    client.force_login(cast.sendco)
    assert _post(client, cast.pupil, version=0, about="One").status_code == 302
    response = _post(client, cast.pupil, version=0, about="Two")
    assert response.status_code == 409
    assert PupilProfile.objects.get(pupil=cast.pupil).about_me == "One"


def test_too_long_a_strategy_is_explained_and_kept(cast, client) -> None:
    client.force_login(cast.sendco)
    long = "x" * 301
    response = _post(client, cast.pupil, version=0, strategies=[(None, long, 1, False)])
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Strategy 1: Ensure this value has at most 300 characters" in text
    assert f'value="{long}"' in text
    assert not PupilProfile.objects.exists()


def test_edit_needs_sign_in(cast, client) -> None:
    response = client.get(_edit(cast.pupil))
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("role", ["slt", "teacher", "ta", "governor", "school_admin"])
def test_only_the_sendco_edits(cast, client, role) -> None:
    client.force_login(getattr(cast, role))
    assert client.get(_edit(cast.pupil)).status_code == 404
    assert _post(client, cast.pupil, version=0, about="Nope").status_code == 404
    assert not PupilProfile.objects.exists()


def test_other_school_sendco_gets_404(cast, client) -> None:
    client.force_login(cast.other_sendco)
    assert client.get(_edit(cast.pupil)).status_code == 404


# Printable profile ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["sendco", "slt", "teacher", "ta"])
def test_printable_profile(cast, client, role) -> None:
    make_profile(cast.pupil, strategies=["Use a visual timetable"], targets=["Read daily"])
    client.force_login(getattr(cast, role))
    response = client.get(reverse("pupils:profile_print", args=[cast.pupil.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Use a visual timetable" in text and "Read daily" in text
    assert "print-profile" in text
    assert cast.pupil.upn not in text


@pytest.mark.parametrize("who", ["teacher2", "governor", "other_sendco"])
def test_printable_profile_is_404_for_others(cast, client, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(reverse("pupils:profile_print", args=[cast.pupil.pk])).status_code == 404


def _shown(text: str) -> list[str]:
    """The strategy texts in the order the page shows them."""
    return re.findall(r'name="strategies-\d+-text" id="[^"]+" value="([^"]*)"', text)


def test_without_javascript_move_up_comes_back_reordered_and_nothing_is_lost(cast, client) -> None:
    profile = make_profile(cast.pupil, strategies=["First", "Second", "Third"])
    first, second, third = profile.strategies.order_by("position")
    client.force_login(cast.sendco)
    data = {"about_me": "Typed but not saved", "strengths": "Strong", "version": profile.version}
    data |= _lines(
        "strategies",
        [
            (first.pk, "First", 1, False),
            (second.pk, "Second", 2, False),
            (third.pk, "Third, edited", 3, False),
        ],
        extra=1,
    )
    data |= _lines("targets", [])
    response = client.post(_edit(cast.pupil), data | {"move": "strategies-2:up"})
    text = response.content.decode()
    assert response.status_code == 200
    assert _shown(text) == ["First", "Third, edited", "Second", ""]
    assert "Third, edited moved up to position 2 of 4." in text
    assert "Typed but not saved" in text
    assert 'aria-label="Move Third, edited up"' in text
    assert PupilProfile.objects.get(pk=profile.pk).version == profile.version  # nothing saved yet

    # The page sent back, saved as it is: the order shown is the order kept.
    again = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', text))
    for name, value in re.findall(
        r'name="((?:strategies|targets)-\d+-text)" id="[^"]+" value="([^"]*)"', text
    ):
        again[name] = value
    again |= {"about_me": "Typed but not saved", "strengths": "Strong"}
    assert client.post(_edit(cast.pupil), again).status_code == 302
    assert _active(Strategy, profile) == ["First", "Third, edited", "Second"]


def test_without_javascript_move_down_of_the_last_line_changes_nothing(cast, client) -> None:
    profile = make_profile(cast.pupil, strategies=["First", "Second"])
    first, second = profile.strategies.order_by("position")
    client.force_login(cast.sendco)
    data = {"about_me": "", "strengths": "", "version": profile.version}
    data |= _lines(
        "strategies", [(first.pk, "First", 1, False), (second.pk, "Second", 2, False)], extra=0
    )
    data |= _lines("targets", [])
    response = client.post(_edit(cast.pupil), data | {"move": "strategies-1:down"})
    assert _shown(response.content.decode()) == ["First", "Second"]


def test_without_javascript_add_another_gives_one_more_blank_line(cast, client) -> None:
    client.force_login(cast.sendco)
    response = client.get(_edit(cast.pupil))
    assert _shown(response.content.decode()) == [""]  # one blank line to start
    assert "Add another strategy" in response.content.decode()
    data = {"about_me": "Kept", "strengths": "", "version": 0}
    data |= _lines("strategies", [(None, "Typed one", "", False)], extra=0)
    data |= _lines("targets", [])
    response = client.post(_edit(cast.pupil), data | {"add": "strategies"})
    text = response.content.decode()
    assert response.status_code == 200
    assert _shown(text) == ["Typed one", ""]
    assert 'name="strategies-TOTAL_FORMS" value="2"' in text
    assert "Strategy 2 added" in text
    assert not PupilProfile.objects.exists()


def test_the_line_buttons_are_named_for_their_line(cast, client) -> None:
    make_profile(cast.pupil, strategies=["Sit near the door"], targets=["Read aloud"])
    client.force_login(cast.sendco)
    text = client.get(_edit(cast.pupil)).content.decode()
    assert 'aria-label="Move Sit near the door up"' in text
    assert 'aria-label="Move Read aloud down"' in text
    assert 'aria-label="Move strategy 2 down"' in text  # the blank line
    assert "<script>" not in text and "style=" not in text
