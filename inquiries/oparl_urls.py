"""OParl 1.1 API (read-only) at /oparl/v1.1/."""


app_name = "oparl"

urlpatterns: list = []
