"""Experiment and greb pages, mounted at /praksis/."""

from django.urls import path

from . import views

app_name = "experiments"
urlpatterns = [
    path("eksperimenter/", views.experiment_list, name="list"),
    path("eksperimenter/nyt/", views.choose_template, name="choose"),
    path("eksperimenter/nyt/formular/", views.experiment_create, name="create"),
    path("eksperimenter/<int:experiment_id>/", views.experiment_detail, name="detail"),
    path("eksperimenter/<int:experiment_id>/sprogbillede/", views.language, name="language"),
    path("eksperimenter/<int:experiment_id>/cyklus/ny/", views.cycle_create, name="cycle_create"),
    path(
        "eksperimenter/<int:experiment_id>/cyklus/<int:cycle_id>/beslutning/",
        views.cycle_decide,
        name="cycle_decide",
    ),
    path(
        "eksperimenter/<int:experiment_id>/logbog/ny/",
        views.logbook_create,
        name="logbook_create",
    ),
    path(
        "eksperimenter/<int:experiment_id>/logbog/<int:entry_id>/ret/",
        views.logbook_edit,
        name="logbook_edit",
    ),
    path("eksperimenter/<int:experiment_id>/afslut/", views.experiment_complete, name="complete"),
    path("eksperimenter/<int:experiment_id>/greb/", views.practice_publish, name="publish"),
    path("greb/", views.practice_list, name="practices"),
    path("greb/<int:practice_id>/", views.practice_detail, name="practice_detail"),
    path("greb/<int:practice_id>/proev/", views.practice_try, name="practice_try"),
]
