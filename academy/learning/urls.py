from django.urls import path

from . import views, views_activities

app_name = "learning"

urlpatterns = [
    path("", views.my_courses, name="my_courses"),
    path("monitoring/", views.course_list, name="course_list"),
    path("groups/<int:pk>/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/modules/add/", views.module_add, name="module_add"),
    path("courses/<int:pk>/monitoring/", views.monitoring, name="monitoring"),
    path("courses/<int:pk>/monitoring.xlsx", views.monitoring_xlsx, name="monitoring_xlsx"),
    path("modules/<int:pk>/", views.module_detail, name="module_detail"),
    path("modules/<int:pk>/edit/", views.module_edit, name="module_edit"),
    path("modules/<int:pk>/move/<str:direction>/", views.module_move, name="module_move"),
    path("modules/<int:pk>/visibility/", views.module_visibility, name="module_visibility"),
    path("modules/<int:pk>/delete/", views.module_delete, name="module_delete"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("copy/", views.course_copy, name="course_copy"),
    path("courses/<int:pk>/gradebook/", views.gradebook, name="gradebook"),
    path("courses/<int:pk>/gradebook.xlsx", views.gradebook_xlsx, name="gradebook_xlsx"),
    path("courses/<int:pk>/assignments/add/", views.assignment_add, name="assignment_add"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/submit/", views.assignment_submit, name="assignment_submit"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/file/", views.submission_file, name="submission_file"),
    path("modules/<int:pk>/file/", views.module_file, name="module_file"),
    path("modules/<int:pk>/studied/", views.module_studied, name="module_studied"),
    path("modules/<int:pk>/questions/add/", views.question_add, name="question_add"),
    path("modules/<int:pk>/self-check/", views.self_check, name="self_check"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/upload/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/file/", views.document_file, name="document_file"),
    path("courses/<int:pk>/quizzes/add/", views_activities.quiz_add, name="quiz_add"),
    path("quizzes/<int:pk>/", views_activities.quiz_detail, name="quiz_detail"),
    path("quizzes/<int:pk>/start/", views_activities.quiz_start, name="quiz_start"),
    path(
        "quizzes/<int:pk>/attempts/<int:attempt>/",
        views_activities.quiz_take,
        name="quiz_take",
    ),
    path(
        "quizzes/<int:pk>/attempts/<int:attempt>/review/",
        views_activities.quiz_review,
        name="quiz_review",
    ),
    path(
        "courses/<int:pk>/gradebook/weights/",
        views_activities.gradebook_weights,
        name="gradebook_weights",
    ),
    path("lagging/", views_activities.lagging, name="lagging"),
    path("courses/<int:pk>/scorm/add/", views_activities.scorm_add, name="scorm_add"),
    path("scorm/<int:pk>/", views_activities.scorm_player, name="scorm_player"),
    path("scorm/<int:pk>/track/", views_activities.scorm_track, name="scorm_track"),
    path(
        "scorm/<int:pk>/content/<path:path>",
        views_activities.scorm_content,
        name="scorm_content",
    ),
]
