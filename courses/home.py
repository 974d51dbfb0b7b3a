"""The home page's course section (registered with portal.home_sections in apps.ready())."""


def featured_courses(request, locale, limit=4):
    """The newest live courses in the page's language."""
    from .models import CoursePage

    courses = list(CoursePage.objects.live().filter(locale=locale).select_related("competency_area")
                   .order_by("-first_published_at")[:limit])
    if not courses:
        return None
    return "courses/home_section.html", {"courses": courses}
