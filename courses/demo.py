"""Demo courses: four short courses for different audiences, 4–5 lessons each, with real little
videos made by ffmpeg (a test pattern and a tone, a few seconds) when it is installed, else a
YouTube embed; Vietnamese captions and transcripts; a quiz at the end of each course. Idempotent:
what exists is left alone."""

import os
import subprocess
import tempfile

from django.core.files import File
from wagtail.models import Locale

from accounts.models import AudienceGroup
from portal.models import HomePage

from .models import CompetencyArea, CourseAudience, CourseIndexPage, CoursePage, LessonCaption, LessonPage
from .video import FFMPEG, ffmpeg_available

DEMO_NOTE = "(Nội dung trình diễn.)"
FALLBACK_YOUTUBE = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
PATTERNS = ["testsrc", "testsrc2", "smptebars", "rgbtestsrc"]

# slug, title, audiences, area code, level, summary, [(lesson title, transcript sentences)], quiz questions
COURSES = [
    ("dien-thoai-thong-minh-an-toan", "Dùng điện thoại thông minh an toàn", [AudienceGroup.ELDERLY, AudienceGroup.OTHER_ADULT],
     "0", "basic", "Bốn bài ngắn giúp người cao tuổi và người dân gọi video, đọc tin chính thống và tránh lừa đảo.",
     [("Làm quen màn hình cảm ứng", ["Chạm nhẹ một lần để mở ứng dụng.", "Vuốt lên để xem thêm nội dung."]),
      ("Gọi video cho con cháu", ["Mở ứng dụng gọi điện, chọn người thân.", "Bấm biểu tượng máy quay để gọi video."]),
      ("Đọc tin từ nguồn chính thống", ["Tìm trang của cơ quan nhà nước có đuôi gov.vn.", "Không tin ngay tin lạ trên mạng xã hội."]),
      ("Nhận biết cuộc gọi lừa đảo", ["Không đọc mã OTP cho bất kỳ ai.", "Gọi lại số chính thức để kiểm tra."])],
     [("Có nên đọc mã OTP cho người tự xưng là công an qua điện thoại?", ["Không bao giờ", "Có, nếu họ nói gấp"], 0),
      ("Trang của cơ quan nhà nước thường có đuôi nào?", ["gov.vn", "xyz.com"], 0),
      ("Muốn gọi video, bấm biểu tượng nào?", ["Máy quay", "Thùng rác"], 0)]),
    ("dich-vu-cong-truc-tuyen-can-bo", "Hướng dẫn dịch vụ công trực tuyến cho cán bộ", [AudienceGroup.CIVIL_SERVANT],
     "5", "intermediate", "Cán bộ, công chức nắm quy trình tiếp nhận và hướng dẫn người dân nộp hồ sơ trực tuyến.",
     [("Tài khoản định danh điện tử", ["Người dân đăng nhập bằng tài khoản định danh điện tử.", "Cán bộ hướng dẫn kích hoạt trên ứng dụng VNeID."]),
      ("Chọn đúng thủ tục", ["Tìm thủ tục theo tên hoặc theo lĩnh vực.", "Kiểm tra cơ quan giải quyết trước khi nộp."]),
      ("Đính kèm giấy tờ", ["Chụp giấy tờ rõ nét, đủ bốn góc.", "Dùng kho dữ liệu cá nhân để không phải nộp lại."]),
      ("Theo dõi và trả kết quả", ["Tra cứu tình trạng hồ sơ bằng mã hồ sơ.", "Kết quả điện tử có giá trị như bản giấy."]),
      ("Hỗ trợ người dân tại bộ phận một cửa", ["Hướng dẫn người dân tự thao tác trên điện thoại của mình.", "Ghi nhận khó khăn để báo cáo."])],
     [("Người dân đăng nhập Cổng dịch vụ công bằng gì?", ["Tài khoản định danh điện tử", "Số tài khoản ngân hàng"], 0),
      ("Ảnh giấy tờ đính kèm cần thế nào?", ["Rõ nét, đủ bốn góc", "Càng nhỏ càng tốt"], 0),
      ("Tra cứu tình trạng hồ sơ bằng gì?", ["Mã hồ sơ", "Tên cán bộ"], 0)]),
    ("an-toan-tren-mang-hoc-sinh", "An toàn trên mạng cho học sinh", [AudienceGroup.STUDENT],
     "4", "basic", "Học sinh biết bảo vệ tài khoản, thông tin cá nhân và ứng xử văn minh trên mạng.",
     [("Mật khẩu mạnh", ["Mật khẩu dài, có chữ, số và ký hiệu.", "Không dùng chung một mật khẩu cho mọi nơi."]),
      ("Bảo vệ thông tin cá nhân", ["Không đăng địa chỉ nhà và số điện thoại công khai.", "Kiểm tra chế độ riêng tư của bài đăng."]),
      ("Ứng xử văn minh", ["Tôn trọng người khác khi bình luận.", "Báo cho thầy cô khi bị bắt nạt trên mạng."]),
      ("Kiểm chứng thông tin", ["Đối chiếu với ít nhất hai nguồn tin chính thống.", "Cẩn thận với ảnh và video bị cắt ghép."])],
     [("Mật khẩu nào mạnh hơn?", ["Hoa!Sen2026#DongNai", "123456"], 0),
      ("Khi bị bắt nạt trên mạng, em nên làm gì?", ["Báo cho thầy cô, cha mẹ", "Im lặng chịu đựng"], 0),
      ("Kiểm chứng tin bằng cách nào?", ["Đối chiếu nguồn chính thống", "Chia sẻ ngay cho bạn bè"], 0)]),
    ("tri-tue-nhan-tao-trong-cong-viec", "Trí tuệ nhân tạo trong công việc hằng ngày", [AudienceGroup.WORKER, AudienceGroup.DIGITAL_TEAM],
     "6", "basic", "Người lao động và thành viên Tổ công nghệ số cộng đồng dùng trợ lý AI an toàn, đúng việc.",
     [("Trợ lý AI là gì", ["Trợ lý AI trả lời câu hỏi bằng ngôn ngữ tự nhiên.", "AI có thể sai, cần kiểm tra lại."]),
      ("Viết yêu cầu rõ ràng", ["Nói rõ mục đích, đối tượng và độ dài mong muốn.", "Đưa ví dụ để AI hiểu đúng ý."]),
      ("Bảo mật khi dùng AI", ["Không đưa bí mật công ty hay dữ liệu cá nhân vào AI.", "Đọc quy định của nơi làm việc."]),
      ("Kiểm tra kết quả", ["Đối chiếu số liệu với nguồn gốc.", "Người dùng chịu trách nhiệm về sản phẩm cuối cùng."])],
     [("AI có thể trả lời sai không?", ["Có, cần kiểm tra lại", "Không bao giờ"], 0),
      ("Có nên đưa dữ liệu cá nhân của khách hàng vào AI công cộng?", ["Không", "Có"], 0),
      ("Yêu cầu tốt cho AI cần gì?", ["Mục đích và ví dụ rõ ràng", "Càng ngắn càng tốt"], 0)]),
]


