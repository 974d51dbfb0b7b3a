from celery import shared_task


@shared_task(name="contest.tasks.attempt_expire_overdue")
def attempt_expire_overdue():
    """Close attempts past deadline + grace with what was saved (beat, every minute)."""
    from .services import attempt_expire_overdue as expire

    return expire()


@shared_task(name="contest.tasks.entrant_process_deletions")
def entrant_process_deletions():
    """Erase the personal data of entrants who asked for deletion (beat, hourly)."""
    from .services import entrant_process_deletions as process

    return process()


@shared_task(name="contest.tasks.export_run", acks_late=True)
def export_run(record_id):
    """Write an export's file (contest-ops: contest/exports/services.py)."""
    from .exports.services import export_run as run

    return run(record_id).status
