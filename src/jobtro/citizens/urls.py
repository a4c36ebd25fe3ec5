from django.urls import path

from jobtro.referrals import views as referrals

from . import views

app_name = "citizens"
urlpatterns = [
    path("", views.citizen_list, name="list"),
    path("<int:citizen_id>/", views.citizen_detail, name="detail"),
    path("<int:citizen_id>/samtale/", views.add_contact, name="add_contact"),
    path("import/", views.import_upload, name="import"),
    path("henvisninger/", referrals.referral_list, name="referrals"),
    path("<int:citizen_id>/henvisning/", referrals.referral_create, name="referral_create"),
    path("henvisninger/<int:referral_id>/", referrals.referral_detail, name="referral_detail"),
    path("henvisninger/<int:referral_id>/ret/", referrals.referral_edit, name="referral_edit"),
    path(
        "henvisninger/<int:referral_id>/udskriv/", referrals.referral_print, name="referral_print"
    ),
    path("henvisninger/<int:referral_id>/pdf/", referrals.referral_pdf, name="referral_pdf"),
]
