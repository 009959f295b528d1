"""The site's addresses as they are when an identity provider is set up (the real URL
configuration decides once, at start-up, from the environment)."""

from django.urls import URLResolver, include, path

from saidanddone import urls as site
from saidanddone.accounts import oidc
from saidanddone.accounts import urls as account_urls

urlpatterns = [
    p for p in site.urlpatterns
    if not (isinstance(p, URLResolver) and p.namespace == "account")
] + [path("", include((account_urls.urlpatterns + oidc.urlpatterns, "account")))]
