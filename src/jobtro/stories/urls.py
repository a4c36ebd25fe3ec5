"""Success stories under /praksis/historier/."""

from django.urls import path

from . import views

app_name = "stories"
urlpatterns = [
    path("", views.feed, name="feed"),
    path("team/<int:team_id>/", views.team_feed, name="team_feed"),
    path("ny/", views.create, name="create"),
    path("<int:story_id>/", views.detail, name="detail"),
    path("<int:story_id>/ret/", views.correct, name="correct"),
]
