"""Organiser views in the Wagtail admin: who may see and do what, commune scoping, round actions
through the services, export requests from the form."""

import pytest
from django.urls import reverse

from contest.models import ExportRecord, Prize, Round
from tests.contest.ops_helpers import contest_with_results, editor, officer, organiser

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_exports(settings, tmp_path):
    settings.CONTEST_EXPORT_ROOT = str(tmp_path / "exports")


@pytest.fixture
def data():
    return contest_with_results(per_commune=(3, 2))


def test_organiser_sees_participation_of_every_commune(client, data):
    contest, _round, communes, _entrants = data
    client.force_login(organiser())
    response = client.get(reverse("contest_admin:participation", args=[contest.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert communes[0].full_name in body and communes[1].full_name in body
    assert 'id="per-hour"' in body and 'class="contest-bar"' in body


def test_commune_officer_sees_only_their_commune_in_participation(client, data):
    contest, _round, communes, _entrants = data
    client.force_login(officer(communes[0]))
    response = client.get(reverse("contest_admin:participation", args=[contest.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert communes[0].full_name in body
    assert communes[1].full_name not in body
    assert response.context["summary"].entrants == 3


@pytest.mark.parametrize("name", ["index", "exports"])
def test_editor_is_refused_the_contest_views(client, data, name):
    client.force_login(editor())
    assert client.get(reverse(f"contest_admin:{name}")).status_code == 403


def test_editor_and_officer_are_refused_round_management(client, data):
    contest, round, communes, _entrants = data
    for user in (editor(), officer(communes[0])):
        client.force_login(user)
        assert client.get(reverse("contest_admin:rounds", args=[contest.pk])).status_code == 403
        response = client.post(reverse("contest_admin:round_action", args=[round.pk, "close"]))
        assert response.status_code == 403
    assert Round.objects.get(pk=round.pk).status == Round.Status.OPEN


def test_anonymous_is_sent_to_login(client, data):
    contest, *_rest = data
    response = client.get(reverse("contest_admin:participation", args=[contest.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_organiser_closes_finalises_and_awards_a_round(client, data):
    contest, round, _communes, _entrants = data
    client.force_login(organiser())
    for action, status in (("close", Round.Status.CLOSED), ("finalise", Round.Status.FINALISED)):
        response = client.post(reverse("contest_admin:round_action", args=[round.pk, action]))
        assert response.status_code == 302
        assert Round.objects.get(pk=round.pk).status == status
    client.post(reverse("contest_admin:round_action", args=[round.pk, "prizes"]))
    assert Prize.objects.filter(round=round).exists()
    page = client.get(reverse("contest_admin:rounds", args=[contest.pk]))
    assert page.status_code == 200 and 'id="prizes"' in page.content.decode()


def test_refused_round_action_shows_the_services_message_and_changes_nothing(client, data):
    contest, round, _communes, _entrants = data
    client.force_login(organiser())
    response = client.post(reverse("contest_admin:round_action", args=[round.pk, "prizes"]), follow=True)
    assert "Chốt kết quả đợt thi trước khi xét giải." in response.content.decode()
    assert not Prize.objects.exists()


def test_unknown_round_action_is_a_404(client, data):
    _contest, round, _communes, _entrants = data
    client.force_login(organiser())
    assert client.post(reverse("contest_admin:round_action", args=[round.pk, "delete"])).status_code == 404


def test_round_actions_need_post(client, data):
    _contest, round, _communes, _entrants = data
    client.force_login(organiser())
    assert client.get(reverse("contest_admin:round_action", args=[round.pk, "close"])).status_code == 405


def test_export_form_creates_an_audit_row_and_runs_the_task(client, data, django_capture_on_commit_callbacks):
    contest, round, _communes, _entrants = data
    user = organiser()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contest_admin:exports"), {
            "contest": contest.pk, "kind": "results", "round": round.pk, "fmt": "xlsx"})
    assert response.status_code == 302
    record = ExportRecord.objects.get()
    assert (record.user, record.kind, record.scope_round) == (user, "results", round)
    assert record.status == ExportRecord.Status.DONE and record.row_count == 5
    listing = client.get(reverse("contest_admin:exports")).content.decode()
    assert reverse("contest_admin:export_download", args=[record.pk]) in listing


def test_export_form_rejects_a_round_of_another_contest(client, data):
    from tests.contest.factories import make_contest, make_round

    contest, *_rest = data
    other_round = make_round(make_contest())
    client.force_login(organiser())
    response = client.post(reverse("contest_admin:exports"), {
        "contest": contest.pk, "kind": "results", "round": other_round.pk, "fmt": "csv"})
    assert response.status_code == 400
    assert "Đợt thi không thuộc cuộc thi đã chọn." in response.content.decode()
    assert not ExportRecord.objects.exists()


def test_export_form_rejects_unknown_values(client, data):
    contest, *_rest = data
    client.force_login(organiser())
    response = client.post(reverse("contest_admin:exports"), {
        "contest": contest.pk, "kind": "everything", "fmt": "pdf"})
    assert response.status_code == 400
    assert not ExportRecord.objects.exists()


def test_officer_cannot_pick_another_commune_in_the_export_form(client, data):
    contest, _round, communes, _entrants = data
    client.force_login(officer(communes[0]))
    response = client.post(reverse("contest_admin:exports"), {
        "contest": contest.pk, "kind": "results", "commune": communes[1].pk, "fmt": "csv"})
    assert response.status_code == 400  # not among the choices they are offered
    assert not ExportRecord.objects.exists()


def test_officer_lists_only_their_own_exports(client, data, django_capture_on_commit_callbacks):
    from contest.exports.services import export_request

    contest, _round, communes, _entrants = data
    mine, other = officer(communes[0]), officer(communes[1])
    own = export_request(user=mine, contest=contest, kind="results", fmt="csv", run=False)
    theirs = export_request(user=other, contest=contest, kind="results", fmt="csv", run=False)
    client.force_login(mine)
    records = list(client.get(reverse("contest_admin:exports")).context["records"])
    assert records == [own] and theirs not in records


def test_contest_menu_is_shown_to_organisers_and_officers_only(client, data):
    _contest, _round, communes, _entrants = data
    for user, shown in ((organiser(), True), (officer(communes[0]), True), (editor(), False)):
        client.force_login(user)
        body = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (reverse("contest_admin:exports") in body) is shown
