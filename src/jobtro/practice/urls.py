"""Pages under /praksis/ in the practice: namespace. The hub is this app's; the coach,
"spilleregler" and language picture live in language_use and the sparring pages in
sparring, mounted here so that their URLs and URL names stay as they were."""

from django.urls import path

from jobtro.language_use import views as language_views
from jobtro.sparring import views as sparring_views

from . import views

app_name = "practice"
urlpatterns = [
    path("", views.index, name="index"),
    path("sprogcoach/", language_views.coach, name="coach"),
    path("spilleregler/", language_views.rules_index, name="rules"),
    path("spilleregler/kommune/", language_views.rules_municipality, name="rules_municipality"),
    path("spilleregler/team/<int:team_id>/", language_views.rules_team, name="rules_team"),
    path("sprogbillede/", language_views.pictures, name="pictures"),
    path("sprogbillede/<int:team_id>/", language_views.picture, name="picture"),
    path("sparring/", sparring_views.sparring_list, name="sparring_list"),
    path("sparring/ny/", sparring_views.sparring_choose, name="sparring_choose"),
    path("sparring/ny/<int:citizen_id>/", sparring_views.sparring_create, name="sparring_create"),
    path("sparring/<int:sparring_id>/", sparring_views.sparring_detail, name="sparring_detail"),
    path(
        "sparring/<int:sparring_id>/afslut/", sparring_views.sparring_close, name="sparring_close"
    ),
    path(
        "sparring/<int:sparring_id>/opfoelgning/",
        sparring_views.sparring_follow_up,
        name="sparring_follow_up",
    ),
    path("sparring/team/<int:team_id>/", sparring_views.sparring_team, name="sparring_team"),
]
