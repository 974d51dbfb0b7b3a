"""Signal handlers that keep the index in step with what editors publish. Every handler only
enqueues (on commit) a Celery task naming the kind and object ids; the task re-reads the database,
so a rolled-back change never reaches the index and repeated signals are harmless."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from . import registry

logger = logging.getLogger(__name__)


def schedule(kind_key: str, object_ids: Iterable) -> None:
    ids = sorted({str(pk) for pk in object_ids if pk is not None})
    if not ids:
        return

    def enqueue():
        from .tasks import sync_objects

        try:
            sync_objects.delay(kind_key, ids)
        except Exception:  # noqa: BLE001 - a broker outage must not fail the editor's publish
            logger.exception("search: could not enqueue index update", extra={"kind": kind_key, "ids": ids})

    transaction.on_commit(enqueue)


def _specific_ids(kind, instance) -> list:
    """The ids to sync for a page signal: the page itself when it is of this kind."""
    return [instance.pk] if isinstance(instance, kind.model) else []


def _on_page_changed(sender, instance, kind, **kwargs):
    schedule(kind.key, _specific_ids(kind, instance))


def _on_page_moved(sender, instance, kind, **kwargs):
    # URLs of the page and everything below it changed.
    ids = list(kind.model.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True))
    schedule(kind.key, ids)


def _on_object_changed(sender, instance, kind, **kwargs):
    schedule(kind.key, [instance.pk])


def _on_watched_changed(sender, instance, kind, related, **kwargs):
    try:
        objects = list(related(instance))
    except Exception:  # noqa: BLE001 - on delete the relation may already be gone; nightly repair catches it
        logger.warning("search: related lookup failed", exc_info=True, extra={"kind": kind.key})
        return
    schedule(kind.key, [getattr(obj, "pk", obj) for obj in objects])


_connected: set[str] = set()


def connect_kind(kind: registry.SearchKind) -> None:
    if kind.key in _connected:
        return
    _connected.add(kind.key)
    uid = f"search:{kind.key}"
    if kind.is_page:
        from wagtail.signals import page_published, page_unpublished, post_page_move

        # Wagtail sends these with sender = the specific page class.
        for signal in (page_published, page_unpublished):
            signal.connect(partial(_on_page_changed, kind=kind), sender=kind.model, weak=False,
                           dispatch_uid=f"{uid}:{id(signal)}")
        post_page_move.connect(partial(_on_page_moved_any, kind=kind), weak=False, dispatch_uid=f"{uid}:move")
        post_delete.connect(partial(_on_object_changed, kind=kind), sender=kind.model, weak=False,
                            dispatch_uid=f"{uid}:delete")
    else:
        post_save.connect(partial(_on_object_changed, kind=kind), sender=kind.model, weak=False,
                          dispatch_uid=f"{uid}:save")
        post_delete.connect(partial(_on_object_changed, kind=kind), sender=kind.model, weak=False,
                            dispatch_uid=f"{uid}:delete")
    for number, (model, related) in enumerate(kind.watch):
        for signal in (post_save, post_delete):
            signal.connect(partial(_on_watched_changed, kind=kind, related=related), sender=model, weak=False,
                           dispatch_uid=f"{uid}:watch{number}:{id(signal)}")


def _on_page_moved_any(sender, instance, kind, **kwargs):
    """post_page_move is sent with the moved page's specific class; descendants of any class may
    be of this kind, so every kind listens to every move."""
    _on_page_moved(sender, instance, kind)


def connect_all() -> None:
    for kind in registry.kinds().values():
        connect_kind(kind)


def _on_synonyms_changed(sender, **kwargs):
    from .query import forget_synonyms

    forget_synonyms()
    if kwargs.get("raw"):  # fixtures / test-database restores: nothing an organiser changed
        return

    def push():
        from .tasks import push_synonyms

        try:
            push_synonyms.delay()
        except Exception:  # noqa: BLE001 - Elasticsearch gets the list at the next reindex/repair
            logger.exception("search: could not enqueue synonym update")

    transaction.on_commit(push)


def connect_synonyms() -> None:
    from .models import Synonym

    post_save.connect(_on_synonyms_changed, sender=Synonym, dispatch_uid="search:synonyms:save")
    post_delete.connect(_on_synonyms_changed, sender=Synonym, dispatch_uid="search:synonyms:delete")
