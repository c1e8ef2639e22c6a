from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import views
from .exceptions import not_found

app_name = "api"

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("v1/courses/", views.CourseList.as_view(), name="course_list"),
    path("v1/courses/<int:pk>/", views.CourseDetail.as_view(), name="course_detail"),
    path("v1/groups/", views.GroupList.as_view(), name="group_list"),
    path("v1/groups/<int:pk>/", views.GroupDetail.as_view(), name="group_detail"),
    path(
        "v1/groups/<int:pk>/enrolments/",
        views.GroupEnrolments.as_view(),
        name="group_enrolments",
    ),
    path(
        "v1/groups/<int:pk>/attendance/",
        views.GroupAttendance.as_view(),
        name="group_attendance",
    ),
    path("v1/catalogue/", views.CatalogueList.as_view(), name="catalogue_list"),
    path("v1/catalogue/<int:pk>/", views.CatalogueDetail.as_view(), name="catalogue_detail"),
    path(
        "v1/appeal-exams/<int:pk>/stage-results/",
        views.StageResultsImport.as_view(),
        name="stage_results_import",
    ),
    path("v1/groups/<int:pk>/list/", views.GroupListUpload.as_view(), name="group_list_upload"),
    path("v1/groups/<int:pk>/results/", views.GroupResults.as_view(), name="group_results"),
    path(
        "v1/groups/<int:pk>/certificates/",
        views.GroupCertificates.as_view(),
        name="group_certificates",
    ),
    path("v1/appeal-decisions/", views.AppealDecisionList.as_view(), name="appeal_decisions"),
    path("v1/me/", views.OwnData.as_view(), name="own_data"),
    path("v1/outgoing/", views.OutgoingList.as_view(), name="outgoing_list"),
    path(
        "v1/outgoing/<int:pk>/delivery/",
        views.OutgoingDelivery.as_view(),
        name="outgoing_delivery",
    ),
    # Unnamed on purpose: any other address under /api/ answers a 404 problem.
    re_path(r"^.*$", not_found),
]
