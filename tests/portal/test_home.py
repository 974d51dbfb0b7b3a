import io

import pytest
from django.core.management import call_command

from portal import home_sections
from portal.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "content.demo", stdout=io.StringIO())
    return HomePage.objects.get(locale__language_code="vi")


def test_home_shows_the_targets_with_their_figures(client, seeded):
    html = client.get("/").content.decode()
    assert "Mục tiêu của phong trào" in html
    assert "Người trưởng thành được xác nhận đạt phổ cập kỹ năng số trên VNeID" in html
    assert "Đã đạt 38,8% — chỉ tiêu 60%" in html


def test_editors_update_a_target_and_the_home_page_follows(client, seeded):
    home = seeded
    targets = list(home.targets.raw_data)
    targets[3]["value"]["reached"] = "59.5"
    home.targets = [("target", {**t["value"]}) for t in targets]
    home.save_revision().publish()
    assert "Đã đạt 59,5% — chỉ tiêu 60%" in client.get("/").content.decode()


def test_featured_news_lead_the_home_page(client, seeded):
    html = client.get("/").content.decode()
    assert "Tin nổi bật" in html
    featured = html.split("Tin nổi bật", 1)[1].split("</section>", 1)[0]
    assert "Cảnh giác" in featured or "Năm mục tiêu" in featured


def test_registered_home_sections_render_in_order(client, seeded, settings):
    """courses and contest add their sections through portal.home_sections (portal cannot import them)."""
    from pathlib import Path

    engine = {**settings.TEMPLATES[0]}
    engine["DIRS"] = [*engine["DIRS"], Path(__file__).parent.parent / "templates"]
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]
    home_sections.register("test-second", lambda request, locale: ("portal/tests/section.html", {"text": "HAI"}), order=90)
    home_sections.register("test-first", lambda request, locale: ("portal/tests/section.html", {"text": "MOT"}), order=1)
    home_sections.register("test-empty", lambda request, locale: None, order=5)
    try:
        html = client.get("/").content.decode()
    finally:
        home_sections._sections[:] = [s for s in home_sections._sections if not s[1].startswith("test-")]
    assert html.index("section-MOT") < html.index("section-HAI")
