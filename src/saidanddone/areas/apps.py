from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "saidanddone.areas"
    label = "areas"
    verbose_name = "Local areas"

    def ready(self) -> None:
        from saidanddone.areas import checks  # noqa: F401  (registers the mail settings check)
