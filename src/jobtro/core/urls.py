from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("revision/", views.audit_log, name="audit"),
    path("revision/eksport.csv", views.audit_export, name="audit_export"),
    path("api-noegler/", views.api_tokens, name="api_tokens"),
]
