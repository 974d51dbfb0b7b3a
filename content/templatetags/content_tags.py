from django import template

from content.models import NewsPage
from portal.templatetags.portal_tags import _cached

register = template.Library()


@register.simple_tag(takes_context=True)
def latest_news(context, locale, count=5):
    """The newest published news in a language for the home page: [(title, url, date, summary)],
    remembered until the next publish."""
    request = context["request"]

    def compute():
        news = NewsPage.objects.live().filter(locale=locale).order_by("-date", "-pk")[:count]
        return [(n.title, n.get_url(request), n.date, n.summary) for n in news]

    return _cached(request, "latest-news", [locale.pk, count], compute)
