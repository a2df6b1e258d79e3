"""The teacher's walk notes: new ones first on "My classes", all of them on
their own page, and a note stays new until the teacher opens it."""

from __future__ import annotations

from django.urls import reverse

from feedback.models import Feedback
from feedback.tests.conftest import completed, released
from tests.factories import make_visit, make_walk

MY_CLASSES = reverse("pupils:my_classes")
WALK_NOTES = reverse("feedback:walk_notes")


def _note_url(note: Feedback) -> str:
    return reverse("feedback:note", kwargs={"pk": note.pk})


def test_opening_a_note_marks_it_read_once(client, cast, setup) -> None:
    note = released(completed(setup.visit, cast.sendco))
    assert note.read_at is None
    client.force_login(cast.teacher)
    assert client.get(_note_url(note)).status_code == 200
    note.refresh_from_db()
    first = note.read_at
    assert first is not None
    client.get(_note_url(note))
    note.refresh_from_db()
    assert note.read_at == first


def test_the_sendco_reading_the_draft_does_not_mark_it_read(client, cast, setup) -> None:
    note = released(completed(setup.visit, cast.sendco))
    client.force_login(cast.sendco)
    client.get(reverse("feedback:draft", kwargs={"observation_pk": note.observation_id}))
    note.refresh_from_db()
    assert note.read_at is None


def test_new_notes_are_at_the_top_of_my_classes_with_a_badge(client, cast, setup) -> None:
    note = released(completed(setup.visit, cast.sendco))
    client.force_login(cast.teacher)
    text = client.get(MY_CLASSES).content.decode()
    assert "1 new</span>" in text
    assert text.index(_note_url(note)) < text.index("Casey Visited")
    client.get(_note_url(note))
    text = client.get(MY_CLASSES).content.decode()
    assert _note_url(note) not in text  # opened: no longer new
    assert "No new walk notes." in text and "new</span>" not in text


def test_the_walk_notes_page_lists_all_newest_first(client, cast, setup) -> None:
    older = released(completed(setup.visit, cast.sendco))
    walk = make_walk(cast.school, observers=[cast.sendco])
    newer = released(completed(make_visit(walk, cast.group, teacher=cast.teacher), cast.sendco))
    other = released(completed(setup.visit2, cast.sendco))  # teacher2's
    client.force_login(cast.teacher)
    client.get(_note_url(older))
    text = client.get(WALK_NOTES).content.decode()
    assert text.index(_note_url(newer)) < text.index(_note_url(older))
    assert _note_url(other) not in text
    assert "opened" in text and "<strong>new</strong>" in text


def test_walk_notes_are_in_the_teachers_menu_only(client, cast) -> None:
    client.force_login(cast.teacher)
    assert f'href="{WALK_NOTES}"' in client.get(reverse("walks:upcoming")).content.decode()
    for user in (cast.ta, cast.sendco, cast.governor):
        client.force_login(user)
        assert f'href="{WALK_NOTES}"' not in client.get(reverse("walks:upcoming")).content.decode()
        assert client.get(WALK_NOTES).status_code == 404
