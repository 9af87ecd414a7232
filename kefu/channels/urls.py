from django.urls import path

from kefu.channels import views

app_name = "channels"

urlpatterns = [
    path("widget/demo/", views.widget_demo, name="widget_demo"),
]
