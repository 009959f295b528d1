from django.contrib import admin

from saidanddone.core.admin import ReferenceAdmin
from saidanddone.feedback.models import Channel


@admin.register(Channel)
class ChannelAdmin(ReferenceAdmin):
    list_display = ("name", "area", "kind")
    list_filter = ("area", "kind")
