"""Where export files live: a private folder outside MEDIA_ROOT, never served by the web server or
by Django's media URL. Files leave it only through the download view, which checks who asks.
(ExportRecord.file keeps the name relative to this storage; do not use `record.file.url`.)"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def export_root() -> Path:
    configured = getattr(settings, "CONTEST_EXPORT_ROOT", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "private" / "contest-exports"


def export_storage() -> FileSystemStorage:
    return FileSystemStorage(location=str(export_root()), base_url=None,
                             file_permissions_mode=0o600, directory_permissions_mode=0o700)
