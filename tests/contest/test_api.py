import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from contest.attempt_tokens import attempt_token_user
from contest.models import Attempt, AttemptAnswer, Entrant, RoundResult
from quiz.models import Choice
from tests.accounts.factories import CommuneFactory, UserFactory

from .factories import make_contest, make_entrant, make_round

pytestmark = pytest.mark.django_db
API = "/api/contest"


@pytest.fixture
def world():
    contest = make_contest()
    round = make_round(contest, count=5, prediction_question="Bao nhiêu người tham gia đợt này?")
    return contest, round


def login(client, user=None):
    user = user or UserFactory()
    client.force_login(user)
    return user


def post(client, url, data, method="post"):
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")


def register_payload(commune, **fields):
    data = dict(full_name="Lê Thị Cúc", phone="0987 654 321", date_of_birth="1995-02-03", commune_id=commune.pk,
                workplace="Trường THPT", audience_group="civil_servant", citizen_id="", consent=True)
    data.update(fields)
    return data


def assert_vietnamese_error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["detail"] and body["detail"].isascii() is False or any(ch in body["detail"] for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    return body


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get(f"{API}/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/contest/contests/{contest_id}", "/api/contest/contests/{contest_id}/register",
                 "/api/contest/rounds/{round_id}/attempts", "/api/contest/attempts/{attempt_id}/answers",
                 "/api/contest/attempts/{attempt_id}/submit", "/api/contest/attempts/{attempt_id}/result",
                 "/api/contest/rounds/{round_id}/leaderboard", "/api/contest/rounds/{round_id}/my-standing"):
        assert path in paths
    assert client.get(f"{API}/docs").status_code == 200


def test_contest_info_lists_open_rounds_and_hides_drafts(client, world):
    contest, round = world
    make_round(contest, status="draft")
    body = client.get(f"{API}/contests/{contest.pk}").json()
    assert [r["id"] for r in body["rounds"]] == [round.pk]
    assert body["rounds"][0]["accepting"] and body["rounds"][0]["question_count"] == 5
    assert body["registered"] is False and body["consent_version"] == "1"


def test_full_flow_through_the_api(client, world):
    contest, round = world
    login(client)
    commune = CommuneFactory()
    response = post(client, f"{API}/contests/{contest.pk}/register", register_payload(commune))
    assert response.status_code == 201, response.content
    assert response.json()["phone"] == "0987 654 321"
    started = client.post(f"{API}/rounds/{round.pk}/attempts")
    assert started.status_code == 201
    attempt = started.json()
    assert len(attempt["questions"]) == 5 and "is_correct" not in started.content.decode()
    # Reload resumes.
    again = client.post(f"{API}/rounds/{round.pk}/attempts")
    assert again.status_code == 200 and again.json()["id"] == attempt["id"]
    answers = []
    for q in attempt["questions"]:
        correct = list(Choice.objects.filter(question_id=q["id"], is_correct=True).values_list("id", flat=True))
        answers.append({"question_id": q["id"], "choice_ids": correct})
    saved = post(client, f"{API}/attempts/{attempt['id']}/answers", {"answers": answers[:4], "prediction": 120}, "put")
    assert saved.status_code == 200 and saved.json()["saved"] == 4
    assert "is_correct" not in saved.content.decode()
    resumed = client.get(f"{API}/attempts/{attempt['id']}").json()
    assert sum(bool(q["selected"]) for q in resumed["questions"]) == 4 and resumed["prediction"] == 120
    assert client.get(f"{API}/attempts/{attempt['id']}/result").status_code == 409
    submitted = post(client, f"{API}/attempts/{attempt['id']}/submit", {"submit_key": "abc-1"})
    assert submitted.status_code == 200
    # Submit answers the outcome only; the marked questions are at /result.
    assert submitted.json()["score"] == 4 and submitted.json()["status"] == "submitted"
    assert "questions" not in submitted.json()
    assert submitted.json()["result_url"] == f"{API}/attempts/{attempt['id']}/result"
    retry = post(client, f"{API}/attempts/{attempt['id']}/submit", {"submit_key": "abc-1"})
    assert retry.json()["submitted_at"] == submitted.json()["submitted_at"]
    assert RoundResult.objects.count() == 1
    result = client.get(submitted.json()["result_url"]).json()
    assert result["score"] == 4 and result["questions"][0]["correct_choice_ids"]
    standing = client.get(f"{API}/rounds/{round.pk}/my-standing").json()
    assert standing["rank"] == 1 and standing["total"] == 1
    board = client.get(f"{API}/rounds/{round.pk}/leaderboard").json()
    assert board["items"][0]["name"] == "Lê T. C." and board["total"] == 1
    assert "987" not in json.dumps(board) and "Cúc" not in json.dumps(board)


def test_no_api_response_for_an_open_attempt_contains_correctness(client, world):
    contest, round = world
    user = login(client)
    make_entrant(contest, user=user)
    bodies = [client.post(f"{API}/rounds/{round.pk}/attempts").content]
    attempt_id = json.loads(bodies[0])["id"]
    q = json.loads(bodies[0])["questions"][0]
    bodies.append(client.get(f"{API}/attempts/{attempt_id}").content)
    bodies.append(post(client, f"{API}/attempts/{attempt_id}/answers",
                       {"answers": [{"question_id": q["id"], "choice_ids": [q["choices"][0]["id"]]}]}, "put").content)
    bodies.append(client.get(f"{API}/attempts/{attempt_id}/result").content)
    bodies.append(client.get(f"{API}/contests/{contest.pk}").content)
    for body in bodies:
        text = body.decode()
        assert "is_correct" not in text and "correct_choice_ids" not in text and "explanation" not in text
        assert "correct_ids" not in text


def test_register_bad_input_is_refused_in_vietnamese_and_nothing_changes(client, world):
    contest, _round = world
    login(client)
    commune = CommuneFactory()
    cases = [
        ({k: v for k, v in register_payload(commune).items() if k != "full_name"}, 422),
        (register_payload(commune, date_of_birth="hôm qua"), 422),
        (register_payload(commune, commune_id="abc"), 422),
        (register_payload(commune, commune_id=10**30), 422),
        (register_payload(commune, commune_id=987654321), 400),
        (register_payload(commune, full_name="x" * 10_000), 422),
        (register_payload(commune, consent="true"), 422),
        (register_payload(commune, consent=False), 400),
        (register_payload(commune, phone="12345"), 400),
        (register_payload(commune, citizen_id="123"), 400),
        (register_payload(commune, audience_group="robot"), 400),
        (register_payload(commune, consent_version="0"), 409),
    ]
    for payload, status in cases:
        assert_vietnamese_error(post(client, f"{API}/contests/{contest.pk}/register", payload), status)
    not_json = client.post(f"{API}/contests/{contest.pk}/register", data="{oops", content_type="application/json")
    assert 400 <= not_json.status_code < 500
    assert_vietnamese_error(post(client, f"{API}/contests/987654/register", register_payload(commune)), 404)
    assert Entrant.objects.count() == 0


def test_register_twice_is_409(client, world):
    contest, _round = world
    login(client)
    commune = CommuneFactory()
    assert post(client, f"{API}/contests/{contest.pk}/register", register_payload(commune)).status_code == 201
    assert_vietnamese_error(post(client, f"{API}/contests/{contest.pk}/register", register_payload(commune)), 409)


def test_anonymous_and_csrf_less_requests_are_refused(world):
    contest, round = world
    anonymous = Client()
    assert_vietnamese_error(anonymous.post(f"{API}/rounds/{round.pk}/attempts"), 401)
    strict = Client(enforce_csrf_checks=True)
    login(strict)
    body = assert_vietnamese_error(post(strict, f"{API}/contests/{contest.pk}/register", register_payload(CommuneFactory())), 403)
    assert body["code"] == "csrf"
    assert Entrant.objects.count() == 0


def test_start_requires_registration_and_an_open_round(client, world):
    contest, round = world
    login(client)
    assert_vietnamese_error(client.post(f"{API}/rounds/{round.pk}/attempts"), 403)
    draft = make_round(contest, status="draft")
    assert_vietnamese_error(client.post(f"{API}/rounds/{draft.pk}/attempts"), 404)
    assert_vietnamese_error(client.post(f"{API}/rounds/99999999999/attempts"), 404)
    assert_vietnamese_error(client.post(f"{API}/rounds/{10**25}/attempts"), 422)
    assert not Attempt.objects.exists()


def test_another_entrants_attempt_is_not_found_and_unchanged(client, world):
    contest, round = world
    owner = Client()
    owner_user = login(owner)
    make_entrant(contest, user=owner_user)
    attempt = owner.post(f"{API}/rounds/{round.pk}/attempts").json()
    q = attempt["questions"][0]
    intruder = login(client)
    make_entrant(contest, user=intruder)
    assert_vietnamese_error(client.get(f"{API}/attempts/{attempt['id']}"), 404)
    assert_vietnamese_error(post(client, f"{API}/attempts/{attempt['id']}/answers",
                                 {"answers": [{"question_id": q["id"], "choice_ids": [q["choices"][0]["id"]]}]}, "put"), 404)
    assert_vietnamese_error(post(client, f"{API}/attempts/{attempt['id']}/submit", {"submit_key": "x"}), 404)
    assert_vietnamese_error(client.get(f"{API}/attempts/{attempt['id']}/result"), 404)
    assert Attempt.objects.get(pk=attempt["id"]).status == "in_progress"
    assert not AttemptAnswer.objects.exclude(selected=[]).exists()


def test_save_and_submit_bad_input(client, world):
    contest, round = world
    user = login(client)
    make_entrant(contest, user=user)
    attempt = client.post(f"{API}/rounds/{round.pk}/attempts").json()
    q = attempt["questions"][0]
    url = f"{API}/attempts/{attempt['id']}/answers"
    cases = [
        ({"answers": [{"question_id": "x", "choice_ids": []}]}, 422),
        ({"answers": [{"question_id": q["id"], "choice_ids": "1"}]}, 422),
        ({"answers": [{"question_id": q["id"], "choice_ids": [10**30]}]}, 422),
        ({"answers": [{"question_id": q["id"], "choice_ids": [999999999]}]}, 400),
        ({"answers": [{"question_id": 999999999, "choice_ids": []}]}, 404),
        ({"answers": [{"question_id": q["id"], "choice_ids": [q["choices"][0]["id"]]}] * 2}, 400),
        ({"answers": [], "prediction": -5}, 422),
        ({"answers": [], "prediction": 10**15}, 422),
        ({"answers": "nope"}, 422),
    ]
    for payload, status in cases:
        assert_vietnamese_error(post(client, url, payload, "put"), status)
    assert not AttemptAnswer.objects.exclude(selected=[]).exists()
    assert Attempt.objects.get(pk=attempt["id"]).prediction is None
    submit = f"{API}/attempts/{attempt['id']}/submit"
    assert_vietnamese_error(post(client, submit, {}), 422)
    assert_vietnamese_error(post(client, submit, {"submit_key": "x" * 65}), 422)
    assert_vietnamese_error(post(client, submit, {"submit_key": "k", "prediction": "nhiều"}), 422)
    assert Attempt.objects.get(pk=attempt["id"]).status == "in_progress"


def test_save_after_grace_is_409_and_attempt_closed(client, world):
    contest, round = world
    user = login(client)
    make_entrant(contest, user=user)
    attempt = client.post(f"{API}/rounds/{round.pk}/attempts").json()
    Attempt.objects.filter(pk=attempt["id"]).update(deadline=timezone.now() - dt.timedelta(minutes=5))
    q = attempt["questions"][0]
    assert_vietnamese_error(post(client, f"{API}/attempts/{attempt['id']}/answers",
                                 {"answers": [{"question_id": q["id"], "choice_ids": [q["choices"][0]["id"]]}]}, "put"), 409)
    assert Attempt.objects.get(pk=attempt["id"]).status == "expired"


def test_leaderboard_bad_parameters(client, world):
    _contest, round = world
    for query in ("page=abc", "page=0", "per_page=1000", f"page={10**30}"):
        assert_vietnamese_error(client.get(f"{API}/rounds/{round.pk}/leaderboard?{query}"), 422)
    assert client.get(f"{API}/rounds/{round.pk}/leaderboard?page=99").json()["page"] == 1
    assert_vietnamese_error(client.get(f"{API}/contests/{_contest.pk}/units?by=sao"), 422)


def test_my_data_view_correct_and_delete(client, world):
    contest, _round = world
    user = login(client)
    make_entrant(contest, user=user, citizen_id="075090123456")
    me = client.get(f"{API}/contests/{contest.pk}/me").json()
    assert me["citizen_id_masked"] == "*********456" and "075090123456" not in json.dumps(me)
    updated = post(client, f"{API}/contests/{contest.pk}/me", {"full_name": "Nguyễn Văn Bình"}, "patch")
    assert updated.status_code == 200 and updated.json()["full_name"] == "Nguyễn Văn Bình"
    assert_vietnamese_error(post(client, f"{API}/contests/{contest.pk}/me", {"phone": "abc"}, "patch"), 400)
    assert_vietnamese_error(post(client, f"{API}/contests/{contest.pk}/me", {"date_of_birth": 5}, "patch"), 422)
    assert Entrant.objects.get().full_name == "Nguyễn Văn Bình"
    deleted = client.post(f"{API}/contests/{contest.pk}/me/delete-request")
    assert deleted.status_code == 202 and deleted.json()["deletion_requested_at"]


def test_the_attempt_token_alone_saves_and_submits_that_attempt_only(client, world):
    """The take page sends X-Attempt-Token instead of the session (no session read at the
    deadline burst); without the session it grants writes to its own attempt and nothing else."""
    contest, round = world
    user = login(client)
    make_entrant(contest, user=user)
    mine = client.post(f"{API}/rounds/{round.pk}/attempts").json()
    other_user = UserFactory()
    other = Client()
    other.force_login(other_user)
    make_entrant(contest, user=other_user)
    theirs = other.post(f"{API}/rounds/{round.pk}/attempts").json()
    assert mine["token"] and mine["token"] != theirs["token"]
    # A reload hands out a token for the same attempt and user (signed with a timestamp, so the
    # string itself may differ from one second to the next).
    reloaded = client.get(f"{API}/attempts/{mine['id']}").json()["token"]
    assert attempt_token_user(reloaded, mine["id"]) == user.pk

    bare = Client(enforce_csrf_checks=True)  # no session, no CSRF token: the header is the credential

    def send(attempt, path, payload, token, method="post"):
        return getattr(bare, method)(f"{API}/attempts/{attempt['id']}/{path}", data=json.dumps(payload),
                                     content_type="application/json", HTTP_X_ATTEMPT_TOKEN=token)

    q = mine["questions"][0]
    answer = {"answers": [{"question_id": q["id"], "choice_ids": [q["choices"][0]["id"]]}]}
    tampered = mine["token"][:-2] + ("AA" if not mine["token"].endswith("AA") else "BB")
    # A token that does not fit falls back to the session, which this client lacks: refused
    # (ninja's session check asks for the CSRF token first on writes, hence 403 there).
    for token in (theirs["token"], tampered, "khong-phai-ma", ""):
        assert assert_vietnamese_error(send(mine, "answers", answer, token, "put"), 403)["code"] == "csrf"
        assert assert_vietnamese_error(send(mine, "submit", {"submit_key": "k"}, token), 403)["code"] == "csrf"
    assert not AttemptAnswer.objects.exclude(selected=[]).exists()
    assert Attempt.objects.get(pk=mine["id"]).status == "in_progress"
    assert_vietnamese_error(bare.get(f"{API}/attempts/{mine['id']}", HTTP_X_ATTEMPT_TOKEN=mine["token"]), 401)
    assert_vietnamese_error(bare.get(f"{API}/attempts/{mine['id']}/result", HTTP_X_ATTEMPT_TOKEN=mine["token"]), 401)

    assert send(mine, "answers", answer, mine["token"], "put").json()["saved"] == 1
    done = send(mine, "submit", {"submit_key": "k", "prediction": 42}, mine["token"])
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    assert Attempt.objects.get(pk=mine["id"]).prediction == 42
    assert Attempt.objects.get(pk=theirs["id"]).status == "in_progress"
    assert RoundResult.objects.get().attempt_id == mine["id"]
    # A closed attempt takes no more answers, token or not.
    assert_vietnamese_error(send(mine, "answers", answer, mine["token"], "put"), 409)
