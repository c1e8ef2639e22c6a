"""IS-13: repository documents are checked by their bytes, not their name."""

import pytest
from django.core.exceptions import ValidationError

from academy.core.testing import sample_upload
from academy.learning import services
from academy.learning.models import Document


@pytest.mark.clause("IS-13")
def test_executable_bytes_named_like_a_docx_are_refused(methodologist):
    with pytest.raises(ValidationError) as error:
        services.document_upload(
            kind=Document.Kind.TMC,
            title_kk="Кешен",
            title_ru="Комплекс",
            file=sample_upload("tmc.docx", content_of="x.exe"),
            by=methodologist,
        )
    assert "tmc.docx" in str(error.value)
    assert not Document.objects.exists()
