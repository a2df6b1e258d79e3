from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from schools.models import RetentionPolicy, Role, School, User


class SchoolSettingsForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["name", "urn", "max_observers", "yearly_observation_limit"]
        labels = {
            "urn": "URN",
            "max_observers": "Most observers on one walk",
            "yearly_observation_limit": "Observations of one teacher per school year",
        }

    def clean_max_observers(self) -> int:
        value = self.cleaned_data["max_observers"]
        if not 1 <= value <= 6:
            raise forms.ValidationError("Choose between 1 and 6 observers.")
        return value

    def clean_yearly_observation_limit(self) -> int:
        value = self.cleaned_data["yearly_observation_limit"]
        if not 1 <= value <= 12:
            raise forms.ValidationError("Choose a limit between 1 and 12 observations a year.")
        return value


ROLE_CHOICES = [(role.value, role.label) for role in Role]


class StaffForm(forms.Form):
    """A member of staff's details and roles.

    A plain form, not a ModelForm on User: the role flags are never bound
    from the request, so posting ``is_sendco=on`` changes nothing. The roles
    chosen go through ``staff_roles_set``, which holds the rules.
    """

    title = forms.CharField(max_length=20, required=False, help_text="Mr, Ms, Dr…")
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="They sign in with this address, and the password email goes to it.",
    )
    department = forms.CharField(max_length=80, required=False)
    staff_code = forms.CharField(
        max_length=12, required=False, help_text="Initials or code used in the school's MIS"
    )
    roles = forms.MultipleChoiceField(
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="SENDCo and senior leader open pupils' SEN data: they are given when "
        "another SENDCo or senior leader confirms.",
    )

    def __init__(
        self,
        *args: Any,
        member: User | None = None,
        staff: QuerySet[User] | None = None,
        **kwargs: Any,
    ) -> None:
        """``member`` to edit one; ``staff`` (the school's staff, leavers
        included, from schools.access) to add one whose email is not on it."""
        self.member = member
        self.staff = staff
        if member is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": member.title,
                    "first_name": member.first_name,
                    "last_name": member.last_name,
                    "email": member.email,
                    "department": member.department,
                    "staff_code": member.staff_code,
                    "roles": sorted(member.roles),
                },
            )
        super().__init__(*args, **kwargs)
        if member is not None:
            # The sign-in address is not edited here: whoever could change it
            # could send the password email to themselves and take the account.
            del self.fields["email"]
        self.fields["first_name"].label = "First name"
        self.fields["last_name"].label = "Last name"
        self.fields["staff_code"].label = "Staff code"

    def clean_email(self) -> str:
        # Someone who already works in another school of this deployment is
        # added to this one (a new membership); only this school's own staff
        # list can already hold the address.
        email: str = self.cleaned_data["email"].strip().lower()
        if self.staff is not None and self.staff.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "Someone with this email address is already on this school's staff."
            )
        return email


class StaffSearchForm(forms.Form):
    STATUS_CHOICES = [("active", "Active"), ("inactive", "Deactivated"), ("all", "All")]

    q = forms.CharField(label="Name, email or department", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role", choices=[("", "Any role"), *ROLE_CHOICES], required=False
    )
    status = forms.ChoiceField(label="Accounts", choices=STATUS_CHOICES, required=False)


# The least and most each period may be set to (years): the audit records at
# least six years (the usual limitation period for a claim).
RETENTION_LIMITS = {
    "observation_years": (1, 20),
    "leaver_age": (18, 40),
    "leaver_years": (0, 25),
    "read_audit_years": (6, 30),
    "change_record_years": (6, 30),
}


class RetentionPolicyForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = RetentionPolicy
        fields = [*RETENTION_LIMITS, "version"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, (low, high) in RETENTION_LIMITS.items():
            value = cleaned.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(name, f"Choose between {low} and {high}.")
        return cleaned
