from __future__ import annotations

from django import forms
from django.template.loader import render_to_string

from pupils.filters import _form_sort_key


class _ChoiceForm(forms.Form):
    name = forms.CharField()
    outcome = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def test_error_summary_links_each_error_to_its_field_even_for_radio_buttons() -> None:
    form = _ChoiceForm(data={})
    assert not form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert 'href="#id_name"' in html
    assert 'href="#id_outcome_0"' in html  # the first radio button, not "#"
    assert 'href="#"' not in html


def test_forms_sort_by_year_then_letter() -> None:
    assert sorted(["10A", "7B", "11A", "7A", "9C"], key=_form_sort_key) == [
        "7A",
        "7B",
        "9C",
        "10A",
        "11A",
    ]
