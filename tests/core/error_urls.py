"""Jobtro's URLs plus two that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from jobtro.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def fails(request):
    raise RuntimeError("en fejl i Jobtro, med vilje")


def refuses(request):
    raise PermissionDenied


urlpatterns = [path("test/fejl/", fails), path("test/forbudt/", refuses), *urlpatterns]
