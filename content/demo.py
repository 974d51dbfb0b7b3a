"""Demo content drawn from the facts of the provincial plans (Kế hoạch 216/KH-UBND năm 2026 and
the plan for the one-year review). Everything here is demo text written for this project."""

import datetime as dt

from django.utils import timezone
from wagtail.models import Locale

from portal.models import HomePage

from .models import (DocumentLibraryPage, DocumentType, EventPage, NewsCategory, NewsIndexPage, NewsPage,
                     OfficialDocument, StandardPage)

DEMO = "(Nội dung trình diễn.)"

CATEGORIES = [("Phong trào", "phong-trao"), ("Kỹ năng số", "ky-nang-so"), ("Cuộc thi", "cuoc-thi"),
              ("Dịch vụ công", "dich-vu-cong")]

# (slug, title, category slug, days ago, summary, paragraphs, tags)
NEWS = [
    ("phat-dong-binh-dan-hoc-vu-so-2026", "Đồng Nai phát động Phong trào “Bình dân học vụ số” năm 2026", "phong-trao", 200,
     "Lễ phát động được kết nối trực tuyến tới 95 xã, phường; các lực lượng ký kết phối hợp phổ cập kỹ năng số.",
     ["Tại điểm cầu chính ở Hội trường Ủy ban nhân dân thành phố, lãnh đạo thành phố phát động phong trào năm 2026 với tinh thần “không ai bị bỏ lại phía sau”.",
      "Mỗi xã, phường là một điểm cầu trực tuyến, có Tổ công nghệ số cộng đồng, đoàn viên thanh niên và đại diện doanh nghiệp, trường học cùng tham dự."],
     ["phát động", "95 xã phường"]),
    ("muc-tieu-nam-2026", "Năm mục tiêu của phong trào năm 2026", "phong-trao", 190,
     "Phấn đấu 100% cán bộ, công chức, viên chức có kỹ năng số và 60% người trưởng thành được xác nhận trên VNeID.",
     ["Kế hoạch năm 2026 đặt năm mục tiêu: cán bộ, công chức, viên chức; học sinh từ cấp tiểu học; người dân trưởng thành; xác nhận phổ cập trên VNeID; người lao động trong doanh nghiệp, hợp tác xã.",
      "Chỉ tiêu xác nhận phổ cập kỹ năng số cho 60% người trưởng thành trên nền tảng VNeID cần hoàn thành trước ngày 30/11/2026."],
     ["mục tiêu", "VNeID"]),
    ("cuoc-thi-cong-dan-so-dong-nai", "Sắp diễn ra cuộc thi “Công dân số Đồng Nai: Kỹ năng thông minh - Công vụ chuyên nghiệp”", "cuoc-thi", 150,
     "Cuộc thi trực tuyến hướng tới ít nhất 50.000 lượt dự thi trong quý III–IV năm 2026.",
     ["Cuộc thi do Sở Khoa học và Công nghệ chủ trì, phối hợp với Đoàn thanh niên, các sở, ngành và các trường đại học.",
      "Nội dung xoay quanh chuyển đổi số, dịch vụ công trực tuyến, an toàn trên mạng và ứng dụng trí tuệ nhân tạo trong công việc, đời sống."],
     ["cuộc thi", "AI"]),
    ("to-cong-nghe-so-cong-dong-tap-huan", "Tập huấn kỹ năng số cho thành viên Tổ công nghệ số cộng đồng", "ky-nang-so", 120,
     "Mục tiêu 100% thành viên Tổ công nghệ số cộng đồng được tập huấn để hướng dẫn lại người dân.",
     ["Các lớp tập huấn giúp thành viên tổ hướng dẫn người dân cài đặt ứng dụng, nộp hồ sơ trực tuyến và nhận biết lừa đảo.",
      "Sau tập huấn, mỗi tổ xây dựng lịch hỗ trợ người dân tại nhà văn hóa khu phố, ấp."],
     ["Tổ CNSCĐ", "tập huấn"]),
    ("chien-dich-mua-he-so", "Chiến dịch “Mùa hè số” đưa kỹ năng số về vùng sâu, vùng xa", "phong-trao", 100,
     "Đoàn viên, thanh niên hỗ trợ trực tiếp người dân các xã vùng sâu, vùng xa trong quý III.",
     ["Chiến dịch đặt mục tiêu hỗ trợ trực tiếp 100% các xã vùng sâu, vùng xa và đóng góp 30% chỉ tiêu phổ cập của năm.",
      "Các đội hình tình nguyện hướng dẫn thanh toán không dùng tiền mặt, dùng VNeID và tra cứu thông tin chính thống."],
     ["Mùa hè số", "thanh niên"]),
    ("nop-ho-so-truc-tuyen-the-nao", "Nộp hồ sơ dịch vụ công trực tuyến: năm bước cho người mới", "dich-vu-cong", 90,
     "Hướng dẫn ngắn gọn để người dân tự nộp hồ sơ trên Cổng Dịch vụ công quốc gia.",
     ["Chuẩn bị tài khoản định danh điện tử, chọn đúng thủ tục, điền thông tin, đính kèm giấy tờ và theo dõi kết quả.",
      "Nếu gặp khó khăn, người dân có thể nhờ Tổ công nghệ số cộng đồng tại xã, phường hỗ trợ."],
     ["dịch vụ công", "hướng dẫn"]),
    ("canh-giac-lua-dao-qua-dien-thoai", "Cảnh giác lừa đảo qua điện thoại và mạng xã hội", "ky-nang-so", 80,
     "Không cung cấp mã OTP, không bấm vào đường dẫn lạ, kiểm tra kỹ trước khi chuyển tiền.",
     ["Kẻ gian thường giả danh cơ quan công an, ngân hàng hoặc người thân để yêu cầu chuyển tiền gấp.",
      "Hãy gọi lại số chính thức của cơ quan, ngân hàng hoặc hỏi trực tiếp người thân trước khi làm theo bất kỳ yêu cầu nào."],
     ["an toàn số", "lừa đảo"]),
    ("nguoi-cao-tuoi-hoc-dung-dien-thoai", "Người cao tuổi ở Biên Hòa học dùng điện thoại thông minh", "ky-nang-so", 60,
     "Các lớp học nhỏ giúp người cao tuổi gọi video, đọc tin chính thống và thanh toán bằng mã QR.",
     ["Mỗi buổi học kéo dài khoảng một giờ, tập trung vào một việc cụ thể, có tài liệu chữ lớn để mang về.",
      "Nhiều học viên đã tự gọi video cho con cháu và tra cứu lịch khám bệnh trên điện thoại."],
     ["người cao tuổi"]),
    ("thanh-toan-khong-dung-tien-mat-cho", "Thanh toán không dùng tiền mặt ở chợ truyền thống", "ky-nang-so", 45,
     "Tiểu thương được hướng dẫn dùng mã QR, kiểm tra thông báo nhận tiền và bảo vệ tài khoản.",
     ["Người bán nên kiểm tra thông báo biến động số dư trước khi giao hàng, tránh bị lừa bằng ảnh chụp màn hình giả.",
      "Mã QR in sẵn cần được dán ở nơi dễ quan sát để không bị dán đè."],
     ["thanh toán số"]),
    ("tri-tue-nhan-tao-cho-can-bo", "Dùng trí tuệ nhân tạo hỗ trợ công việc hành chính một cách an toàn", "ky-nang-so", 30,
     "Công cụ AI giúp soạn thảo, tóm tắt văn bản nhưng không được đưa dữ liệu cá nhân, tài liệu mật vào.",
     ["Cán bộ có thể dùng AI để gợi ý bố cục, rà soát chính tả, tóm tắt tài liệu công khai.",
      "Mọi nội dung do AI tạo ra cần được kiểm tra lại; không nhập số định danh, số điện thoại của người dân vào công cụ bên ngoài."],
     ["AI", "CBCC"]),
    ("bao-ve-du-lieu-ca-nhan", "Luật Bảo vệ dữ liệu cá nhân có hiệu lực từ ngày 01/01/2026", "dich-vu-cong", 20,
     "Người dân có quyền được biết, đồng ý, xem, sửa và yêu cầu xóa dữ liệu cá nhân của mình.",
     ["Luật số 91/2025/QH15 yêu cầu sự đồng ý rõ ràng, không được mặc định đồng ý.",
      "Trước khi cung cấp số định danh cá nhân, hãy hỏi rõ mục đích sử dụng và thời gian lưu trữ."],
     ["dữ liệu cá nhân"]),
    ("so-ket-mot-nam-phong-trao", "Sơ kết một năm triển khai phong trào tại 95 xã, phường", "phong-trao", 5,
     "Các địa phương báo cáo kết quả, mô hình hay và những “vùng lõm” cần tập trung hỗ trợ.",
     ["Báo cáo sơ kết đánh giá số người học, số người hoàn thành khóa học và mức độ tham gia theo từng xã, phường.",
      "Những địa phương còn thấp so với chỉ tiêu sẽ được ưu tiên hỗ trợ trong giai đoạn tiếp theo."],
     ["sơ kết"]),
]

