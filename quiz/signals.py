"""Signals other apps listen to (courses marks a lesson done when its quiz is passed)."""

from django.dispatch import Signal

# Sent with `sitting` when a sitting finishes, and again when marking an essay answer changes its
# score or passed (sitting.passed is None while an essay is waiting to be marked).
sitting_finished = Signal()
