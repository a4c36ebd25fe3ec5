from django.urls import path

from . import views

app_name = "citizens"
urlpatterns = [
    path("", views.citizen_list, name="list"),
    path("<int:citizen_id>/", views.citizen_detail, name="detail"),
    path("<int:citizen_id>/samtale/", views.add_contact, name="add_contact"),
    path("import/", views.import_upload, name="import"),
]
