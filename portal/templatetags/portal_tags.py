from django import template
from django.conf import settings
from wagtail.models import Locale, Page, Site

register = template.Library()


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
                      "home": home.get_url(request) if home else "/", "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def menu_pages(context):
    request = context["request"]
    page = context.get("page")
    locale = page.locale if isinstance(page, Page) else Locale.get_active()
    home = _home_for(request, locale) if locale else None
    if home is None:
        return []
    return list(home.get_children().live().in_menu())


@register.simple_tag
def breadcrumbs(page):
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return list(page.get_ancestors().filter(depth__gte=2))


@register.simple_tag
def footer_for(locale=None):
    from portal.models import Footer

    locale = locale or Locale.get_active()
    return Footer.objects.filter(locale=locale).first() or Footer.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
