"""Strengths pages under /styrker/: the caseworker's (login) and the one-time links of
the citizen (/styrker/svar/…) and of their network (/styrker/netvaerk/…), no login."""

from django.urls import path

from . import views

app_name = "strengths"
urlpatterns = [
    path("borger/<int:citizen_id>/", views.citizen_page, name="citizen"),
    path("borger/<int:citizen_id>/link/", views.create_link, name="create_link"),
    path(
        "borger/<int:citizen_id>/link/<int:strengths_link_id>/spaer/",
        views.revoke_link,
        name="revoke_link",
    ),
    path("svar/<str:token>/", views.answer, name="answer"),
    path("svar/<str:token>/inviter/", views.invite, name="invite"),
    path(
        "svar/<str:token>/invitation/<int:invitation_id>/luk/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("svar/<str:token>/hent/", views.download, name="download"),
    path("netvaerk/<str:token>/", views.network, name="network"),
]
