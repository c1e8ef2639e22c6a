"""Reads of the signatures app."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import SignedDocument


def signed_documents_for(obj: models.Model) -> QuerySet[SignedDocument]:
    return (
        SignedDocument.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
        .prefetch_related("signatures")
        .defer("content")
    )


def document_detail(pk: int) -> SignedDocument:
    return SignedDocument.objects.prefetch_related("signatures").get(pk=pk)
