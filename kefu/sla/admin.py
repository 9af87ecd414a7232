from django.contrib import admin

from kefu.sla.models import OnCallShift, SlaBreach


@admin.register(OnCallShift)
class OnCallShiftAdmin(admin.ModelAdmin):
    list_display = ("platform", "tier", "membership", "starts_at", "ends_at")
    list_filter = ("platform", "tier")


@admin.register(SlaBreach)
class SlaBreachAdmin(admin.ModelAdmin):
    list_display = ("ticket", "platform", "kind", "due_at", "breached_at", "tier_after")
    list_filter = ("platform", "kind")
    readonly_fields = [f.name for f in SlaBreach._meta.fields]
