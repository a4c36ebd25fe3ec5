"""Belief pages under /tro/, and the citizen's one-time link under /svar/ (no login)."""

from django.urls import path

from . import views
from .expectations import views as views_expectations

app_name = "belief"
urlpatterns = [
    path("tro/", views.mine, name="mine"),
    path("tro/generel/", views.general, name="general"),
    path("tro/team/<int:team_id>/", views.team, name="team"),
    path("tro/borger/<int:citizen_id>/vurder/", views.rate, name="rate"),
    path("tro/borger/<int:citizen_id>/gemt/", views.rated, name="rated"),
    path("tro/borger/<int:citizen_id>/ret/", views.correct, name="correct"),
    path("tro/borger/<int:citizen_id>/link/", views.create_link, name="create_link"),
    path(
        "tro/samtale/<int:contact_id>/link/",
        views_expectations.after_contact_link,
        name="after_contact_link",
    ),
    path("tro/partner/", views_expectations.partner, name="partner"),
    path(
        "tro/borger/<int:citizen_id>/henvis/",
        views_expectations.refer_partner,
        name="refer_partner",
    ),
    path("svar/<str:token>/", views.answer, name="answer"),
]
