from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("audit/", views.audit_log, name="audit_log"),
    path("search/", views.search, name="search"),
]
