"""Forms of the discussions: only input shapes; the rules live in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from academy.learning.forms import BootstrapForm

ACCEPT = ".pdf,.docx,.doc,.xlsx,.pptx,.odt,.txt,.jpg,.jpeg,.png"  # a hint; services check


class MessageFields(BootstrapForm):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        help_text=_("Text or simple HTML (bold, lists, links); scripts and styles are removed."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class TopicForm(MessageFields):
    title = forms.CharField(label=_("Subject"), max_length=255)

    field_order = ["title", "body", "attachment"]


class ReplyForm(MessageFields):
    pass


class HideForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=255, required=False)
