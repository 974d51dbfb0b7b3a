"""The home page in Vietnamese (the source) and its English translation, and the footer."""

import uuid

from django.conf import settings
from wagtail.models import Locale, Page, Site

from .models import Footer, HomePage

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


# The plans' five targets for 2026 (Kế hoạch 216/KH-UBND); the "reached" figures are demo numbers.
TARGETS = [
    ("Cán bộ, công chức, viên chức có kiến thức, kỹ năng số phục vụ công việc", 100, 72.5),
    ("Học sinh từ cấp tiểu học được trang bị kiến thức, kỹ năng số và an toàn số", 100, 64.0),
    ("Người dân trưởng thành có tri thức cơ bản về chuyển đổi số và dùng tốt dịch vụ số thiết yếu", 100, 41.3),
    ("Người trưởng thành được xác nhận đạt phổ cập kỹ năng số trên VNeID", 60, 38.8),
    ("Người lao động trong doanh nghiệp, hợp tác xã có kỹ năng số phục vụ sản xuất, kinh doanh", 100, 35.2),
]


TARGETS_EN = [
    "Civil servants and public employees with digital knowledge and skills for their work",
    "Pupils from primary school up equipped with digital skills and online safety",
    "Adults with basic knowledge of digital transformation who use essential digital services well",
    "Adults confirmed on VNeID as having basic digital skills",
    "Workers in enterprises and cooperatives with digital skills for production and business",
]


def _targets(labels=None, source="Số liệu trình diễn"):
    import datetime as dt

    labels = labels or [label for label, _goal, _reached in TARGETS]
    return [("target", {"label": label, "goal": goal, "reached": reached, "as_of": dt.date(2026, 11, 15),
                        "source": source}) for label, (_vi, goal, reached) in zip(labels, TARGETS)]


def seed(command):
    ensure_locales()
    vi = Locale.objects.get(language_code="vi")
    home = HomePage.objects.filter(locale=vi).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title=VI["title"], slug="trang-chu", intro=VI["intro"], locale=vi))
        home.save_revision().publish()
    if not home.targets:
        home.targets = _targets()
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80, is_default_site=True)
        old_root = site.root_page_id
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
        # Wagtail's "Welcome to your new Wagtail site!" placeholder has no further use.
        if old_root and old_root != home.pk:
            Page.objects.filter(pk=old_root, depth=2).exclude(pk=home.pk).delete()
    seed_footers()
    en = Locale.objects.filter(language_code="en").first()
    if en and not home.has_translation(en):
        translated = home.copy_for_translation(en)
        translated.title, translated.intro, translated.slug = EN["title"], EN["intro"], "home"
        translated.targets = _targets(TARGETS_EN, source="Demo figures")
        translated.save_revision().publish()


FOOTERS = {
    "vi": "<p>Trang thông tin phong trào “Bình dân học vụ số” — bản trình diễn của phần mềm mã nguồn mở Học vụ số. "
          "Liên hệ: <a href=\"/lien-he/\">trang liên hệ</a>.</p>",
    "en": "<p>Information site of the “Digital Literacy for All” movement — a demo of the open-source Học vụ số software. "
          "Contact: <a href=\"/lien-he/\">contact page</a>.</p>",
}


def seed_footers():
    for code, text in FOOTERS.items():
        locale = Locale.objects.filter(language_code=code).first()
        if locale and not Footer.objects.filter(locale=locale).exists():
            vi_footer = Footer.objects.filter(locale__language_code="vi").first()
            Footer.objects.create(locale=locale, text=text,
                                  translation_key=vi_footer.translation_key if vi_footer else uuid.uuid4())
