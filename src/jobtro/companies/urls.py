"""Companies, visits, placements and matching under /virksomheder/."""

from django.urls import path

from . import views

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="list"),
    path("ny/", views.company_create, name="create"),
    path("<int:company_id>/", views.company_detail, name="detail"),
    path("<int:company_id>/ret/", views.company_edit, name="edit"),
    path("<int:company_id>/kontaktpersoner/ny/", views.contact_edit, name="contact_create"),
    path(
        "<int:company_id>/kontaktpersoner/<int:company_contact_id>/",
        views.contact_edit,
        name="contact_edit",
    ),
    path("<int:company_id>/jobfunktioner/ny/", views.function_edit, name="function_create"),
    path(
        "<int:company_id>/jobfunktioner/<int:job_function_id>/",
        views.function_edit,
        name="function_edit",
    ),
    path("<int:company_id>/viden/ny/", views.note_create, name="note_create"),
    path("<int:company_id>/besoeg/ny/", views.visit_create, name="visit_create"),
    path("besoeg/", views.visit_list, name="visits"),
    path("besoeg/ny/", views.visit_create_any, name="visit_create_any"),
    path("forloeb/ny/<int:citizen_id>/", views.placement_create, name="placement_create"),
    path("forloeb/<int:placement_id>/", views.placement_detail, name="placement"),
    path("borger/<int:citizen_id>/profil/", views.profile_edit, name="profile"),
    path("borger/<int:citizen_id>/match/", views.matching, name="matching"),
]
