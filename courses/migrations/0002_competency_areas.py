"""Seed the editable competency taxonomy. The areas of Quyết định 757/QĐ-BKHCN Phụ lục I could not
be verified (see DOMAIN_FACTS.md §2.2); the seed is the six verified domains of Thông tư
02/2025/TT-BGDĐT plus group 0 of Công văn 3139/BTTTT-KTS&XHS (using devices and software), each
row naming its source so editors can replace them with the 757 areas from the official text."""

import uuid

from django.db import migrations

TT02 = "Thông tư 02/2025/TT-BGDĐT"
CV3139 = "Công văn 3139/BTTTT-KTS&XHS (khung kỹ năng số cơ bản cho người dân, phiên bản 1.0)"
AREAS = [
    ("0", "Sử dụng thiết bị và phần mềm trên thiết bị", CV3139),
    ("1", "Khai thác dữ liệu và thông tin", TT02),
    ("2", "Giao tiếp và hợp tác trong môi trường số", TT02),
    ("3", "Sáng tạo nội dung số", TT02),
    ("4", "An toàn", TT02),
    ("5", "Giải quyết vấn đề", TT02),
    ("6", "Ứng dụng trí tuệ nhân tạo", TT02),
]


def seed(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Area = apps.get_model("courses", "CompetencyArea")
    locale = Locale.objects.filter(language_code="vi").first()
    if locale is None:
        return
    for order, (code, name, framework) in enumerate(AREAS):
        Area.objects.get_or_create(locale=locale, code=code, defaults={
            "name": name, "framework": framework, "sort_order": order, "translation_key": uuid.uuid4()})


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial"), ("wagtailcore", "0098_apitoken")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
