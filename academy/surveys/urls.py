from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("groups/<int:pk>/", views.group_survey, name="group_survey"),
    path("groups/<int:pk>/open/", views.survey_open, name="survey_open"),
    path("<int:pk>/", views.survey_results, name="survey_results"),
    path("<int:pk>/close/", views.survey_close, name="survey_close"),
    path("<int:pk>/results.xlsx", views.survey_results_xlsx, name="survey_results_xlsx"),
    path("<int:pk>/answer/", views.survey_answer, name="survey_answer"),
    path("my/", views.my_surveys, name="my_surveys"),
    path("my/ratings/", views.my_ratings, name="my_ratings"),
    path("lecturers/", views.lecturer_overview, name="lecturer_overview"),
]