NEWS_EN = {
    "phat-dong-binh-dan-hoc-vu-so-2026": ("Đồng Nai launches the 2026 “Digital Literacy for All” movement",
        "The launch ceremony was linked online to all 95 communes and wards.",
        "At the main venue in the city People's Committee hall, city leaders launched the 2026 movement in the spirit of “leaving no one behind”."),
    "muc-tieu-nam-2026": ("Five targets of the movement in 2026",
        "All civil servants with digital skills, and 60% of adults confirmed on VNeID.",
        "The 2026 plan sets five targets covering civil servants, pupils, adults, VNeID confirmation and workers in enterprises and cooperatives."),
    "cuoc-thi-cong-dan-so-dong-nai": ("The “Digital Citizen of Đồng Nai” contest is coming",
        "The online contest aims for at least 50,000 entries in the third and fourth quarters of 2026.",
        "The Department of Science and Technology leads the contest with the Youth Union, departments and universities."),
}

DOCUMENTS = [
    ("216/KH-UBND", DocumentType.PLAN, "Triển khai thực hiện Phong trào “Bình dân học vụ số” trên địa bàn Đồng Nai năm 2026",
     "Ủy ban nhân dân tỉnh Đồng Nai", dt.date(2026, 4, 28), "Năm mục tiêu, nhiệm vụ của các sở, ngành và xã, phường; cuộc thi “Công dân số Đồng Nai”."),
    ("55-KH/TU", DocumentType.PLAN, "Thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ I về đột phá khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
     "Ban Chấp hành Đảng bộ tỉnh Đồng Nai", dt.date(2026, 2, 11), ""),
    ("757/QĐ-BKHCN", DocumentType.DECISION, "Ban hành Khung kiến thức, kỹ năng số cơ bản và Hướng dẫn đánh giá, xác nhận hoàn thành mức độ phổ cập kỹ năng số",
     "Bộ Khoa học và Công nghệ", dt.date(2025, 4, 29), "Khung phiên bản 1.0 cho bốn nhóm đối tượng."),
    ("01-KH/BCĐTW", DocumentType.PLAN, "Triển khai Phong trào “Bình dân học vụ số”",
     "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", dt.date(2025, 3, 21), ""),
    ("57-NQ/TW", DocumentType.RESOLUTION, "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
     "Bộ Chính trị", dt.date(2024, 12, 22), ""),
]


