from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/schedule/", views.schedule_plan_list, name="schedule_plan_list"),
    path("plans/schedule/<int:pk>/", views.schedule_plan_detail, name="schedule_plan_detail"),
    path("plans/study/", views.study_plan_list, name="study_plan_list"),
    path("plans/study/<int:pk>/", views.study_plan_detail, name="study_plan_detail"),
    path("plans/<str:kind>/<int:pk>/step/<str:step>/", views.plan_step, name="plan_step"),
    path("plans/<str:kind>/<int:pk>/new-version/", views.plan_new_version, name="plan_new_version"),
    path(
        "plans/<str:kind>/items/<int:pk>/delete/", views.plan_item_delete, name="plan_item_delete"
    ),
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/approve/", views.course_approve, name="course_approve"),
    path("courses/<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/list/upload/", views.group_list_upload, name="group_list_upload"),
    path("groups/<int:pk>/list/add/", views.group_list_add, name="group_list_add"),
    path("groups/<int:pk>/confirm/", views.group_confirm, name="group_confirm"),
    path("groups/<int:pk>/materials/", views.material_add, name="material_add"),
    path("materials/<int:pk>/", views.material_download, name="material_download"),
    path("groups/<int:pk>/programme/", views.programme_detail, name="programme"),
    path("groups/<int:pk>/admission-order/", views.order_admission, name="order_admission"),
    path("groups/<int:pk>/certificate-order/", views.order_certificate, name="order_certificate"),
    path("programmes/<int:pk>/lessons/", views.lesson_add, name="lesson_add"),
    path("programmes/<int:pk>/approve/", views.programme_approve, name="programme_approve"),
    path("programmes/<int:pk>/send/", views.programme_send, name="programme_send"),
    path("programmes/<int:pk>/questions/", views.programme_questions, name="programme_questions"),
    path("programmes/<int:pk>/fill/", views.programme_fill, name="programme_fill"),
    path("classes/<int:pk>/schedule/", views.lesson_schedule, name="lesson_schedule"),
    path("classes/<int:pk>/change/", views.lesson_change, name="lesson_change"),
    path("classes/<int:pk>/attendance/", views.attendance_register, name="attendance"),
    path(
        "classes/<int:pk>/attendance/rest-present/",
        views.attendance_rest_present,
        name="attendance_rest_present",
    ),
    path(
        "classes/<int:pk>/attendance/<int:enrolment_pk>/",
        views.attendance_mark,
        name="attendance_mark",
    ),
    path("enrolments/<int:pk>/change/", views.enrolment_change, name="enrolment_change"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("expulsion-proposals/", views.proposal_list, name="proposal_list"),
    path(
        "expulsion-proposals/<int:pk>/<str:decision>/",
        views.proposal_decide,
        name="proposal_decide",
    ),
    path("my/", views.my_courses, name="my_courses"),
    path("my/timetable/", views.my_timetable, name="my_timetable"),
    path("my/enrolments/<int:pk>/attendance/", views.my_attendance, name="my_attendance"),
    path("my/calendar-link/renew/", views.calendar_link_renew, name="calendar_link_renew"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("teaching/", views.my_classes, name="my_classes"),
    path("training-due/", views.training_due, name="training_due"),
    path("training-due.xlsx", views.training_due_xlsx, name="training_due_xlsx"),
]
