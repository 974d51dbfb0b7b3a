"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib, so installing needs no GNU gettext."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Biên dịch tệp dịch .po thành .mo (không cần GNU gettext)."

    def handle(self, *args, **options):
        from django.apps import apps

        count = 0
        # Our own catalogues: locale/ plus each of our apps' locale/ folders.
        base = Path(settings.BASE_DIR)
        dirs = [Path(d) for d in settings.LOCALE_PATHS] + [
            Path(app.path) / "locale" for app in apps.get_app_configs() if Path(app.path).is_relative_to(base)
            and ".venv" not in Path(app.path).parts
        ]
        for locale_dir in dirs:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"{count} translation catalogues compiled.")
