from auditlog.registry import auditlog

from .models import (
    Appeal,
    Commission,
    GraderSheet,
    Recusal,
    Resit,
    ReviewSheet,
    StageResult,
    Vote,
)

# Audit: field changes of results, composition, appeals and their decisions (AP-24).
auditlog.register(StageResult, exclude_fields=["recording"])
auditlog.register(Commission, m2m_fields={"members", "exams"})
auditlog.register(GraderSheet)
auditlog.register(Appeal)
auditlog.register(Recusal)
auditlog.register(ReviewSheet)
auditlog.register(Vote)
auditlog.register(Resit)
