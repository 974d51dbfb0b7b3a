import os
import shutil

import pytest

# Playwright's sync API keeps an event loop on the test thread; Django would then refuse ORM calls
# made by the test itself (not by the server) as "async unsafe". They are not: nothing else runs.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE_VIEWPORT = {"width": 360, "height": 740}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    """Every transactional test gets serialized rollback (see django_db_serialized_rollback)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}))


@pytest.fixture(scope="session", autouse=True)
def _serialized_contents_for_every_connection(django_db_setup):
    """Django keeps the serialized database on the connection object that created the test
    database. Once Playwright's event loop runs, the test thread gets other connection objects
    (asgiref's Local follows the context), which lack it; make it visible to all of them."""
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            type(connections[alias])._test_serialized_contents = contents
    yield


@pytest.fixture(autouse=True)
def django_db_serialized_rollback():
    """Transactional tests (browser tests, concurrency tests) flush every table when they end, which
    would take the rows that migrations create (Wagtail's root page and locale, the roles) from the
    tests after them. Serialized rollback restores that state at the start of each of them."""
    return True


@pytest.fixture(autouse=True)
def _vietnamese():
    """Every test starts in Vietnamese, the source language: a request to an /en/ page leaves
    English active on the thread, which would leak into the next test of the same worker."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never into var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Tests share one Redis in CI; start each from an empty cache (locmem otherwise)."""
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):
        # django-redis: only this worker's prefix, not the whole db, and every version of every key
        # (delete_pattern alone matches version 1 only; Wagtail keeps its site root paths at version 2).
        client = cache.client.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
    yield


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A phone-sized page in Vietnamese, pointed at the live server."""
    context = browser.new_context(viewport=PHONE_VIEWPORT, locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_accessible(page, context=None):
    """Run axe-core with the WCAG 2.1 A/AA rule tags and fail with a readable list of violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
    assert not violations, f"axe-core found {len(violations)} WCAG 2.1 A/AA violations on {page.url}:\n{details}"


@pytest.fixture
def axe():
    return assert_accessible
