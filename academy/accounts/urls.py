from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("pending/", views.pending, name="pending"),
    path("profile/", views.profile, name="profile"),
    path("two-factor/setup/", views.otp_setup, name="otp_setup"),
    path("two-factor/", views.otp_verify, name="otp_verify"),
    path("verification/", views.verification_queue, name="verification_queue"),
    path("verification/<int:pk>/verify/", views.verify_user, name="verify_user"),
    path("verification/<int:pk>/reject/", views.reject_user, name="reject_user"),
    path("users/", views.user_list, name="user_list"),
    path("users/<int:pk>/roles/", views.user_roles, name="user_roles"),
    path(
        "password-reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
