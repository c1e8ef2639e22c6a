from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path("orders/<int:pk>/sign/", views.order_sign, name="order_sign"),
    path("orders/<int:pk>/sign/draft.pdf", views.order_draft_pdf, name="order_draft_pdf"),
    path("exams/<int:pk>/statement/sign/", views.statement_sign, name="statement_sign"),
    path("sittings/<int:pk>/minutes/sign/", views.minutes_sign, name="minutes_sign"),
    path("library/register-act/sign/", views.library_act_sign, name="library_act_sign"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/<str:part>", views.document_file, name="document_file"),
    # Public: anyone checks a signed document.
    path("verify/", views.verify_upload, name="verify"),
]