def _vtt(sentences):
    lines, start = ["WEBVTT", ""], 0.0
    for sentence in sentences:
        end = start + 1.5
        lines += [f"00:00:{start:06.3f} --> 00:00:{end:06.3f}", sentence, ""]
        start = end
    return "\n".join(lines)


def _make_video(index, seconds=3):
    """A small real MP4: an ffmpeg test pattern with a tone (a few tens of kilobytes)."""
    from wagtailmedia.models import get_media_model

    Media = get_media_model()
    title = f"Video trình diễn {index + 1}"
    existing = Media.objects.filter(title=title, type="video").first()
    if existing:
        return existing
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"demo-{index + 1}.mp4")
        pattern = PATTERNS[index % len(PATTERNS)]
        subprocess.run([FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", f"{pattern}=size=480x270:rate=15:duration={seconds}",
                        "-f", "lavfi", "-i", f"sine=frequency={330 + 110 * index}:duration={seconds}",
                        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "48k",
                        "-shortest", "-movflags", "+faststart", path], check=True, capture_output=True, timeout=120)
        media = Media(title=title, type="video", duration=seconds, width=480, height=270)
        with open(path, "rb") as handle:
            media.file.save(f"demo-{index + 1}.mp4", File(handle), save=False)
        media.save()  # post_save queues the ffmpeg job (poster, 360p rendition)
    return media


def _quiz(slug, title, questions):
    try:
        from quiz.models import Category, Choice, Question, Quiz, QuizQuestion
    except ImportError:
        return None
    quiz = Quiz.objects.filter(slug=slug).first()
    if quiz:
        return quiz
    category, _ = Category.objects.get_or_create(slug="khoa-hoc-trinh-dien", defaults={"name": "Khóa học (trình diễn)"})
    quiz = Quiz.objects.create(slug=slug, title=title, pass_mark=60, answers_at_end=True,
                               success_text="Bạn đã đạt! Bài học được tính là hoàn thành.",
                               fail_text="Chưa đạt, hãy xem lại bài và làm lại nhé.")
    for position, (text, options, right) in enumerate(questions, start=1):
        question = Question.objects.create(category=category, text=text, kind=Question.Kind.SINGLE,
                                           explanation=DEMO_NOTE)
        for number, option in enumerate(options, start=1):
            Choice.objects.create(question=question, text=option, is_correct=(number - 1 == right), position=number)
        QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
    return quiz


def seed(command):
    vi = Locale.objects.filter(language_code="vi").first()
    home = HomePage.objects.filter(locale=vi).first() if vi else None
    if home is None:
        return
    index = CourseIndexPage.objects.filter(locale=vi, slug="khoa-hoc").first()
    if index is None:
        index = home.add_child(instance=CourseIndexPage(
            title="Khóa học kỹ năng số", slug="khoa-hoc", show_in_menus=True, locale=vi,
            intro="<p>Những bài học ngắn, dễ hiểu cho từng đối tượng. Học xong nhận giấy chứng nhận có mã kiểm tra. "
                  f"{DEMO_NOTE}</p>"))
        index.save_revision().publish()
    use_ffmpeg = ffmpeg_available()
    for number, (slug, title, audiences, area_code, level, summary, lessons, questions) in enumerate(COURSES):
        if CoursePage.objects.filter(slug=slug, locale=vi).exists():
            continue
        area = CompetencyArea.objects.filter(locale=vi, code=area_code).first()
        course = CoursePage(title=title, slug=slug, summary=summary, level=level, competency_area=area, locale=vi,
                            estimated_minutes=3 * len(lessons) + 2, body=f"<p>{summary} {DEMO_NOTE}</p>")
        for group in audiences:
            course.audiences.add(CourseAudience(group=group))
        index.add_child(instance=course)
        course.save_revision().publish()
        video = _make_video(number) if use_ffmpeg else None
        quiz = _quiz(f"kiem-tra-{slug}"[:100], f"Kiểm tra: {title}", questions)
        for position, (lesson_title, sentences) in enumerate(lessons, start=1):
            last = position == len(lessons)
            fields = {"video": video} if video else {"youtube_url": FALLBACK_YOUTUBE}
            rule = LessonPage.CompletionRule.WATCH
            if last and quiz:
                fields["quiz"], rule = quiz, LessonPage.CompletionRule.WATCH_AND_QUIZ
            lesson = LessonPage(title=lesson_title, slug=f"bai-{position}", summary=sentences[0], locale=vi,
                                transcript="\n\n".join(sentences), completion_rule=rule, watch_percent=80,
                                body=f"<p>{' '.join(sentences)}</p><p>{DEMO_NOTE}</p>", **fields)
            lesson.captions.add(LessonCaption(language="vi", label="Tiếng Việt", text=_vtt(sentences), locale=vi))
            course.add_child(instance=lesson)
            lesson.save_revision().publish()
        # one text-only lesson per course shows the no-JavaScript "Tôi đã đọc xong" path
        reading = LessonPage(title="Tài liệu đọc thêm", slug="doc-them", locale=vi, required=False,
                             completion_rule=LessonPage.CompletionRule.READ,
                             body=f"<p>{summary}</p><p>Hãy đọc kỹ và bấm “Tôi đã đọc xong”. {DEMO_NOTE}</p>")
        course.add_child(instance=reading)
        reading.save_revision().publish()
    if command is not None and hasattr(command, "stdout"):
        command.stdout.write(f"courses: {CoursePage.objects.filter(locale=vi).count()} khóa học")
