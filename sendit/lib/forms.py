"""Form parts every app uses the same way."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker; the value in the ISO format it reads and sends."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VersionField(forms.IntegerField):
    """The version a form was opened at, posted back for the check in sendit/lib/versions.py."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)


class MoneyField(forms.DecimalField):
    """An amount in pounds: never negative, at most two decimal places (pence).

    What people type is read kindly ("£1,250.50" is 1250.50) and, when it is
    not an amount, shown back as typed with a message that says what to write:
    a text input (a number input would empty the box of anything it cannot read).
    """

    default_error_messages = {
        "invalid": "Enter an amount in pounds and pence, such as 12.50.",
        "min_value": "Enter an amount of £0 or more: it cannot be negative.",
        "max_decimal_places": "Enter at most 2 decimal places (pence), such as 12.50.",
        "max_digits": "Enter an amount under £%(limit)s.",
        "max_whole_digits": "Enter an amount under £%(limit)s.",
    }

    def __init__(self, *, max_digits: int = 8, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(min_value=Decimal(0), max_digits=max_digits, decimal_places=2, **kwargs)
        limit = f"{10 ** (max_digits - 2):,}"
        for code in ("max_digits", "max_whole_digits"):
            self.error_messages[code] = self.error_messages[code] % {"limit": limit}

    # django-stubs gives DecimalField the to_python of IntegerField, its base there.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # No min/max/step: the field is a text input, and the messages say the rules.
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):
            attrs.pop(name, None)
        return attrs
