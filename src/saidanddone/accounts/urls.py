from django.urls import path

from saidanddone.accounts import views

app_name = "account"
urlpatterns = [
    path("accounts/login/code/", views.verify, name="verify"),
    path("accounts/login/recovery-code/", views.recovery, name="recovery"),
    path("accounts/second-factor/", views.second_factor, name="second_factor"),
    path("accounts/second-factor/set-up/", views.set_up, name="set_up"),
    path("accounts/second-factor/remove/", views.remove, name="remove"),
]
