"""Practice pages under /praksis/."""

from django.urls import path

from . import views

app_name = "practice"
urlpatterns = [
    path("", views.index, name="index"),
    path("sprogcoach/", views.coach, name="coach"),
    path("spilleregler/", views.rules_index, name="rules"),
    path("spilleregler/kommune/", views.rules_municipality, name="rules_municipality"),
    path("spilleregler/team/<int:team_id>/", views.rules_team, name="rules_team"),
    path("sprogbillede/", views.pictures, name="pictures"),
    path("sprogbillede/<int:team_id>/", views.picture, name="picture"),
    path("sparring/", views.sparring_list, name="sparring_list"),
    path("sparring/ny/<int:citizen_id>/", views.sparring_create, name="sparring_create"),
    path("sparring/<int:sparring_id>/", views.sparring_detail, name="sparring_detail"),
    path("sparring/<int:sparring_id>/afslut/", views.sparring_close, name="sparring_close"),
    path(
        "sparring/<int:sparring_id>/opfoelgning/",
        views.sparring_follow_up,
        name="sparring_follow_up",
    ),
    path("sparring/team/<int:team_id>/", views.sparring_team, name="sparring_team"),
]
