"""TR-8: a material is checked by its bytes, not its name."""

import pytest
from django.core.exceptions import ValidationError

from academy.core.testing import sample_upload
from academy.training import services
from academy.training.models import Material
from academy.training.testing import GroupFactory


@pytest.mark.clause("TR-8")
def test_executable_bytes_named_like_a_pdf_are_refused(methodologist):
    with pytest.raises(ValidationError) as error:
        services.material_add(
            group=GroupFactory(),
            title="X",
            file=sample_upload("lecture.pdf", content_of="x.exe"),
            by=methodologist,
        )
    assert "lecture.pdf" in error.value.message_dict["file"][0]
    assert not Material.objects.exists()
