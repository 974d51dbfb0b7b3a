"""Whole-page cache for anonymous readers, in Redis when configured.

A reader without a session cookie who GETs a public page gets the stored HTML; anything personal
(a session, a CSRF token in a form, a Set-Cookie) is never stored. Publishing, unpublishing,
moving or deleting any page bumps a generation number, which retires every stored page at once:
cheaper and safer than working out which listings showed the changed page."""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "page-cache:generation"
SKIP_PREFIXES = ("/cms/", "/django-admin/", "/api/", "/healthz", "/tai-khoan/", "/en/tai-khoan/", "/static/", "/media/")


def _fresh_generation():
    # Random, not 1: after the cache is flushed (a Redis restart), a new generation must not
    # repeat one that per-process memos (remember_site) may still hold.
    return secrets.randbelow(2**62)


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), None)
        generation = cache.get(GENERATION_KEY)
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
        cache.set(GENERATION_KEY, _fresh_generation(), None)


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(SKIP_PREFIXES)
    )


def _key(request):
    return f"page-cache:{current_generation(request)}:{request.get_host()}:{request.get_full_path()}"


_sites: dict = {}
_SITES_MAX = 32  # the Host header is the client's to choose: keep the memo small


def remember_site(request):
    """Wagtail looks up the request's Site with a query on every request (about a quarter of an
    uncached article's time). Sites change rarely, and saving one bumps the generation, so keep
    the answer per process until then; Wagtail reads it back from request._wagtail_site."""
    from django.http.request import split_domain_port
    from wagtail.models import Site

    if request.path.startswith(("/healthz", "/static/", "/media/")):
        return  # the health check must answer with the database down; files need no Site
    key = (current_generation(request), split_domain_port(request._get_raw_host())[0], request.get_port())
    site = _sites.get(key)
    if site is None:
        if len(_sites) >= _SITES_MAX or any(k[0] != key[0] for k in _sites):
            _sites.clear()
        site = _sites[key] = Site._find_for_request(request)
    request._wagtail_site = site


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # JSON APIs answer with data, not pages: the few that build a page URL call remember_site
        # themselves, and the rest (autosave, submit, progress ticks) skip its cache read.
        if not request.path.startswith("/api/"):
            remember_site(request)
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
