"""The site's one search page (works without JavaScript; suggestions are an enhancement)."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from . import services

# Query-string names (Vietnamese, like the rest of the site) for each facet.
FACET_PARAMS = {"kind": "loai", "audience": "doi-tuong", "topic": "chu-de", "language": "ngon-ngu", "length": "do-dai"}
FACET_TITLES = {
    "kind": gettext_lazy("Loại nội dung"), "audience": gettext_lazy("Đối tượng"), "topic": gettext_lazy("Chủ đề"),
    "language": gettext_lazy("Ngôn ngữ"), "length": gettext_lazy("Độ dài"),
}


def filters_from(params) -> dict[str, list[str]]:
    return {facet: params.getlist(name)[:10] for facet, name in FACET_PARAMS.items()}


def _querystring(query: str, filters: dict, **changes) -> str:
    pairs = [("q", query)] if query else []
    for facet, name in FACET_PARAMS.items():
        for value in filters.get(facet, []):
            pairs.append((name, value))
    for key, value in changes.items():
        if value is not None:
            pairs.append((key, value))
    return urlencode(pairs)


@require_GET
def search_page(request):
    raw = request.GET.get("q", "")
    language = get_language() or "vi"
    filters = filters_from(request.GET)
    page = services._int(request.GET.get("trang", 1))
    results = None
    if "q" in request.GET:
        results = services.search(raw, filters=filters, language=language, page=page, log=page == 1)
    facets = []
    if results and results.total or any(filters.values()):
        for facet, values in (results.facets.items() if results else []):
            if not values:
                continue
            options = []
            for item in values:
                selected = filters.get(facet, [])
                toggled = [v for v in selected if v != item.value] if item.value in selected else [*selected, item.value]
                options.append({"value": item.value, "label": item.label, "count": item.count,
                                "selected": item.selected,
                                "url": "?" + _querystring(results.query, {**filters, facet: toggled})})
            facets.append({"key": facet, "title": FACET_TITLES[facet], "options": options})
    context = {
        "page_title": _("Tìm kiếm"),
        "query": results.query if results else raw[:200],
        "results": results,
        "facets": facets,
        "language": language,
        "has_filters": any(filters.values()),
        "clear_url": "?" + _querystring(results.query if results else "", {}),
        "querystring": _querystring(results.query if results else "", filters),
        "did_you_mean_url": ("?" + _querystring(results.did_you_mean, filters)) if results and results.did_you_mean
        else "",
    }
    return render(request, "search/search_page.html", context)
