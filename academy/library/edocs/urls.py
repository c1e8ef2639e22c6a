from django.urls import path

from . import views

app_name = "library_edocs"

urlpatterns = [
    path("records/<int:pk>/", views.record_documents, name="record_documents"),
    path("batches/new/", views.batch_new, name="batch_new"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("<int:pk>/", views.read, name="read"),
    path("<int:pk>/file/", views.file, name="file"),
    path("<int:pk>/access/", views.access_change, name="access_change"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
