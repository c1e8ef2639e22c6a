from django.urls import path

from . import views

app_name = "outgoing"

urlpatterns = [
    path("", views.register, name="register"),
    path("<int:pk>/delivery/", views.record_delivery, name="record_delivery"),
]
