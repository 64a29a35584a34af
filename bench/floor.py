"""The framework's floor (bench run only): an API view that answers without a query or a kept answer.

It runs the app's whole middleware and DRF's authentication, throttling and rendering, as every endpoint
does: no endpoint can answer faster on the same server, which is what a ratio to the raw baseline (bare WSGI,
no framework) should be read against.
"""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships.models import Party


class FloorView(APIView):
    # The default permission (model permissions, anonymous reads allowed) reads the model of the view's
    # queryset, never the rows: without one it refused every request with a 500.
    queryset = Party.objects.none()

    def get(self, request):
        response = Response({"ok": True})
        # Never kept: each request goes the whole way.
        response["Cache-Control"] = "no-store"
        return response


urlpatterns = [path("", FloorView.as_view())]
