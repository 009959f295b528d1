from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "saidanddone.feedback"
    label = "feedback"
    verbose_name = "Feedback (You said)"

    def ready(self) -> None:
        from saidanddone.feedback import signals  # noqa: F401  (connects the receivers)
