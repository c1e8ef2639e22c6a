from django.urls import path

from . import views

app_name = "live"

urlpatterns = [
    path("", views.my_sessions, name="my_sessions"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("groups/<int:pk>/", views.group_sessions, name="group_sessions"),
    path("groups/<int:pk>/new/", views.session_new, name="session_new"),
    path("exams/<int:pk>/", views.exam_sessions, name="exam_sessions"),
    path("<int:pk>/", views.session_detail, name="session"),
    path("<int:pk>/join/", views.session_join, name="join"),
    path("<int:pk>/cancel/", views.session_cancel, name="cancel"),
]
