"""Server-rendered pages of the entrant flow (without JavaScript) and what their HTML holds."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from contest.models import Attempt, AttemptAnswer, Entrant, RoundResult
from quiz.models import Choice
from tests.accounts.factories import CommuneFactory, LearnerProfileFactory, UserFactory

from .factories import make_contest, make_entrant, make_result, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    contest = make_contest(title="Công dân số thử nghiệm")
    round = make_round(contest, count=5, prediction_question="Bao nhiêu người tham gia?")
    user = UserFactory()
    client.force_login(user)
    return contest, round, user


def test_contest_page_shows_rounds_rules_and_register_button(client, world):
    contest, round, _user = world
    html = client.get(contest.url).content.decode()
    assert round.title in html and "Đang diễn ra" in html
    assert f"/cuoc-thi/{contest.pk}/dang-ky/" in html
    assert "Dữ liệu cá nhân" in html


def test_registration_form_prefills_from_profile_and_has_no_preticked_consent(client, world):
    contest, _round, user = world
    commune = CommuneFactory()
    LearnerProfileFactory(user=user, commune=commune, workplace="Trường Tiểu học A")
    html = client.get(f"/cuoc-thi/{contest.pk}/dang-ky/").content.decode()
    assert 'value="Nguyễn Văn An"' in html and "Trường Tiểu học A" in html
    assert re.search(rf'<option value="{commune.pk}" selected>', html)
    consent = re.search(r'<input type="checkbox" name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    assert "altcha-widget" in html


def test_registration_form_errors_are_vietnamese_and_nothing_saved(client, world):
    contest, _round, _user = world
    response = client.post(f"/cuoc-thi/{contest.pk}/dang-ky/", {"full_name": "", "phone": "123", "commune": "999999"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mục này là bắt buộc." in html and "Chọn xã, phường trong danh sách." in html
    assert "Bạn cần đánh dấu đồng ý" in html
    assert not Entrant.objects.exists()


def test_registration_then_duplicate_phone(client, world):
    contest, _round, _user = world
    commune = CommuneFactory()
    data = {"full_name": "Phạm Văn Dũng", "phone": "0912 000 111", "date_of_birth": "1990-01-02", "commune": commune.pk,
            "workplace": "", "audience_group": "worker", "citizen_id": "", "consent": "on", "consent_version": "1"}
    response = client.post(f"/cuoc-thi/{contest.pk}/dang-ky/", data)
    assert response.status_code == 302 and Entrant.objects.count() == 1
    client.force_login(UserFactory())
    response = client.post(f"/cuoc-thi/{contest.pk}/dang-ky/", data)
    assert response.status_code == 409 and "Số điện thoại này đã đăng ký" in response.content.decode()
    assert Entrant.objects.count() == 1


def test_captcha_is_checked_when_test_mode_is_off(client, world, settings):
    import altcha

    contest, _round, _user = world
    settings.ALTCHA_TEST_MODE = False
    commune = CommuneFactory()
    data = {"full_name": "Phạm Văn Dũng", "phone": "0912 000 111", "date_of_birth": "1990-01-02", "commune": commune.pk,
            "audience_group": "worker", "consent": "on", "consent_version": "1"}
    response = client.post(f"/cuoc-thi/{contest.pk}/dang-ky/", data)
    assert response.status_code == 400 and "không phải người máy" in response.content.decode()
    assert not Entrant.objects.exists()
    challenge = altcha.create_challenge(altcha.ChallengeOptions(hmac_key=settings.ALTCHA_HMAC_KEY, max_number=5000))
    solution = altcha.solve_challenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.max_number, 0)
    import base64
    import json
    payload = base64.b64encode(json.dumps({
        "algorithm": challenge.algorithm, "challenge": challenge.challenge, "number": solution.number,
        "salt": challenge.salt, "signature": challenge.signature}).encode()).decode()
    response = client.post(f"/cuoc-thi/{contest.pk}/dang-ky/", {**data, "altcha": payload})
    assert response.status_code == 302 and Entrant.objects.count() == 1
    # The same solved challenge cannot be replayed.
    client.force_login(UserFactory())
    response = client.post(f"/cuoc-thi/{contest.pk}/dang-ky/", {**data, "phone": "0912 000 222", "altcha": payload})
    assert response.status_code == 400 and Entrant.objects.count() == 1


def test_take_page_source_never_contains_correctness(client, world):
    contest, round, user = world
    make_entrant(contest, user=user)
    response = client.post(f"/cuoc-thi/dot/{round.pk}/bat-dau/")
    attempt = Attempt.objects.get()
    assert response.url == f"/cuoc-thi/bai-thi/{attempt.pk}/"
    html = client.get(response.url).content.decode()
    assert html.count('type="radio"') == sum(len(a.choice_order) for a in attempt.answers.all())
    for answer in attempt.answers.all():
        assert answer.question.text in html
    assert "is_correct" not in html and "correct" not in html.lower().replace("incorrect", "")
    assert "đáp án đúng" not in html
    # Choices appear in the attempt's shuffled order.
    first = attempt.answers.order_by("position").first()
    positions = [html.index(f'id="c{first.question_id}-{c}"') for c in first.choice_order]
    assert positions == sorted(positions)
    assert 'data-seconds-left="' in html and "contest/contest.js" in html


def test_plain_form_save_then_submit_without_javascript(client, world):
    contest, round, user = world
    make_entrant(contest, user=user)
    client.post(f"/cuoc-thi/dot/{round.pk}/bat-dau/")
    attempt = Attempt.objects.get()
    answers = list(attempt.answers.order_by("position"))
    post = {f"q{a.question_id}": list(Choice.objects.filter(question_id=a.question_id, is_correct=True)
                                      .values_list("id", flat=True)) for a in answers[:3]}
    response = client.post(f"/cuoc-thi/bai-thi/{attempt.pk}/", {**post, "save": "1", "submit_key": "k1", "prediction": "77"})
    assert response.status_code == 302
    assert AttemptAnswer.objects.exclude(selected=[]).count() == 3
    html = client.get(f"/cuoc-thi/bai-thi/{attempt.pk}/").content.decode()
    assert html.count("checked") == 3 and 'value="77"' in html
    response = client.post(f"/cuoc-thi/bai-thi/{attempt.pk}/", {**post, "submit": "1", "submit_key": "k2"})
    assert response.url == f"/cuoc-thi/bai-thi/{attempt.pk}/ket-qua/"
    again = client.post(f"/cuoc-thi/bai-thi/{attempt.pk}/", {**post, "submit": "1", "submit_key": "k2"})
    assert again.status_code == 302 and RoundResult.objects.count() == 1
    html = client.get(response.url).content.decode()
    assert "Điểm: 3/5" in html and "đáp án đúng" in html and "Thứ hạng của bạn: 1/1" in html


def test_bad_choice_on_the_plain_form_is_refused(client, world):
    contest, round, user = world
    make_entrant(contest, user=user)
    client.post(f"/cuoc-thi/dot/{round.pk}/bat-dau/")
    attempt = Attempt.objects.get()
    first = attempt.answers.first()
    response = client.post(f"/cuoc-thi/bai-thi/{attempt.pk}/", {f"q{first.question_id}": "999999999", "save": "1"})
    assert response.status_code == 400 and "Phương án không thuộc câu hỏi này." in response.content.decode()
    response = client.post(f"/cuoc-thi/bai-thi/{attempt.pk}/", {"prediction": "nhiều", "save": "1"})
    assert response.status_code == 400
    assert not AttemptAnswer.objects.exclude(selected=[]).exists()


def test_other_peoples_attempts_are_404(client, world):
    contest, round, _user = world
    other = make_entrant(contest)
    from contest.services import attempt_start

    attempt = attempt_start(entrant=other, round=round)
    assert client.get(f"/cuoc-thi/bai-thi/{attempt.pk}/").status_code == 404
    assert client.post(f"/cuoc-thi/bai-thi/{attempt.pk}/", {"submit": "1", "submit_key": "x"}).status_code == 404
    assert client.get(f"/cuoc-thi/bai-thi/{attempt.pk}/ket-qua/").status_code == 404
    assert Attempt.objects.get(pk=attempt.pk).status == "in_progress"


def test_expired_attempt_page_goes_to_the_result(client, world):
    contest, round, user = world
    make_entrant(contest, user=user)
    client.post(f"/cuoc-thi/dot/{round.pk}/bat-dau/")
    attempt = Attempt.objects.get()
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(minutes=5))
    response = client.get(f"/cuoc-thi/bai-thi/{attempt.pk}/")
    assert response.url.endswith("/ket-qua/")
    assert "tự đóng khi hết giờ" in client.get(response.url).content.decode()


def test_leaderboard_page_masks_names_and_shows_my_standing(client, world):
    contest, round, user = world
    me = make_entrant(contest, user=user, full_name="Võ Thị Hoa")
    make_result(round, score=9, full_name="Nguyễn Văn An")
    make_result(round, score=5, entrant=me)
    html = client.get(f"/cuoc-thi/dot/{round.pk}/bang-xep-hang/").content.decode()
    assert "Nguyễn V. A." in html and "Nguyễn Văn An" not in html and "Võ T. H." in html
    assert "+849" not in html and "Thứ hạng của bạn: 2/2" in html
    for query in ("trang=abc", "trang=-4", f"trang={10**40}"):
        assert client.get(f"/cuoc-thi/dot/{round.pk}/bang-xep-hang/?{query}").status_code == 200


def test_my_data_page_shows_corrects_and_records_deletion(client, world):
    contest, _round, user = world
    entrant = make_entrant(contest, user=user, citizen_id="075090123456")
    html = client.get(f"/cuoc-thi/{contest.pk}/du-lieu-cua-toi/").content.decode()
    assert "*********456" in html and "Yêu cầu xóa dữ liệu" in html
    data = {"full_name": "Nguyễn Văn Bảo", "phone": entrant.phone, "date_of_birth": "1990-05-01",
            "commune": entrant.commune_id, "audience_group": "worker", "citizen_id": "075090123456"}
    assert client.post(f"/cuoc-thi/{contest.pk}/du-lieu-cua-toi/", data).status_code == 302
    entrant.refresh_from_db()
    assert entrant.full_name == "Nguyễn Văn Bảo" and entrant.audience_group == "worker"
    bad = client.post(f"/cuoc-thi/{contest.pk}/du-lieu-cua-toi/", {**data, "citizen_id": "12345"})
    assert bad.status_code == 400 and "12 chữ số" in bad.content.decode()
    client.post(f"/cuoc-thi/{contest.pk}/du-lieu-cua-toi/", {"action": "delete"})
    entrant.refresh_from_db()
    assert entrant.deletion_requested_at and entrant.full_name == "Nguyễn Văn Bảo"


def test_anonymous_visitors_are_sent_to_login(client, world):
    contest, round, _user = world
    client.logout()
    assert "/tai-khoan/" in client.get(f"/cuoc-thi/{contest.pk}/dang-ky/").url
    assert "/tai-khoan/" in client.post(f"/cuoc-thi/dot/{round.pk}/bat-dau/").url
    assert client.get(f"/cuoc-thi/dot/{round.pk}/bang-xep-hang/").status_code == 200


def test_english_pages_use_the_english_catalogue(client, world):
    contest, round, _user = world
    html = client.get(f"/en/cuoc-thi/dot/{round.pk}/bang-xep-hang/").content.decode()
    assert "Leaderboard" in html and "No results yet." in html
    assert "Register for the contest" in client.get(f"/en/cuoc-thi/{contest.pk}/dang-ky/").content.decode()


def test_home_page_features_the_contest(client, world):
    contest, _round, _user = world
    html = client.get("/").content.decode()
    assert 'id="featured-contests"' in html and f'href="{contest.url}"' in html
