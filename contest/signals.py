"""Keeps the key copied onto attempts in progress in step with the question bank: an organiser who
corrects a question's choices mid-round (in the admin, or by importing the bank again) has open
attempts marked by the corrected key. Closed attempts keep the key they were marked with."""

from django.db.models.signals import post_delete, post_save

from quiz.models import Choice
from quiz.signals import choices_imported

from .services.attempts import answer_keys_refresh


def choice_changed(sender, instance, **kwargs):
    answer_keys_refresh([instance.question_id])


def choices_rewritten(sender, question_ids, **kwargs):
    answer_keys_refresh(question_ids)


def connect():
    post_save.connect(choice_changed, sender=Choice, dispatch_uid="contest-choice-saved")
    post_delete.connect(choice_changed, sender=Choice, dispatch_uid="contest-choice-deleted")
    choices_imported.connect(choices_rewritten, dispatch_uid="contest-choices-imported")
