from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any, cast

from django import forms

from feedback.coach import FlaggedWord, is_read_by_teacher, wording_flags
from feedback.models import Evidence, Feedback, JudgementalWord, StrategyCheck, WalkReport
from feedback.services import CaptureLayout
from sendit.lib.forms import DateInput, VersionField

RATING_CHOICES = [("", "Not recorded yet"), *Evidence.choices]
RESULT_CHOICES = [("", "Not recorded yet"), *StrategyCheck.Result.choices]


class CaptureForm(forms.Form):
    """One observer's record of a visit; the same form posts by fetch and without JavaScript."""

    version = VersionField()
    strengths = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What went well. One point per line.",
    )
    even_better_if = forms.CharField(
        label="Even better if",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One point per line. The feedback note keeps two at most.",
    )
    notes = forms.CharField(
        label="Other notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything else you want to remember; not shared as it stands.",
    )
    wording_reason = forms.CharField(
        label="Why the flagged wording should stay",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only needed to complete the record while some wording is flagged. "
        "The SENDCo reads it.",
    )

    def __init__(
        self,
        *args: Any,
        layout: CaptureLayout,
        words: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.layout = layout
        self.words = list(words)
        for area in layout.focus_areas:
            self.fields[f"focus-{area.pk}-rating"] = forms.ChoiceField(
                label=area.title,
                choices=RATING_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"focus-{area.pk}-note"] = forms.CharField(
                label=f"Evidence for \u201c{area.title}\u201d",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for strategy_pk, row in layout.strategy_rows.items():
            self.fields[f"strategy-{strategy_pk}"] = forms.ChoiceField(
                label=f"{row.label}: {row.strategy.text}",
                choices=RESULT_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
        # The fields the teacher reads: capture.js checks their wording as it is typed.
        for name, field in self.fields.items():
            if is_read_by_teacher(name):
                field.widget.attrs["data-coach-check"] = f"flags-{name}"

    def clean(self) -> dict[str, Any]:
        # Browsers post textarea line breaks as CRLF while capture.js reads
        # them as LF; store LF so that both sides compare the same text.
        super().clean()
        cleaned = self.cleaned_data
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = value.replace("\r\n", "\n")
        return cleaned

    @cached_property
    def flags(self) -> dict[str, list[FlaggedWord]]:
        """Judgemental wording in what is on the screen: typed if posted, else saved."""
        values = {name: self[name].value() or "" for name in self.fields}
        return wording_flags(values, self.words)

    def focus_rows(self) -> list[tuple[object, forms.BoundField, forms.BoundField, list]]:
        return [
            (
                area,
                self[f"focus-{area.pk}-rating"],
                self[f"focus-{area.pk}-note"],
                self.flags.get(f"focus-{area.pk}-note", []),
            )
            for area in self.layout.focus_areas
        ]

    @cached_property
    def learner_rows(self) -> list[tuple[str, list[tuple[object, forms.BoundField]], int]]:
        """Each learner's label, their strategies with fields, and how many are marked.

        The page lists the learners twice (the jump links and the sections),
        so this is worked out once per form.
        """
        learners = []
        for label, rows in self.layout.learners:
            fields: list[tuple[object, forms.BoundField]] = [
                (row.strategy, self[f"strategy-{row.strategy.pk}"]) for row in rows
            ]
            marked = sum(1 for _, field in fields if field.value())
            learners.append((label, fields, marked))
        return learners

    def to_data(self) -> dict:
        data = self.cleaned_data
        return {
            "strengths": data["strengths"],
            "even_better_if": data["even_better_if"],
            "notes": data["notes"],
            "wording_reason": data["wording_reason"],
            "focus": {
                area.pk: (data[f"focus-{area.pk}-rating"], data[f"focus-{area.pk}-note"])
                for area in self.layout.focus_areas
            },
            "strategies": {
                pk: (row.pupil_id, data[f"strategy-{pk}"])
                for pk, row in self.layout.strategy_rows.items()
            },
        }


class FeedbackForm(forms.ModelForm):
    version = VersionField()
    override_reason = forms.CharField(
        label="Reason to release although the coach's checks do not pass",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only needed when a check does not pass. Kept with the note.",
    )

    class Meta:
        model = Feedback
        fields = ["strengths", "points_to_develop", "next_step", "provision", "provide_by"]
        labels = {
            "strengths": "Strengths",
            "points_to_develop": "Points to work on",
            "next_step": "One supportive next step",
            "provision": "What you will provide",
            "provide_by": "Provided by (date)",
        }
        help_texts = {
            "strengths": "One per line. They come first; give more of them than points.",
            "points_to_develop": "One per line, two at most.",
            "next_step": "One step the teacher can take, and how you will help with it.",
        }
        widgets = {
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "points_to_develop": forms.Textarea(attrs={"rows": 3}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
            "provide_by": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strengths"].required = False
        cast(forms.ChoiceField, self.fields["provision"]).choices = [
            ("", "Choose one"),
            *Feedback.Provision.choices,
        ]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why the note is withdrawn",
        help_text="The teacher reads this in place of the note.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Write why the note is withdrawn."},
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your reply", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ShareForm(forms.Form):
    strength = forms.ChoiceField(
        label="The strength you agree to share with staff", widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, strengths: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["strength"]).choices = [(s, s) for s in strengths]


class JudgementalWordForm(forms.ModelForm):
    class Meta:
        model = JudgementalWord
        fields = ["word", "suggestion"]
        labels = {"word": "Word or phrase", "suggestion": "A kinder way to put it (optional)"}

    def __init__(self, *args: Any, school: object, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school

    def clean_word(self) -> str:
        return " ".join(self.cleaned_data["word"].lower().split())


class WalkReportForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = WalkReport
        fields = ["strengths", "good_practice", "policy_changes", "closer_look"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
        help_texts = dict.fromkeys(fields, "One point per line.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        sections = [data.get(name, "").strip() for name in self.Meta.fields]
        published = self.instance.status == WalkReport.Status.PUBLISHED
        publishing = self.data.get("action") == "publish"
        if (published or publishing) and not any(sections):
            # Staff read a published report: an empty one must not go live.
            raise forms.ValidationError(
                "A report published to staff cannot be empty. Write at least one section."
            )
        return data
