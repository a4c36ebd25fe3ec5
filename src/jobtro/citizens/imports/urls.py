"""Include in jobtro/urls.py as `path("borgere/import/", include("jobtro.citizens.imports.urls"))`."""

from django.urls import path

from . import views

app_name = "citizens_import"
urlpatterns = [
    path("status/<str:token>/", views.import_status, name="status"),
]
