from django.contrib import admin

from saidanddone.areas.models import Area, Membership
from saidanddone.core.admin import ReferenceAdmin


@admin.register(Area)
class AreaAdmin(ReferenceAdmin):
    list_display = ("name", "slug", "forum_name")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(ReferenceAdmin):
    list_display = ("user", "area", "role")
    list_filter = ("area", "role")
