from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "saidanddone.commitments"
    label = "commitments"
    verbose_name = "Responses and commitments (We did / we will)"

    def ready(self) -> None:
        from saidanddone.commitments import signals  # noqa: F401  (connects the receivers)
