import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saidanddone.settings.production")
django_application = get_wsgi_application()

# Stored public pages are answered before the middleware stack (decision 0225); everything
# else, and every stored page this process has not just looked up, goes to Django as usual.
from saidanddone.publishing.fastpath import StoredPages  # noqa: E402 (needs Django set up)

application = StoredPages(django_application)
