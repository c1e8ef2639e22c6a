from django.urls import path

from . import views

app_name = "exams"

urlpatterns = [
    path("", views.index, name="index"),
    path("bank/", views.question_list, name="question_list"),
    path("bank/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("bank/import/", views.question_import, name="question_import"),
    path("bank/export/<str:fmt>/", views.question_export, name="question_export"),
    path("new/", views.exam_create, name="exam_create"),
    path("<int:pk>/", views.exam_detail, name="exam_detail"),
    path("<int:pk>/commission/add/", views.commission_member_add, name="commission_member_add"),
    path("<int:pk>/commission/fix/", views.commission_fix, name="commission_fix"),
    path("<int:pk>/open/", views.exam_open, name="exam_open"),
    path("<int:pk>/start/", views.attempt_start, name="attempt_start"),
    path("<int:pk>/grading/", views.grading_list, name="grading_list"),
    path("<int:pk>/statement/", views.statement, name="statement"),
    path("<int:pk>/statement.xlsx", views.statement_xlsx, name="statement_xlsx"),
    path("<int:pk>/statement.pdf", views.statement_pdf, name="statement_pdf"),
    path("<int:pk>/statement/compile/", views.results_compile, name="results_compile"),
    path("<int:pk>/statement/confirm/", views.results_confirm, name="results_confirm"),
    path("<int:pk>/answers/release/", views.answers_release, name="answers_release"),
    path("<int:pk>/analysis/", views.item_analysis, name="item_analysis"),
    path("participants/<int:pk>/extra-time/", views.extra_time, name="extra_time"),
    path("results/<int:pk>/correct/", views.result_correct, name="result_correct"),
    path("attempts/<int:pk>/", views.attempt_take, name="attempt_take"),
    path("attempts/<int:pk>/answer/", views.attempt_answer, name="attempt_answer"),
    path("attempts/<int:pk>/event/", views.attempt_event, name="attempt_event"),
    path("attempts/<int:pk>/submit/", views.attempt_submit, name="attempt_submit"),
    path("attempts/<int:pk>/done/", views.attempt_done, name="attempt_done"),
    path("attempts/<int:pk>/log/", views.attempt_log, name="attempt_log"),
    path("attempts/<int:pk>/grade/", views.grade, name="grade"),
]
