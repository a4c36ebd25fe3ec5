from django.urls import path

from . import views, views_oidc, views_totp

app_name = "sso"

urlpatterns = [
    path("", views.choose, name="choose"),
    path("saml/metadata/", views.saml_metadata, name="saml_metadata"),
    path("saml/login/", views.saml_login, name="saml_login"),
    path("saml/acs/", views.saml_acs, name="saml_acs"),
    path("saml/logout/", views.saml_logout, name="saml_logout"),
    path("saml/sls/", views.saml_sls, name="saml_sls"),
    path("oidc/login/", views_oidc.oidc_login, name="oidc_login"),
    path("oidc/callback/", views_oidc.oidc_callback, name="oidc_callback"),
    path("oidc/logout/", views_oidc.oidc_logout, name="oidc_logout"),
    path("totp/", views_totp.totp, name="totp"),
]
