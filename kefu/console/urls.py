from django.urls import path

from kefu.console import admin_views, verify_views, views

app_name = "console"

urlpatterns = [
    path("", views.home, name="home"),
    path("t/<str:reference>/", views.ticket_detail, name="ticket"),
    path("t/<str:reference>/reply/", views.ticket_reply, name="reply"),
    path("t/<str:reference>/update/", views.ticket_update, name="update"),
    path("t/<str:reference>/assign/", views.ticket_assign, name="assign"),
    path("t/<str:reference>/escalate/", views.ticket_escalate, name="escalate"),
    path("t/<str:reference>/link/", views.ticket_link, name="link"),
    path("t/<str:reference>/compensation/", views.ticket_compensation, name="compensation"),
    path(
        "t/<str:reference>/files/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("admin/<slug:slug>/staff/", admin_views.staff, name="admin_staff"),
    path(
        "admin/<slug:slug>/staff/<int:membership_id>/availability/",
        admin_views.staff_availability,
        name="admin_availability",
    ),
    path("admin/<slug:slug>/macros/", admin_views.macros, name="admin_macros"),
    path("admin/<slug:slug>/macros/<int:macro_id>/", admin_views.macro_edit, name="admin_macro"),
    path(
        "admin/<slug:slug>/macros/<int:macro_id>/delete/",
        admin_views.macro_delete,
        name="admin_macro_delete",
    ),
    path("admin/<slug:slug>/texts/", admin_views.texts, name="admin_texts"),
    path("admin/<slug:slug>/oncall/", admin_views.oncall, name="admin_oncall"),
    path(
        "admin/<slug:slug>/oncall/<int:shift_id>/delete/",
        admin_views.oncall_delete,
        name="admin_oncall_delete",
    ),
    path("admin/<slug:slug>/channels/", verify_views.channels, name="admin_channels"),
    path(
        "admin/<slug:slug>/channels/<int:channel_id>/remove/",
        verify_views.channel_remove,
        name="admin_channel_remove",
    ),
    path("moderation/", verify_views.moderation, name="moderation"),
    path(
        "moderation/evidence/<int:evidence_id>/",
        verify_views.report_evidence,
        name="report_evidence",
    ),
    path(
        "moderation/reports/<int:report_id>/confirm/",
        verify_views.report_confirm,
        name="report_confirm",
    ),
    path(
        "moderation/reports/<int:report_id>/reject/",
        verify_views.report_reject,
        name="report_reject",
    ),
    path(
        "moderation/changes/<int:request_id>/approve/",
        verify_views.change_approve,
        name="change_approve",
    ),
    path(
        "moderation/changes/<int:request_id>/reject/",
        verify_views.change_reject,
        name="change_reject",
    ),
]
