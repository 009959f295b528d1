from django.conf import settings
from django.urls import path

from saidanddone.accounts import views
from saidanddone.accounts.oidc_config import parse

app_name = "account"
urlpatterns = [
    path("accounts/login/code/", views.verify, name="verify"),
    path("accounts/login/recovery-code/", views.recovery, name="recovery"),
    path("accounts/second-factor/", views.second_factor, name="second_factor"),
    path("accounts/second-factor/set-up/", views.set_up, name="set_up"),
    path("accounts/second-factor/remove/", views.remove, name="remove"),
]

# Sign-in with the council's identity provider: its addresses exist only when it is set up
# (the views also answer 404 if the settings go away under them).
if parse(getattr(settings, "SAIDANDDONE_OIDC", None) or {}) is not None:
    from saidanddone.accounts import oidc

    urlpatterns += oidc.urlpatterns
