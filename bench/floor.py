"""The framework's floor (bench run only): an API view that answers without a query or a kept answer.

It runs the app's whole middleware and DRF's authentication, throttling and rendering, as every endpoint
does: no endpoint can answer faster on the same server, which is what a ratio to the raw baseline (bare WSGI,
no framework) should be read against.
"""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView


class FloorView(APIView):
    def get(self, request):
        response = Response({"ok": True})
        # Never kept: each request goes the whole way.
        response["Cache-Control"] = "no-store"
        return response


urlpatterns = [path("", FloorView.as_view())]
