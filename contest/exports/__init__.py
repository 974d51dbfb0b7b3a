"""Exports of contest results and statistics (XLSX, CSV), run as Celery tasks."""
