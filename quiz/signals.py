"""Signals other apps listen to (courses marks a lesson done when its quiz is passed; the contest
refreshes the key kept with attempts in progress)."""

from django.dispatch import Signal

# Sent with `sitting` when a sitting finishes, and again when marking an essay answer changes its
# score or passed (sitting.passed is None while an essay is waiting to be marked).
sitting_finished = Signal()

# Sent with `question_ids` when a question bank import rewrote those questions' choices in bulk
# (bulk writes send no per-row save signal).
choices_imported = Signal()
