"""The home page in Vietnamese (the source) and its English translation."""

from django.conf import settings
from wagtail.models import Locale, Page, Site

from .models import HomePage

VI = {
    "title": "Bình dân học vụ số Đồng Nai",
    "intro": "<p>Học kỹ năng số miễn phí qua những bài học ngắn, theo dõi tin tức chuyển đổi số và "
             "tham gia cuộc thi “Công dân số Đồng Nai”. Đây là nội dung trình diễn.</p>",
}
EN = {
    "title": "Digital Literacy for All — Đồng Nai",
    "intro": "<p>Learn digital skills for free through short lessons, follow digital-transformation "
             "news and take part in the “Digital Citizen of Đồng Nai” contest. This is demo content.</p>",
}


def ensure_locales():
    for code in settings.CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def seed(command):
    ensure_locales()
    vi = Locale.objects.get(language_code="vi")
    home = HomePage.objects.filter(locale=vi).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title=VI["title"], slug="trang-chu", intro=VI["intro"], locale=vi))
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80, is_default_site=True)
        old_root = site.root_page_id
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
        # Wagtail's "Welcome to your new Wagtail site!" placeholder has no further use.
        if old_root and old_root != home.pk:
            Page.objects.filter(pk=old_root, depth=2).exclude(pk=home.pk).delete()
    en = Locale.objects.filter(language_code="en").first()
    if en and not home.has_translation(en):
        translated = home.copy_for_translation(en)
        translated.title, translated.intro, translated.slug = EN["title"], EN["intro"], "home"
        translated.save_revision().publish()
