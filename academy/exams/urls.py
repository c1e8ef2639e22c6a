from django.urls import path

from . import views, views_materials

app_name = "exams"

urlpatterns = [
    path("", views.index, name="index"),
    path("bank/", views.question_list, name="question_list"),
    path("bank/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("bank/import/", views.question_import, name="question_import"),
    path("bank/new/", views_materials.question_form, name="question_create"),
    path("bank/<int:pk>/change/", views_materials.question_form, name="question_change"),
    path("blueprints/", views_materials.blueprint_list, name="blueprint_list"),
    path("blueprints/new/", views_materials.blueprint_form, name="blueprint_create"),
    path("blueprints/<int:pk>/", views_materials.blueprint_form, name="blueprint_edit"),
    path("cases/", views_materials.case_list, name="case_list"),
    path("cases/new/", views_materials.case_form, name="case_create"),
    path("cases/<int:pk>/", views_materials.case_form, name="case_edit"),
    path("<int:pk>/tickets/", views_materials.ticket_list, name="ticket_list"),
    path("tickets/<int:pk>/", views_materials.ticket_form, name="ticket_edit"),
    path("bank/export/<str:fmt>/", views.question_export, name="question_export"),
    path("new/", views.exam_create, name="exam_create"),
    path("<int:pk>/", views.exam_detail, name="exam_detail"),
    path("<int:pk>/commission/add/", views.commission_member_add, name="commission_member_add"),
    path("<int:pk>/commission/fix/", views.commission_fix, name="commission_fix"),
    path("<int:pk>/open/", views.exam_open, name="exam_open"),
    path("<int:pk>/cases/", views.exam_cases, name="exam_cases"),
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
    # By the work's opaque grading key, never the attempt id (TR-22).
    path("<int:pk>/grading/<str:key>/", views.grade, name="grade"),
]
