from django.urls import path

from kefu.portal import account_views, verify_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("track/", views.track_lookup, name="track_lookup"),
    path("signup/", account_views.signup, name="signup"),
    path("me/", account_views.my_tickets, name="my_tickets"),
    path("after-login/", account_views.after_login, name="after_login"),
    path("shield/preview/", views.shield_preview, name="shield_preview"),
    path("verify/", verify_views.verify, name="verify"),
    path("report/", verify_views.report, name="report"),
    path("report/sent/", verify_views.report_sent, name="report_sent"),
    path("p/<slug:slug>/", views.platform_detail, name="platform"),
    path("p/<slug:slug>/fake/", verify_views.fake_channels, name="fake_channels"),
    path("p/<slug:slug>/new/", views.ticket_new, name="ticket_new"),
    path("track/<str:reference>/", views.track, name="track"),
    path("track/<str:reference>/created/", views.ticket_created, name="created"),
    path("track/<str:reference>/reply/", views.track_reply, name="track_reply"),
    path("track/<str:reference>/action/", views.track_action, name="track_action"),
    path("track/<str:reference>/rating/", views.track_rate, name="track_rate"),
    path(
        "track/<str:reference>/files/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
]
