from django.contrib.auth import views as auth_views
from django.urls import path

from . import two_factor, views
from .lockout import ThrottledAuthenticationForm

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            redirect_authenticated_user=True,
            authentication_form=ThrottledAuthenticationForm,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", two_factor.manage, name="two_factor"),
    path("two-factor/verify/", two_factor.verify, name="otp_verify"),
    path("organizations/<slug:profile_id>/", views.organization_detail, name="organization"),
]
