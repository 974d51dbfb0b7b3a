"""Demo question bank and two quizzes on the plans' topics (digital transformation, online public
services, VNeID, cashless payments, online safety, AI). Idempotent: questions are keyed by their
code and left alone once they exist, so edits made in the admin survive a re-seed. The rows use
the import template (quiz/README.md) and go through the importer."""

import csv
import io

from .models import Question, Quiz, QuizQuestion
from .question_bank import HEADER, question_bank_import

DEMO = "(Câu hỏi trình diễn.)"


def _row(code, topic, subtopic, kind, difficulty, text, options, answer, explanation):
    options = list(options) + [""] * (6 - len(options))
    return [code, topic, subtopic, kind, difficulty, text, *options, answer, f"{explanation} {DEMO}".strip(), "co"]


ROWS = [
    _row("DEMO-CDS-01", "Chuyển đổi số", "", "mot_lua_chon", "de",
         "Phong trào “Bình dân học vụ số” hướng tới điều gì?",
         ["Phổ cập kiến thức, kỹ năng số cho mọi người dân", "Chỉ đào tạo lập trình viên",
          "Thay thế hoàn toàn giấy tờ trong một ngày", "Bán điện thoại thông minh giá rẻ"], "1",
         "Phong trào phổ cập kiến thức, kỹ năng số cơ bản cho mọi người, “không ai bị bỏ lại phía sau”."),
    _row("DEMO-CDS-02", "Chuyển đổi số", "", "nhieu_lua_chon", "trung_binh",
         "Tổ công nghệ số cộng đồng ở khu phố, ấp thường giúp người dân những việc nào?",
         ["Cài đặt, sử dụng ứng dụng trên điện thoại", "Nộp hồ sơ dịch vụ công trực tuyến",
          "Nhận biết tin nhắn, cuộc gọi lừa đảo", "Giữ hộ mật khẩu và mã OTP của người dân"], "1;2;3",
         "Tổ hướng dẫn người dân tự làm; không ai được giữ mật khẩu hay mã OTP của người khác."),
    _row("DEMO-CDS-03", "Chuyển đổi số", "", "dung_sai", "de",
         "Kỹ năng số chỉ cần cho người trẻ, người cao tuổi không cần học.", [], "sai",
         "Phong trào hướng tới mọi lứa tuổi, trong đó có người cao tuổi."),
    _row("DEMO-DVC-01", "Dịch vụ công trực tuyến", "", "mot_lua_chon", "de",
         "Người dân có thể nộp hồ sơ thủ tục hành chính trực tuyến ở đâu?",
         ["Cổng Dịch vụ công quốc gia", "Trang mạng xã hội của người lạ", "Đường link nhận qua tin nhắn rác"], "1",
         "Chỉ dùng các cổng chính thức của cơ quan nhà nước."),
    _row("DEMO-DVC-02", "Dịch vụ công trực tuyến", "", "dung_sai", "trung_binh",
         "Có thể theo dõi tình trạng giải quyết hồ sơ trực tuyến mà không phải đến trụ sở.", [], "dung",
         "Cổng dịch vụ công cho tra cứu tiến độ hồ sơ bằng mã hồ sơ."),
    _row("DEMO-DVC-03", "Dịch vụ công trực tuyến", "", "nhieu_lua_chon", "trung_binh",
         "Những việc nào nên làm trước khi nộp hồ sơ trực tuyến?",
         ["Chuẩn bị bản chụp hoặc bản quét giấy tờ rõ nét", "Kiểm tra đúng địa chỉ trang web chính thức",
          "Gửi mật khẩu cho người quen nhờ nộp hộ"], "1;2",
         "Giấy tờ rõ nét giúp hồ sơ không bị trả lại; mật khẩu không đưa cho ai."),
    _row("DEMO-VNEID-01", "VNeID", "", "mot_lua_chon", "de",
         "VNeID là gì?",
         ["Ứng dụng định danh và xác thực điện tử của Bộ Công an", "Một trò chơi trên điện thoại",
          "Ứng dụng ngân hàng tư nhân"], "1",
         "VNeID là ứng dụng định danh điện tử do Bộ Công an phát triển."),
    _row("DEMO-VNEID-02", "VNeID", "", "dung_sai", "trung_binh",
         "Người khác gọi điện nhờ bạn đọc mã kích hoạt VNeID thì nên đọc cho họ để được hỗ trợ.", [], "sai",
         "Mã kích hoạt, mã OTP là của riêng bạn; cán bộ thật không hỏi qua điện thoại."),
    _row("DEMO-VNEID-03", "VNeID", "", "mot_lua_chon", "trung_binh",
         "Nên tải ứng dụng VNeID từ đâu?",
         ["Kho ứng dụng chính thức (App Store, Google Play)", "Đường link do người lạ gửi qua Zalo",
          "Tệp cài đặt .apk trên trang web lạ"], "1",
         "Ứng dụng giả mạo thường được phát tán qua đường link và tệp .apk."),
    _row("DEMO-TT-01", "Thanh toán không dùng tiền mặt", "", "mot_lua_chon", "de",
         "Khi quét mã QR để chuyển khoản, việc nào cần làm trước khi xác nhận?",
         ["Kiểm tra tên người nhận và số tiền", "Xác nhận ngay cho nhanh", "Tắt khóa màn hình điện thoại"], "1",
         "Kiểm tra tên người nhận giúp phát hiện mã QR bị dán đè."),
    _row("DEMO-TT-02", "Thanh toán không dùng tiền mặt", "", "nhieu_lua_chon", "trung_binh",
         "Những cách nào giúp tài khoản ngân hàng trên điện thoại an toàn hơn?",
         ["Đặt mật khẩu mạnh và khóa màn hình", "Bật thông báo biến động số dư",
          "Dùng chung mật khẩu với mạng xã hội", "Không cài ứng dụng lạ"], "1;2;4",
         "Mật khẩu riêng, thông báo số dư và ứng dụng chính thức là ba lớp bảo vệ đơn giản."),
    _row("DEMO-TT-03", "Thanh toán không dùng tiền mặt", "", "dung_sai", "de",
         "Có thể nộp tiền điện, nước qua ứng dụng ngân hàng hoặc ví điện tử.", [], "dung",
         "Nhiều hóa đơn sinh hoạt thanh toán được trực tuyến."),
    _row("DEMO-ATS-01", "An toàn trên mạng", "Lừa đảo qua mạng", "mot_lua_chon", "de",
         "Một người gọi điện tự xưng công an, yêu cầu bạn chuyển tiền để “xác minh”. Bạn nên làm gì?",
         ["Cúp máy và báo công an xã, phường nơi mình ở", "Chuyển tiền ngay", "Đọc mã OTP cho họ"], "1",
         "Công an không yêu cầu chuyển tiền hay đọc mã OTP qua điện thoại."),
    _row("DEMO-ATS-02", "An toàn trên mạng", "Lừa đảo qua mạng", "nhieu_lua_chon", "trung_binh",
         "Dấu hiệu nào thường gặp ở tin nhắn lừa đảo?",
         ["Thúc giục làm ngay kẻo mất quyền lợi", "Kèm đường link lạ yêu cầu đăng nhập",
          "Hứa trúng thưởng lớn nhưng phải nộp phí trước", "Gửi từ tổng đài chính thức, không kèm link"], "1;2;3",
         "Thúc ép, đường link lạ và “phí nhận thưởng” là ba dấu hiệu quen thuộc."),
    _row("DEMO-ATS-03", "An toàn trên mạng", "", "mot_lua_chon", "trung_binh",
         "Mật khẩu nào mạnh nhất?",
         ["Cum-tu-de-nho!Dong-Nai-2026", "123456", "ngaysinh1980", "matkhau"], "1",
         "Mật khẩu dài, có chữ hoa, chữ thường, số và ký hiệu thì khó đoán."),
    _row("DEMO-ATS-04", "An toàn trên mạng", "", "dung_sai", "trung_binh",
         "Xác thực hai lớp giúp tài khoản an toàn hơn kể cả khi lộ mật khẩu.", [], "dung",
         "Kẻ gian cần thêm mã thứ hai trên điện thoại của bạn."),
    _row("DEMO-ATS-05", "An toàn trên mạng", "Lừa đảo qua mạng", "tu_luan", "kho",
         "Người thân nhắn tin qua mạng xã hội nhờ chuyển gấp tiền. Hãy nêu các bước bạn làm để kiểm tra.",
         [], "", "Gợi ý chấm: gọi điện trực tiếp hoặc gặp người thân để xác minh, không chuyển tiền khi chưa chắc chắn, báo cho người thân đổi mật khẩu."),
    _row("DEMO-AI-01", "Trí tuệ nhân tạo", "", "mot_lua_chon", "trung_binh",
         "Khi dùng trợ lý trí tuệ nhân tạo (AI) để soạn văn bản, việc nào là đúng?",
         ["Kiểm tra lại thông tin trước khi dùng", "Tin tuyệt đối vào mọi câu trả lời",
          "Đưa vào số căn cước và mật khẩu cho AI nhớ"], "1",
         "AI có thể trả lời sai; không đưa dữ liệu cá nhân nhạy cảm vào."),
    _row("DEMO-AI-02", "Trí tuệ nhân tạo", "", "dung_sai", "trung_binh",
         "Video, giọng nói có thể bị làm giả bằng AI (deepfake) để lừa đảo.", [], "dung",
         "Khi nghi ngờ, hãy gọi lại bằng số quen thuộc để xác minh."),
    _row("DEMO-AI-03", "Trí tuệ nhân tạo", "", "nhieu_lua_chon", "kho",
         "AI có thể giúp cán bộ, người dân những việc nào?",
         ["Tóm tắt văn bản dài", "Gợi ý cách viết thư, đơn", "Quyết định thay con người mọi việc",
          "Dịch nội dung sang ngôn ngữ khác"], "1;2;4",
         "AI hỗ trợ, con người vẫn kiểm tra và chịu trách nhiệm."),
]

