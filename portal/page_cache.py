"""Whole-page cache for anonymous readers, in Redis when configured.

A reader without a session cookie who GETs a public page gets the stored HTML; anything personal
(a session, a CSRF token in a form, a Set-Cookie) is never stored. Publishing, unpublishing,
moving or deleting any page bumps a generation number, which retires every stored page at once:
cheaper and safer than working out which listings showed the changed page."""

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "page-cache:generation"
SKIP_PREFIXES = ("/cms/", "/django-admin/", "/api/", "/healthz", "/tai-khoan/", "/en/tai-khoan/", "/static/", "/media/")


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def current_generation(request):
    """The generation, read once per request."""
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = _generation()
    return request._page_cache_generation


def invalidate_page_cache(**kwargs):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet: nothing is cached under any generation
        cache.set(GENERATION_KEY, 2, None)


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(SKIP_PREFIXES)
    )


def _key(request):
    return f"page-cache:{_generation()}:{request.get_host()}:{request.get_full_path()}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_USED")
            and response.get("Content-Type", "").startswith(("text/html", "application/xml", "application/rss+xml"))
        ):
            patch_vary_headers(response, ["Cookie"])
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
