from django.urls import path

from . import views

app_name = "inquiries"

urlpatterns = [
    path("", views.inquiry_list, name="list"),
    # path: council systems number papers like "1234/2014" (oparl_import).
    path("<path:reference_number>/", views.inquiry_detail, name="detail"),
]