def _body(paragraphs):
    return [("paragraph", f"<p>{p}</p>") for p in paragraphs] + [("paragraph", f"<p><em>{DEMO}</em></p>")]


def _publish(page):
    page.save_revision().publish()
    return page


def _child(parent, model, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    return _publish(parent.add_child(instance=model(slug=slug, show_in_menus=True, **fields))), True


def seed(command):
    vi = Locale.objects.get(language_code="vi")
    home = HomePage.objects.get(locale=vi)
    categories = {}
    for name, slug in CATEGORIES:
        categories[slug], _ = NewsCategory.objects.get_or_create(locale=vi, slug=slug, defaults={"name": name})

    news_index, _ = _child(home, NewsIndexPage, "tin-tuc", title="Tin tức",
                           intro="Tin hoạt động của phong trào Bình dân học vụ số trên địa bàn. " + DEMO)
    today = timezone.localdate()
    for slug, title, category, days_ago, summary, paragraphs, tags in NEWS:
        page = NewsPage.objects.child_of(news_index).filter(slug=slug).first()
        if page:
            continue
        page = NewsPage(slug=slug, title=title, summary=summary, date=today - dt.timedelta(days=days_ago),
                        category=categories[category], body=_body(paragraphs))
        news_index.add_child(instance=page)
        page.tags.add(*tags)
        _publish(page)

    _child(home, DocumentLibraryPage, "van-ban", title="Văn bản chỉ đạo",
           intro="Kế hoạch, quyết định, công văn về phong trào. " + DEMO)
    for number, doc_type, title, body, issued_on, summary in DOCUMENTS:
        OfficialDocument.objects.get_or_create(number=number, defaults={
            "doc_type": doc_type, "title": title, "issuing_body": body, "issued_on": issued_on, "summary": summary})

    start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=14), dt.time(8, 0)))
    _child(home, EventPage, "le-phat-dong-mua-he-so", title="Lễ sơ kết một năm phong trào và phát động Chiến dịch “Mùa hè số”",
           starts_at=start, ends_at=start + dt.timedelta(hours=3),
           place="Hội trường Ủy ban nhân dân thành phố Đồng Nai",
           connected_sites="Điểm cầu chính: Hội trường UBND thành phố\nĐiểm cầu trực tuyến: UBND 95 xã, phường",
           summary="Sơ kết kết quả một năm, khen thưởng và phát động Chiến dịch “Mùa hè số”. " + DEMO,
           body=_body(["Chương trình gồm báo cáo sơ kết, tham luận của các địa phương, khen thưởng và nghi thức phát động chiến dịch."]))
    _child(home, StandardPage, "gioi-thieu", title="Giới thiệu phong trào",
           summary="Bình dân học vụ số: phổ cập kiến thức, kỹ năng số cho mọi người dân.",
           body=_body(["Phong trào hướng tới mọi người: cán bộ, công chức, học sinh, người lao động, người cao tuổi, người khuyết tật.",
                       "Trang này là sản phẩm mã nguồn mở; nội dung hiện tại là nội dung trình diễn."]))
    seed_contact(home)
    if not home.featured_news:
        featured = NewsPage.objects.child_of(news_index).filter(
            slug__in=["muc-tieu-nam-2026", "canh-giac-lua-dao-qua-dien-thoai"]).order_by("-date")
        home.featured_news = [("news", page) for page in featured]
        home.save_revision().publish()
    _translate_demo(home, news_index)


