from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .kinds import KINDS
from .reading import CSV_SUFFIXES, XLSX_SUFFIXES, megabytes


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Hvad vil du importere?"),
        choices=[(code, str(kind.label).capitalize()) for code, kind in KINDS.items()],
    )
    file = forms.FileField(
        label=gettext_lazy("Fil"),
        help_text=gettext_lazy(
            "CSV (UTF-8, UTF-16 eller Windows-1252, adskilt med ;, tabulator eller ,) "
            "eller Excel (.xlsx)."
        ),
        widget=forms.ClearableFileInput(attrs={"class": "form-input", "accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Labels are built lazily so that the page follows the chosen language.
        self.fields["kind"].choices = [
            (code, str(kind.label).capitalize()) for code, kind in KINDS.items()
        ]
        self.fields["kind"].widget.attrs["class"] = "form-select"

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size and upload.size > limit:
            raise forms.ValidationError(
                _("Filen er for stor. Den må højst fylde %(limit)s MB.")
                % {"limit": megabytes(limit)}
            )
        if Path(upload.name or "").suffix.lower() not in CSV_SUFFIXES | XLSX_SUFFIXES:
            raise forms.ValidationError(
                _("Filtypen understøttes ikke. Brug en CSV-fil (.csv) eller en Excel-fil (.xlsx).")
            )
        return upload


class ConfirmForm(forms.Form):
    """The "Importér" button after a clean dry run: only the token of the kept file."""

    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
