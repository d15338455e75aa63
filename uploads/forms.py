"""The upload forms: files with an optional kind and metadata, or a newer file for a source."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from uploads import limits


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked against the limits."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.txt,.md"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files if item]
        if not cleaned:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        errors = []
        for uploaded in cleaned:
            try:
                limits.check_upload(uploaded)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"), help_text=_("PDF, Word (.docx) or text (.txt, .md); one or several.")
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Recognise from the content")), *Document.Kind.choices],
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=500)
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=100,
        help_text=_("Official reference, e.g. Prop. 1 S (2024–2025)."),
    )
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)
    published = forms.DateField(
        label=_("Published"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def overrides(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in ("title", "reference", "publisher", "published")
        }


class ReplaceForm(forms.Form):
    file = forms.FileField(
        label=_("Newer file"),
        help_text=_(
            "Read with the kind and metadata the document was first ingested with; the "
            "document keeps its address, its rows' ids and every curator's edit."
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        limits.check_upload(uploaded)
        return uploaded