def _translate_demo(home, news_index):
    en = Locale.objects.filter(language_code="en").first()
    if en is None or not home.has_translation(en):
        return
    if not news_index.has_translation(en):
        index_en = news_index.copy_for_translation(en)
        index_en.title, index_en.slug, index_en.intro = "News", "news", "News of the movement. (Demo content.)"
        _publish(index_en)
    for page, title, slug, summary in _translatable_sections(home):
        if not page.has_translation(en):
            translated = page.copy_for_translation(en)
            translated.title, translated.slug = title, slug
            if summary is not None:
                for field in ("summary", "intro"):
                    if hasattr(translated, field):
                        setattr(translated, field, summary)
            _publish(translated)
    for slug, (title, summary, paragraph) in NEWS_EN.items():
        page = NewsPage.objects.child_of(news_index).filter(slug=slug).first()
        if page and not page.has_translation(en):
            translated = page.copy_for_translation(en)
            translated.title, translated.summary = title, summary
            translated.body = [("paragraph", f"<p>{paragraph}</p>"), ("paragraph", "<p><em>(Demo content.)</em></p>")]
            _publish(translated)


def seed_contact(home):
    from .models import ContactFormField, ContactPage

    if ContactPage.objects.child_of(home).exists():
        return
    page = ContactPage(slug="lien-he", title="Liên hệ", show_in_menus=True,
                       intro="Góp ý, hỏi đáp về phong trào và trang Học vụ số. " + DEMO,
                       thank_you_text="Cảm ơn bạn đã liên hệ. Bộ phận phụ trách sẽ trả lời trong 2 ngày làm việc.",
                       to_address="hotro@demo.hocvuso.vn", from_address="no-reply@demo.hocvuso.vn",
                       subject="Liên hệ mới từ trang Học vụ số")
    page.form_fields = [
        ContactFormField(sort_order=0, label="Họ và tên", field_type="singleline", required=True),
        ContactFormField(sort_order=1, label="Thư điện tử", field_type="email", required=True),
        ContactFormField(sort_order=2, label="Nội dung", field_type="multiline", required=True),
    ]
    home.add_child(instance=page)
    page.save_revision().publish()


def _translatable_sections(home):
    """(Vietnamese page, English title, English slug, English summary) for the demo's sections."""
    from .models import ContactPage

    wanted = [
        (DocumentLibraryPage, "van-ban", "Official documents", "documents", "Plans, decisions and letters about the movement. (Demo content.)"),
        (EventPage, "le-phat-dong-mua-he-so", "One-year review and launch of the “Digital Summer” campaign", "digital-summer-launch",
         "Review of the first year, awards, and the launch of the “Digital Summer” campaign. (Demo content.)"),
        (StandardPage, "gioi-thieu", "About the movement", "about", "Digital Literacy for All: basic digital skills for everyone. (Demo content.)"),
        (ContactPage, "lien-he", "Contact", "contact", "Questions and suggestions about the movement and this site. (Demo content.)"),
    ]
    for model, slug, title, en_slug, summary in wanted:
        page = model.objects.child_of(home).filter(slug=slug).first()
        if page:
            yield page, title, en_slug, summary
