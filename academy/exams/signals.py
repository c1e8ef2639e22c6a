from auditlog.registry import auditlog

from .models import CommissionMember, Exam, Grade, Participant, Result, ResultCorrection

# Audit: results once confirmed, their corrections, grades, commissions, extra time (TR-26).
auditlog.register(Result)
auditlog.register(ResultCorrection)
auditlog.register(Grade)
auditlog.register(CommissionMember)
auditlog.register(Participant)
auditlog.register(Exam, include_fields=["status", "commission_fixed_by", "answers_released"])
