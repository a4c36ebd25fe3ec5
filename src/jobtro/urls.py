from django.contrib import admin
from django.urls import include, path

from jobtro.api import api
from jobtro.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("jobtro.core.auth_urls")),
    path("sso/", include("jobtro.sso.urls")),
    path("api/", api.urls),
    path("borgere/import/", include("jobtro.citizens.imports.urls")),
    path("borgere/", include("jobtro.citizens.urls")),
    path("organisation/", include("jobtro.organisations.urls")),
    path("forskning/", include("jobtro.research.urls")),
    path("praksis/", include("jobtro.practice.urls")),
    path("praksis/", include("jobtro.experiments.urls")),  # eksperimenter/, greb/
    path("praksis/historier/", include("jobtro.stories.urls")),
    path("projekt/", include("jobtro.meetings.urls")),
    path("virksomheder/", include("jobtro.companies.urls")),
    path("styrker/", include("jobtro.strengths.urls")),
    # /tro/… for staff; /svar/<token>/ is the citizen's one-time link (no login).
    path("", include("jobtro.belief.urls")),
    path("admin/", admin.site.urls),
    path("", include("jobtro.core.urls")),
]

# Jobtro's own error pages, in the user's language (core.error_views).
handler400 = "jobtro.core.error_views.bad_request"
handler403 = "jobtro.core.error_views.permission_denied"
handler404 = "jobtro.core.error_views.page_not_found"
handler500 = "jobtro.core.error_views.server_error"
