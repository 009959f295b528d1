from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "saidanddone.areas"
    label = "areas"
    verbose_name = "Local areas"
