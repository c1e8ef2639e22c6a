from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.index, name="index"),
    path("my/", views.my_certificates, name="my_certificates"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("groups/<int:pk>/certificates/", views.group_certificates, name="group_certificates"),
    path("groups/<int:pk>/certificates/bundle/", views.bundle_create, name="bundle_create"),
    path(
        "groups/<int:pk>/certificates/bundle/<str:fmt>/",
        views.bundle_download,
        name="bundle_download",
    ),
    path("groups/<int:pk>/reference/", views.results_reference, name="results_reference"),
    path(
        "groups/<int:pk>/reference.<str:fmt>",
        views.results_reference_file,
        name="results_reference_file",
    ),
    path("courses/<int:pk>/summary/", views.summary_reference, name="summary_reference"),
    path(
        "courses/<int:pk>/summary.<str:fmt>",
        views.summary_reference_file,
        name="summary_reference_file",
    ),
    # Public: the QR code of a certificate links here.
    path("verify/<str:number>/", views.verify, name="verify"),
]
