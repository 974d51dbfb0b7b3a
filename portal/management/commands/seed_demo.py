"""Demo content so the site is worth looking at. Idempotent: run it as often as you like; what
exists is left alone. Each app contributes a `demo.py` with `seed(command)`; the order below is
the dependency order. Refuses to run under production settings."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

SEEDERS = ["accounts.demo", "portal.demo", "content.demo", "quiz.demo", "contest.demo", "courses.demo", "search.demo"]


class Command(BaseCommand):
    help = "Tạo nội dung trình diễn (chạy lại nhiều lần không sao)."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="chỉ chạy các phần này, ví dụ accounts.demo portal.demo")

    def handle(self, *args, **options):
        if not settings.DEMO_CONTENT_ALLOWED:
            raise CommandError("seed_demo không chạy với cấu hình production: tài khoản trình diễn có mật khẩu công khai.")
        for name in options["only"] or SEEDERS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name == name:
                    continue  # that app has no demo content yet
                raise
            with transaction.atomic():
                module.seed(self)
        self.stdout.write(self.style.SUCCESS("Nội dung trình diễn đã sẵn sàng."))
