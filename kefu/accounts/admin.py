from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from kefu.accounts.models import ApiToken, Membership, User


@admin.register(User)
class KefuUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Kefu", {"fields": ("display_name", "language", "is_moderator", "is_auditor")}),
    )
    list_display = ("username", "display_name", "email", "is_moderator", "is_superuser")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("display_name", "employee_id", "platform", "role", "tier", "is_available")
    list_filter = ("platform", "role", "tier")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "prefix")
