import io

import pytest
from django.core.management import call_command

from .factories import make_course

pytestmark = pytest.mark.django_db


def test_home_page_features_the_newest_courses(client):
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", stdout=io.StringIO())
    course, _ = make_course(title="Dùng VNeID trên điện thoại", slug="dung-vneid", estimated_minutes=20)
    course.save_revision().publish()
    html = client.get("/").content.decode()
    section = html.split('id="featured-courses"', 1)[1].split("</section>", 1)[0]
    assert "Dùng VNeID trên điện thoại" in section
    assert f'href="{course.url}"' in section
    assert "khoảng 20 phút" in section
