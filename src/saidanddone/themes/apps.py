from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "saidanddone.themes"
    label = "themes"
    verbose_name = "Themes"
