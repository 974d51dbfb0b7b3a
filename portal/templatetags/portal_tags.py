from django import template
from django.conf import settings
from django.core.cache import cache
from wagtail.models import Locale, Page, Site

from portal.page_cache import current_generation

register = template.Library()
CHROME_SECONDS = 600


def _cached(request, name, parts, compute):
    """The site chrome (menus, language links, breadcrumbs, footer) changes only when content is
    published, which bumps the page-cache generation; until then it is computed once per page
    and language instead of with ten queries per request."""
    key = f"chrome:{current_generation(request)}:{name}:{request.get_host()}:" + ":".join(str(p) for p in parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CHROME_SECONDS)
    return value


def _home_for(request, locale):
    """The site's home page in `locale`, looked up once per request."""
    homes = request.__dict__.setdefault("_hvs_homes", {})
    if locale.pk not in homes:
        site = Site.find_for_request(request)
        root = site.root_page if site else None
        if root is not None and root.locale_id != locale.pk:
            root = root.get_translation_or_none(locale)
        homes[locale.pk] = root
    return homes[locale.pk]


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per content language: the same page's translation when it exists, otherwise that
    language's home page (so the switcher never leads to a 404)."""
    request = context["request"]
    page = context.get("page")
    current = context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE)
    page_key = page.pk if isinstance(page, Page) else request.path
    links = _cached(request, "languages", [page_key], lambda: _language_links(request, page))
    return [{**link, "current": link["code"] == current} for link in links]


def _language_links(request, page):
    locales = {loc.language_code: loc for loc in Locale.objects.filter(language_code__in=dict(settings.LANGUAGES))}
    links = []
    for code, name in settings.LANGUAGES:
        locale = locales.get(code)
        if locale is None:
            continue
        target, exact = None, False
        if isinstance(page, Page):
            target = page if page.locale_id == locale.pk else page.get_translation_or_none(locale)
            exact = target is not None and target.live
            if not exact:
                target = None
        home = _home_for(request, locale)
        target = target or home
        if target is None:
            continue
        links.append({"code": code, "name": name, "url": target.get_url(request), "exact": exact,
                      "home": home.get_url(request) if home else "/"})
    return links


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """[(page id, title, url)] of the home page's children marked "show in menus"."""
    request = context["request"]
    page = context.get("page")
    locale = page.locale if isinstance(page, Page) else Locale.get_active()

    def compute():
        home = _home_for(request, locale) if locale else None
        if home is None:
            return []
        return [(p.pk, p.title, p.get_url(request)) for p in home.get_children().live().in_menu()]

    return _cached(request, "menu", [locale.pk if locale else ""], compute)


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """[(title, url)] from the home page down to the page's parent."""
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    request = context["request"]
    return _cached(request, "crumbs", [page.pk], lambda: [
        (p.title, p.get_url(request)) for p in page.get_ancestors().filter(depth__gte=2)])


@register.simple_tag(takes_context=True)
def footer_html(context, locale=None):
    """The footer's rendered text in the reader's language (Vietnamese when not translated)."""
    from wagtail.rich_text import expand_db_html

    from portal.models import Footer

    locale = locale or Locale.get_active()

    def compute():
        footer = Footer.objects.filter(locale=locale).first() or Footer.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE).first()
        return expand_db_html(footer.text) if footer else ""

    return _cached(context["request"], "footer", [locale.pk], compute)
