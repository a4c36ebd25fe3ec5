from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("teams/", views.team_list, name="teams"),
    path("teams/<int:team_id>/", views.team_detail, name="team"),
    path("teams/nyt/", views.team_create, name="team_create"),
    path("medarbejdere/", views.staff_list, name="staff_list"),
    path("medarbejdere/ny/", views.staff_create, name="staff_create"),
    path("medarbejdere/<int:staff_id>/", views.staff_edit, name="staff_edit"),
]
