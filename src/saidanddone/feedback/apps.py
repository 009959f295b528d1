from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "saidanddone.feedback"
    label = "feedback"
    verbose_name = "Feedback (You said)"
