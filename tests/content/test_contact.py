import io

import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.contrib.forms.models import FormSubmission

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "content.demo", stdout=io.StringIO())


def _fields(client):
    form = client.get("/lien-he/").context["form"]
    return {f.label: f.html_name for f in form}


def test_valid_message_is_stored_and_emailed(client, demo):
    names = _fields(client)
    response = client.post("/lien-he/", {names["Họ và tên"]: "Lê Văn Tâm", names["Thư điện tử"]: "tam@example.com",
                                        names["Nội dung"]: "Xin hỏi lịch học ở phường Long Bình."})
    assert response.status_code == 200
    assert "Cảm ơn bạn đã liên hệ" in response.content.decode()
    assert FormSubmission.objects.count() == 1
    assert len(mail.outbox) == 1 and "Long Bình" in mail.outbox[0].body
    assert mail.outbox[0].to == ["hotro@demo.hocvuso.vn"]


@pytest.mark.parametrize("bad", [{"Thư điện tử": "khong-phai-email"}, {"Nội dung": ""}, {"Họ và tên": ""}])
def test_bad_message_shows_errors_and_stores_nothing(client, demo, bad):
    names = _fields(client)
    data = {"Họ và tên": "Lê Văn Tâm", "Thư điện tử": "tam@example.com", "Nội dung": "Câu hỏi"} | bad
    response = client.post("/lien-he/", {names[k]: v for k, v in data.items()})
    assert response.status_code == 400
    assert "Vui lòng sửa các mục sau" in response.content.decode()
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []
