"""Publishing, unpublishing, moving and deleting update the index through Celery tasks enqueued on
commit; snippets (official documents) likewise; the nightly repair fixes drift."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from content.models import NewsIndexPage, NewsPage, OfficialDocument
from search import registry
from search.maintenance import repair
from search.models import SearchDocument, Vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "content.demo", stdout=io.StringIO())
    SearchDocument.objects.all().delete()


def indexed(kind, obj):
    return SearchDocument.objects.filter(kind=kind, object_id=str(obj.pk)).first()


def new_article(parent, title="Hướng dẫn cài VNeID cho người cao tuổi", slug="huong-dan-cai-vneid"):
    article = NewsPage(title=title, slug=slug, summary="Từng bước cài ứng dụng định danh.",
                       body=[("paragraph", "<p>Mở kho ứng dụng, gõ <b>VNeID</b>.</p>")], date=dt.date(2026, 1, 5))
    parent.add_child(instance=article)
    return article


def test_content_registers_news_and_documents():
    assert registry.get_kind("news").model is NewsPage
    assert registry.get_kind("document").model is OfficialDocument


def test_publish_indexes_on_commit_and_unpublish_removes(demo, django_capture_on_commit_callbacks):
    parent = NewsIndexPage.objects.get(locale__language_code="vi")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article = new_article(parent)
        article.save_revision().publish()
    assert callbacks, "an index task is enqueued on commit"
    doc = indexed("news", article)
    assert doc.title == "Hướng dẫn cài VNeID cho người cao tuổi"
    assert doc.url == article.url and doc.language == "vi"
    assert "mo kho ung dung, go vneid" in doc.folded_c  # StreamField rich text, tags stripped, folded
    assert Vocabulary.objects.get(word="vneid").frequency >= 1

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert indexed("news", article) is None


def test_nothing_is_indexed_when_the_transaction_rolls_back(demo, django_capture_on_commit_callbacks):
    parent = NewsIndexPage.objects.get(locale__language_code="vi")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = new_article(parent)
        article.save_revision().publish()
    # Callbacks not run = what a rollback does: the index is untouched.
    assert callbacks and indexed("news", article) is None


def test_move_updates_the_url_and_delete_removes(demo, django_capture_on_commit_callbacks):
    parent = NewsIndexPage.objects.get(locale__language_code="vi")
    with django_capture_on_commit_callbacks(execute=True):
        article = new_article(parent)
        article.save_revision().publish()
    old_url = indexed("news", article).url
    other = NewsIndexPage(title="Tin khác", slug="tin-khac")
    parent.get_parent().add_child(instance=other)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=article.pk).move(other, pos="last-child")
    new_url = indexed("news", article).url
    assert new_url != old_url and "/tin-khac/" in new_url
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=article.pk).delete()
    assert indexed("news", article) is None


def test_editing_a_published_page_reindexes_it(demo, django_capture_on_commit_callbacks):
    parent = NewsIndexPage.objects.get(locale__language_code="vi")
    with django_capture_on_commit_callbacks(execute=True):
        article = new_article(parent)
        article.save_revision().publish()
        article.title = "Lừa đảo qua điện thoại"
        article.save_revision().publish()
    assert indexed("news", article).title == "Lừa đảo qua điện thoại"
    assert "cao tuoi" not in indexed("news", article).folded_a


def test_document_snippet_save_and_delete(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = OfficialDocument.objects.create(
            number="99/KH-UBND", doc_type="ke_hoach", title="Kế hoạch phổ cập kỹ năng số",
            issuing_body="UBND tỉnh", issued_on=dt.date(2026, 2, 1), summary="Chỉ tiêu đến 2026.")
    doc = indexed("document", document)
    assert doc.title == "Kế hoạch phổ cập kỹ năng số" and doc.topics == ["Kế hoạch"]
    assert doc.url.startswith("/van-ban/?q=99")
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert indexed("document", document) is None


def test_nightly_repair_fixes_missing_stale_and_orphaned_rows(demo):
    first = repair()
    live_news = NewsPage.objects.live().public().count()
    assert first["added"] == live_news + OfficialDocument.objects.count()
    assert repair() == {"added": 0, "updated": 0, "removed": 0}

    article = NewsPage.objects.live().first()
    NewsPage.objects.filter(pk=article.pk).update(title="Tiêu đề sửa ngoài luồng")  # no signal
    SearchDocument.objects.filter(kind="document").first().delete()
    SearchDocument.objects.create(kind="news", object_id="987654", language="vi", url="/x/", title="Mồ côi",
                                  checksum="x")
    report = repair()
    assert report == {"added": 1, "updated": 1, "removed": 1}
    assert indexed("news", article).title == "Tiêu đề sửa ngoài luồng"


def test_search_reindex_command_and_demo_seed_index_everything(demo):
    out = io.StringIO()
    call_command("search_reindex", stdout=out)
    assert "database index" in out.getvalue() and "Elasticsearch not configured" in out.getvalue()
    assert SearchDocument.objects.filter(kind="news").count() == NewsPage.objects.live().public().count()
    call_command("seed_demo", "--only", "search.demo", stdout=io.StringIO())  # idempotent
    assert SearchDocument.objects.filter(kind="document").count() == OfficialDocument.objects.count()


def test_renaming_a_category_reindexes_its_articles_topic_facet(demo, django_capture_on_commit_callbacks):
    repair()
    article = NewsPage.objects.live().filter(category__isnull=False).first()
    category = article.category
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "Chuyên mục đổi tên"
        category.save()
    assert indexed("news", article).topics == ["Chuyên mục đổi tên"]