QUIZZES = [
    ("ky-nang-so-co-ban", "Kỹ năng số cơ bản",
     "Mười câu rút ngẫu nhiên về chuyển đổi số, dịch vụ công trực tuyến, VNeID và thanh toán số; "
     "đáp án và giải thích hiện ngay sau mỗi câu.",
     dict(random_order=True, max_questions=10, answers_at_end=False, pass_mark=60,
          success_text="Chúc mừng bạn đã đạt! Hãy chia sẻ với người thân cùng học.",
          fail_text="Bạn chưa đạt lần này. Xem lại giải thích và làm lại nhé."),
     ["DEMO-CDS-", "DEMO-DVC-", "DEMO-VNEID-", "DEMO-TT-"]),
    ("an-toan-tren-mang", "An toàn trên không gian mạng",
     "Nhận biết lừa đảo, bảo vệ tài khoản, dùng AI an toàn. Có một câu tự luận do cán bộ chấm; "
     "đáp án hiện khi nộp bài và bài làm được lưu lại.",
     dict(random_order=False, answers_at_end=True, exam_paper=True, pass_mark=70,
          success_text="Bạn đã nắm vững cách tự bảo vệ trên mạng.",
          fail_text="Hãy xem lại các dấu hiệu lừa đảo trong phần giải thích."),
     ["DEMO-ATS-", "DEMO-AI-"]),
]


def seed(command):
    existing = set(Question.objects.filter(external_id__startswith="DEMO-").values_list("external_id", flat=True))
    new_rows = [row for row in ROWS if row[0] not in existing]
    if new_rows:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(new_rows)
        report = question_bank_import(file=io.BytesIO(out.getvalue().encode("utf-8")), filename="demo.csv")
        if not report.ok:  # the rows above are ours: an error here is a bug in this file
            raise RuntimeError(f"quiz demo rows rejected: {report.errors}")
    for slug, title, description, settings, prefixes in QUIZZES:
        quiz, created = Quiz.objects.get_or_create(slug=slug, defaults={"title": title, "description": description,
                                                                          **settings})
        if created:
            questions = [q for prefix in prefixes
                         for q in Question.objects.filter(external_id__startswith=prefix).order_by("external_id")]
            QuizQuestion.objects.bulk_create(
                [QuizQuestion(quiz=quiz, question=q, position=i) for i, q in enumerate(questions, start=1)])
    command.stdout.write(f"quiz: {Question.objects.filter(external_id__startswith='DEMO-').count()} câu hỏi, "
                         f"{Quiz.objects.filter(slug__in=[q[0] for q in QUIZZES]).count()} bài kiểm tra.")
