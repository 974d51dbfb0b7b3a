"""Sections other apps add to the home page (featured courses, the running contest).

portal sits below courses and contest, so it cannot import them; they register a function here
from their AppConfig.ready(). Each function takes (request, locale) and returns None or a
(template name, context dict) pair; the home page renders them in `order`."""

_sections: list[tuple[int, str, object]] = []


def register(name, function, *, order=50):
    global _sections
    _sections = sorted([s for s in _sections if s[1] != name] + [(order, name, function)], key=lambda s: s[0])


def render_context(request, locale):
    sections = []
    for _order, _name, function in _sections:
        section = function(request, locale)
        if section:
            sections.append(section)
    return sections
