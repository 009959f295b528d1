from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "saidanddone.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from saidanddone.core import checks  # noqa: F401  (registers the system checks)
