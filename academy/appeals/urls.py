from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("", views.index, name="index"),
    path("file/<int:result_pk>/", views.appeal_file, name="appeal_file"),
    path("file/<int:result_pk>/row/", views.contested_row, name="contested_row"),
    path("file/<int:result_pk>/check/", views.contested_check, name="contested_check"),
    path("register/", views.appeal_register, name="appeal_register"),
    path("import/", views.results_import, name="results_import"),
    path("results/new/", views.result_enter, name="result_enter"),
    path("sheets/", views.grader_sheets_index, name="grader_sheets_index"),
    path("results/<int:result_pk>/sheets/", views.grader_sheets, name="grader_sheets"),
    path("commissions/", views.commission_list, name="commission_list"),
    path("commissions/new/", views.commission_edit, name="commission_create"),
    path("commissions/<int:pk>/", views.commission_edit, name="commission_edit"),
    path("<int:pk>/", views.appeal_detail, name="appeal_detail"),
    path("<int:pk>/sheet/", views.sheet_fill, name="sheet_fill"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/recuse/", views.recuse, name="recuse"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/postpone/", views.postpone, name="postpone"),
    path("<int:pk>/postponement/", views.postponement_request, name="postponement_request"),
    path("<int:pk>/act/", views.fault_act, name="fault_act"),
    path("<int:pk>/recording/", views.recording_upload, name="recording_upload"),
    path("<int:pk>/act/file/", views.fault_act_file, name="fault_act_file"),
    path("<int:pk>/recording/file/", views.recording_file, name="recording_file"),
    path("sittings/new/", views.sitting_create, name="sitting_create"),
    path("sittings/<int:pk>/", views.sitting_detail, name="sitting_detail"),
    path("sittings/<int:pk>/send/", views.sitting_send_materials, name="sitting_send_materials"),
    path(
        "sittings/<int:pk>/minutes/generate/",
        views.sitting_minutes_generate,
        name="sitting_minutes_generate",
    ),
    path("sittings/<int:pk>/minutes/", views.sitting_minutes, name="sitting_minutes"),
]
