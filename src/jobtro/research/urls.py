from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("", views.index, name="index"),
    path("udtraek/", views.export, name="export"),
    path("koersler/<int:run_id>/", views.run_detail, name="run"),
    path("koersler/<int:run_id>/status/", views.run_status, name="run_status"),
    path("koersler/<int:run_id>/rapport.html", views.run_report, name="report"),
    path("koersler/<int:run_id>/results.json", views.run_results, name="results"),
]
