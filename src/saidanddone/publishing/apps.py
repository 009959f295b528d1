from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "saidanddone.publishing"
    label = "publishing"
    verbose_name = "Publishing"
