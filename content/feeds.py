from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import Locale

from .models import NewsCategory, NewsPage


class NewsFeed(Feed):
    """RSS of the newest news in one language, optionally one category: /rss/vi/, /rss/en/cuoc-thi/."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, language, category=None):
        if language not in dict(settings.LANGUAGES):
            raise Http404
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            raise Http404
        cat = None
        if category:
            cat = NewsCategory.objects.filter(locale=locale, slug=category).first()
            if cat is None:
                raise Http404
        self.request = request
        return {"locale": locale, "category": cat}

    def title(self, obj):
        with override(obj["locale"].language_code):
            base = _("Tin tức Học vụ số Đồng Nai")
        return f"{base} — {obj['category'].name}" if obj["category"] else base

    def link(self, obj):
        return "/" if obj["locale"].language_code == settings.LANGUAGE_CODE else f"/{obj['locale'].language_code}/"

    def description(self, obj):
        return self.title(obj)

    def items(self, obj):
        news = NewsPage.objects.live().filter(locale=obj["locale"]).order_by("-date", "-pk")
        if obj["category"]:
            news = news.filter(category=obj["category"])
        return news[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        from datetime import datetime, time

        from django.utils import timezone

        return timezone.make_aware(datetime.combine(item.date, time(7, 0)))
