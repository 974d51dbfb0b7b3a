import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from content.models import NewsIndexPage, NewsPage
from portal.tasks import publish_scheduled_pages

pytestmark = pytest.mark.django_db


def test_page_scheduled_for_a_past_time_is_published_by_the_beat_task():
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "content.demo", stdout=io.StringIO())
    index = NewsIndexPage.objects.get(slug="tin-tuc")
    page = NewsPage(title="Tin hẹn giờ", slug="tin-hen-gio", summary="Hẹn giờ", live=False,
                    body=[("paragraph", "<p>Nội dung</p>")])
    index.add_child(instance=page)
    page.go_live_at = timezone.now() + dt.timedelta(hours=1)
    page.save_revision().publish()  # with a future go_live_at this only schedules
    page.refresh_from_db()
    assert not page.live
    publish_scheduled_pages.delay()  # too early: nothing happens
    page.refresh_from_db()
    assert not page.live
    # Let the scheduled time pass: move it into the past, in the revision as Wagtail stored it.
    revision = page.get_latest_revision()
    past = timezone.now() - dt.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    publish_scheduled_pages.delay()
    page.refresh_from_db()
    assert page.live
