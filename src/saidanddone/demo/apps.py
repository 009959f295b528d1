from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "saidanddone.demo"
    label = "demo"
    verbose_name = "Demo area"
