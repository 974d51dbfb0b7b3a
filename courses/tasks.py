"""Background jobs: ffmpeg processing of uploaded videos and certificate PDFs."""

import logging

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def process_video(media_id: int):
    from .video import process_media

    process_media(media_id)


@shared_task(acks_late=True)
def render_certificate_pdf(certificate_id: int):
    from .certificates import render_pdf
    from .models import Certificate

    certificate = Certificate.objects.filter(pk=certificate_id).select_related("course").first()
    if certificate is None or certificate.pdf:
        return
    render_pdf(certificate)


@shared_task(ignore_result=True)
def apply_queued_progress():
    from . import progress_queue

    if progress_queue.enabled():
        progress_queue.drain()
