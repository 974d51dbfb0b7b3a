from django.core.management.base import BaseCommand

from accounts.demo import describe_logins


class Command(BaseCommand):
    help = "In địa chỉ trang và các tài khoản trình diễn."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Học vụ số đang chạy: {url}  (English: {url}en/, quản trị: {url}cms/)"))
        self.stdout.write("Tài khoản trình diễn (chỉ dùng thử, không bao giờ dùng ở production):")
        for login, password, what in describe_logins():
            self.stdout.write(f"  {login:<28} {password:<14} {what}")
        self.stdout.write("")
