from django.contrib import admin

from saidanddone.core.admin import ReferenceAdmin
from saidanddone.themes.models import DefaultTheme, Theme


@admin.register(DefaultTheme)
class DefaultThemeAdmin(ReferenceAdmin):
    list_display = ("name", "slug", "position")


@admin.register(Theme)
class ThemeAdmin(ReferenceAdmin):
    list_display = ("name", "area", "slug", "active")
    list_filter = ("area", "active")
