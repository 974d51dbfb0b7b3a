import io

import pytest
from django.core.management import call_command
from wagtail.models import Workflow

from accounts import roles
from accounts.models import User
from content.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "content.demo", stdout=io.StringIO())


def test_every_page_goes_through_the_moderators_review(demo):
    page = NewsPage.objects.first()
    workflow = page.get_workflow()
    assert workflow.name == "Duyệt trước khi xuất bản"
    assert list(workflow.tasks.specific()[0].groups.values_list("name", flat=True)) == [roles.MODERATORS]
    assert Workflow.objects.filter(active=True).count() == 1


def test_editor_submits_moderator_approves_and_the_page_goes_live(demo):
    editor = User.objects.get(email="bientap@demo.hocvuso.vn")
    moderator = User.objects.get(email="kiemduyet@demo.hocvuso.vn")
    index = NewsIndexPage.objects.get(slug="tin-tuc")
    draft = NewsPage(title="Tin chờ duyệt", slug="tin-cho-duyet", summary="Tóm tắt", live=False,
                     body=[("paragraph", "<p>Nội dung</p>")])
    index.add_child(instance=draft)
    draft.save_revision(user=editor)
    assert index.permissions_for_user(editor).can_add_subpage()
    assert not draft.permissions_for_user(editor).can_publish()

    state = draft.get_workflow().start(draft, editor)
    draft.refresh_from_db()
    assert not draft.live and state.status == "in_progress"

    task_state = state.current_task_state.specific
    assert task_state.task.specific.user_can_access_editor(draft, moderator)
    task_state.task.specific.on_action(task_state, moderator, "approve")
    draft.refresh_from_db()
    assert draft.live
    state.refresh_from_db()
    assert state.status == "approved"
