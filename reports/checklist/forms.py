from __future__ import annotations

from typing import Any

from django import forms

from reports.checklist.models import ChecklistQuestion, EvidenceKey, HalfTermChoice, Section
from schools.models import User
from sendit.lib.forms import DateInput, VersionField


class AnswerForm(forms.Form):
    version = VersionField()
    answer = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionForm(forms.Form):
    """An agreed action; the owner is one of the school's staff.

    ``owners`` (id -> person) is read once for the whole page, however many
    actions it shows; an owner who has since left stays a choice of their
    own action.
    """

    version = VersionField(required=False)
    text = forms.CharField(label="Action", max_length=400)
    owner = forms.ChoiceField(label="Who", required=False)
    due_on = forms.DateField(label="Due by", required=False, widget=DateInput())
    done = forms.BooleanField(label="Done", required=False)

    def __init__(
        self, *args: Any, owners: dict[int, User], current: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.owners = dict(owners)
        if current is not None:
            self.owners.setdefault(current.pk, current)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)
        owner.choices = [("", "Not decided yet")] + [
            (str(pk), person.display_name) for pk, person in self.owners.items()
        ]

    def clean_owner(self) -> User | None:
        raw = self.cleaned_data.get("owner") or ""
        return self.owners.get(int(raw)) if raw else None


class QuestionForm(forms.Form):
    version = VersionField(required=False)
    text = forms.CharField(
        label="Question", max_length=600, widget=forms.Textarea(attrs={"rows": 3})
    )
    half_term = forms.TypedChoiceField(
        label="Half-term", choices=HalfTermChoice.choices, coerce=int
    )
    section = forms.ChoiceField(label="Part of the year's work", choices=Section.choices)
    evidence = forms.ChoiceField(
        label="Evidence shown next to it",
        choices=EvidenceKey.choices,
        required=False,
        help_text="Figures and links the data already gives for this question.",
    )

    @classmethod
    def for_question(cls, question: ChecklistQuestion) -> QuestionForm:
        return cls(
            initial={
                "version": question.version,
                "text": question.text,
                "half_term": question.half_term,
                "section": question.section,
                "evidence": question.evidence,
            }
        )
