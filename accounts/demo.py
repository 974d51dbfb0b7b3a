"""Demo units and one user per role. The passwords are public on purpose (README, `make run`):
seed_demo refuses to run under production settings."""

from django.contrib.auth.models import Group
from django.db.models import Q
from django.core.management import call_command

from . import roles
from .models import AdministrativeUnit, AudienceGroup, LearnerProfile, User
from .phone import normalize_phone

DEMO_PASSWORD = "hocvuso-demo"  # demo only, printed by `make run`

# (e-mail, phone, full name, role or None for superuser, commune code, audience)
DEMO_USERS = [
    ("admin@demo.hocvuso.vn", "0901000001", "Trần Quản Trị", None, None, AudienceGroup.CIVIL_SERVANT),
    ("bientap@demo.hocvuso.vn", "0901000002", "Lê Thị Biên Tập", roles.EDITORS, "26068", AudienceGroup.CIVIL_SERVANT),
    ("kiemduyet@demo.hocvuso.vn", "0901000003", "Phạm Văn Duyệt", roles.MODERATORS, "26068", AudienceGroup.CIVIL_SERVANT),
    ("btc@demo.hocvuso.vn", "0901000004", "Ngô Thị Tổ Chức", roles.CONTEST_ORGANISERS, "26041", AudienceGroup.CIVIL_SERVANT),
    ("canboxa@demo.hocvuso.vn", "0901000005", "Võ Văn Xã", roles.COMMUNE_OFFICERS, "26068", AudienceGroup.CIVIL_SERVANT),
    (None, "0901000006", "Nguyễn Thị Học", "learner", "26068", AudienceGroup.ELDERLY),
]


def seed(command):
    if not AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE).exists():
        call_command("load_units", stdout=command.stdout)
    for email, phone, name, role, commune_code, audience in DEMO_USERS:
        phone = normalize_phone(phone)
        user = User.objects.filter(Q(phone=phone) | Q(email=email or None)).first()
        if user is None:
            user = User(email=email, phone=phone, is_staff=role not in (None, "learner"))
            user.set_full_name(name)
            user.set_password(DEMO_PASSWORD)
            if role is None:
                user.is_staff = user.is_superuser = True
            user.save()
        if role not in (None, "learner"):
            user.groups.add(Group.objects.get(name=role))
        LearnerProfile.objects.get_or_create(
            user=user,
            defaults={
                "commune": AdministrativeUnit.objects.filter(code=commune_code).first(),
                "audience_group": audience,
                "birth_year": 1955 if audience == AudienceGroup.ELDERLY else 1988,
            },
        )


def describe_logins() -> list[tuple[str, str, str]]:
    """(login, password, what they can do) for `make run` to print."""
    what = {
        None: "quản trị toàn hệ thống",
        roles.EDITORS: "soạn tin, khóa học, gửi duyệt",
        roles.MODERATORS: "duyệt và xuất bản",
        roles.CONTEST_ORGANISERS: "ngân hàng câu hỏi, đợt thi, xếp hạng, xuất kết quả",
        roles.COMMUNE_OFFICERS: "số liệu của phường Biên Hòa",
        "learner": "người học: học bài, thi",
    }
    return [(email or phone, DEMO_PASSWORD, what[role]) for email, phone, _n, role, _c, _a in DEMO_USERS]
