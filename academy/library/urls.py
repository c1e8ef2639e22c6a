from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.search, name="search"),
    path("articles/", views.articles, name="articles"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("manage/", views.overview, name="overview"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<int:pk>/copies/", views.copy_add, name="copy_add"),
    path("import/", views.marc_import, name="marc_import"),
    path("export/", views.marc_export, name="marc_export"),
    path("readers/", views.readers, name="readers"),
    path("loans/", views.loans, name="loans"),
    path("loans/overdue.xlsx", views.overdue_xlsx, name="overdue_xlsx"),
    path("loans/new/", views.loan_issue, name="loan_issue"),
    path("loans/<int:pk>/return/", views.loan_return, name="loan_return"),
    path("loans/<int:pk>/renew/", views.loan_renew, name="loan_renew"),
    path("my/", views.my_loans, name="my_loans"),
    path("records/<int:pk>/hold/", views.hold_place, name="hold_place"),
    path("import/jobs/<int:pk>/", views.import_job, name="import_job"),
    path("import/jobs/<int:pk>/restart/", views.import_job_restart, name="import_job_restart"),
    path("acquisition/suppliers/", views.suppliers, name="suppliers"),
    path("acquisition/orders/", views.orders, name="orders"),
    path("acquisition/orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("acquisition/orders/<int:pk>/place/", views.order_place, name="order_place"),
    path("acquisition/lines/<int:pk>/receive/", views.line_receive, name="line_receive"),
    path("acquisition/register/", views.register, name="register"),
    path("acquisition/register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("acquisition/write-off/", views.write_off, name="write_off"),
    path("settings/", views.library_settings, name="settings"),
    path("statistics/", views.statistics, name="statistics"),
]
