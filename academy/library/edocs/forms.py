from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Access


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Document (PDF, DOCX or EPUB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.epub"}),
    )
    title = forms.CharField(label=_("Title shown to readers"), max_length=255, required=False)
    access = forms.ChoiceField(label=_("Who may read it"), choices=Access, initial=Access.READERS)


class AccessForm(forms.Form):
    access = forms.ChoiceField(label=_("Who may read it"), choices=Access)


class BatchForm(forms.Form):
    file = forms.FileField(
        label=_("ZIP of documents named by ISBN or record number"),
        help_text=_("E.g. 9786010000000.pdf or 1234.epub; each file is checked on its own."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )
    access = forms.ChoiceField(label=_("Who may read them"), choices=Access, initial=Access.READERS)
