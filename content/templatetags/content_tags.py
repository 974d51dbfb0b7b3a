from django import template

from content.models import NewsPage

register = template.Library()


@register.simple_tag
def latest_news(locale, count=5):
    """The newest published news in a language, for the home page."""
    return list(NewsPage.objects.live().filter(locale=locale).select_related("category").order_by("-date", "-pk")[:count])
