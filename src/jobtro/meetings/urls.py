"""Project meetings under /projekt/."""

from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("tidslinje/<int:project_id>/", views.timeline, name="timeline"),
    path("tidslinje/<int:project_id>/nyt-moede/", views.create, name="create"),
    path("moede/<int:meeting_id>/", views.detail, name="detail"),
    path("moede/<int:meeting_id>/ret/", views.edit, name="edit"),
    path("moede/<int:meeting_id>/handling/", views.action_create, name="action_create"),
    path("handling/<int:action_id>/status/", views.action_status, name="action_status"),
]
