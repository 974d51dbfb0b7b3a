from django import template

register = template.Library()


@register.simple_tag
def featured_contests(locale, limit=3):
    """Live contests of the page's language for the home page's featured area."""
    from contest.models import ContestPage

    return list(ContestPage.objects.live().filter(locale=locale).order_by("-first_published_at")[:limit])
