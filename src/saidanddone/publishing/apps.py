from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "saidanddone.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from saidanddone.publishing import signals  # noqa: F401  (connects the receivers)
