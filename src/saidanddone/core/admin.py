"""The Django admin is for reference data only; its writes go through audited services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from saidanddone.core.models import AuditEntry
from saidanddone.core.services import reference_delete, reference_save


# ModelAdmin is generic in the stubs only: at run time it cannot be subscripted.
class ReferenceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        reference_save(obj=obj, by=request.user, changed=list(form.changed_data))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        reference_delete(obj=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            reference_delete(obj=obj, by=request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # as ReferenceAdmin
    list_display = ("at", "action", "object_type", "object_id", "actor", "area")
    list_filter = ("action", "area")
    search_fields = ("object_id", "action")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
