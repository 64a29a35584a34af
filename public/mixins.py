"""What every public page shares: HTTP caching, friendly notices, the API link and the "cite this" box."""

import datetime as dt

from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from public.citing import Citation


class PublicPageMixin:
    """Mix into a generic view. Subclasses name their API path and how they are cited.

    Anonymous readers get an ETag and a public ``Cache-Control`` (so the page is kept server-side too, while
    the data is unchanged: ``core.kept_answers``), and a 304 when their copy is current.
    Query parameters are read through ``read_form``: a bad value becomes a notice on the page.
    """

    cache_seconds = 300

    def dispatch(self, request, *args, **kwargs):
        self.notices: list[str] = []
        return self.with_cache_headers(super().dispatch(request, *args, **kwargs))

    def with_cache_headers(self, response):
        if self.request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if self.request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        set_response_etag(response)
        patch_cache_control(response, public=True, max_age=self.cache_seconds)
        patch_vary_headers(response, ["Cookie"])
        return get_conditional_response(self.request, etag=response.headers["ETag"], response=response)

    def read_form(self, form_class, **kwargs) -> tuple[dict, object]:
        """The values to use from the query string, and the form to show them in."""
        read = form_class(self.request.GET, **kwargs)
        values, notices = read.read()
        self.notices.extend(notices)
        return values, form_class.for_display(values, refused=read, **kwargs)

    def get_api_path(self) -> str | None:
        return None

    def get_citation_title(self) -> str | None:
        return None

    def get_citation(self) -> Citation | None:
        title = self.get_citation_title()
        if not title:
            return None
        return Citation(
            title=title,
            url=self.request.build_absolute_uri(self.request.path),
            key=self.request.path.strip("/").replace("/", " "),
            accessed=dt.date.today(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            notices=self.notices,
            api_path=self.get_api_path(),
            citation=self.get_citation(),
            canonical_url=self.request.build_absolute_uri(self.request.path),
        )
        return context
