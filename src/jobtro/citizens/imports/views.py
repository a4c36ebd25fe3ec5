from django.http import Http404, HttpRequest, HttpResponse


def import_page(request: HttpRequest) -> HttpResponse:
    raise Http404  # built by the imports work
