"""The staff API on cases: per role and organization, the same services and permissions as the UI, every access
audited, refusals as 409 with the service's reasons, and no personal data of individuals in the answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tokumei.law.calendar import fiscal_year
from tokumei.law.contracts import stamp_duty_due
from tokumei.law.review import Finding
from tokumei.web.contracts.models import Contract
from tokumei.web.core.models import AuditEvent
from tokumei.web.proposals.models import Proposal
from tokumei.web.reviews import services as review_services

from ..conftest import ORIGIN
from ..contracts.conftest import HOURS
from .conftest import Api, draft_proposal, received_proposal

pytestmark = pytest.mark.django_db


def _audited(action: str, path: str, target_id: int | None = None) -> int:
    events = AuditEvent.objects.filter(action=action, request_path=path)
    if target_id is not None:
        events = events.filter(target_id=str(target_id))
    return events.count()


# --------------------------------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------------------------------


def test_list_shows_only_the_own_organization_and_audits_each_case(as_persona, kumamoto_case, nara_case) -> None:
    response = as_persona("kumamoto_auditor").get("/cases")
    assert response.status_code == 200, response.content
    page = response.json()
    assert page["count"] == 1
    (item,) = page["items"]
    assert item["reference"] == kumamoto_case.reference
    assert (item["stage"], item["state"], item["state_label"]) == ("intake", "received", "到達・受付確認中")
    assert item["organization"] == "kumamoto-city"
    assert _audited("proposals.viewed", "/api/staff/cases", kumamoto_case.pk) == 1
    assert _audited("proposals.viewed", "/api/staff/cases", nara_case.pk) == 0
    nara = as_persona("nara_desk").get("/cases").json()
    assert [i["reference"] for i in nara["items"]] == [nara_case.reference]


def test_list_filters_by_state_and_fiscal_year_and_pages(as_persona, personas, kumamoto_target, kumamoto_case):
    second = received_proposal(personas, kumamoto_target, "kumamoto", proposer_name="株式会社第二")
    api = as_persona("kumamoto_desk")
    assert api.get("/cases", state="received").json()["count"] == 2
    assert api.get("/cases", state="accepted").json()["count"] == 0
    this_year = fiscal_year(timezone.localdate())
    assert api.get("/cases", fiscal_year=this_year).json()["count"] == 2
    assert api.get("/cases", fiscal_year=this_year - 1).json()["count"] == 0
    first_page = api.get("/cases", page_size=1).json()
    second_page = api.get("/cases", page_size=1, page=2).json()
    assert first_page["count"] == second_page["count"] == 2
    assert {first_page["items"][0]["reference"], second_page["items"][0]["reference"]} == {
        kumamoto_case.reference,
        second.reference,
    }
    assert api.get("/cases", page=3, page_size=1).json()["items"] == []


def test_an_unknown_state_filter_is_a_bilingual_422(as_persona) -> None:
    response = as_persona("kumamoto_desk").get("/cases", state="paid_twice")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert "paid_twice" in body["message"]
    assert "received" in body["message"]
    assert body["message_en"].startswith("Unknown state")


def test_one_case_is_audited_and_holds_no_personal_data(as_persona, personas, kumamoto_target) -> None:
    p = received_proposal(
        personas,
        kumamoto_target,
        "kumamoto",
        proposer_kind="individual",
        proposer_name="山田一郎",
        proposer_representative="",
        processing={"住所": None, "生年月日": "band10"},
    )
    url = f"/api/staff/cases/{p.pk}"
    response = as_persona("kumamoto_approver").get(f"/cases/{p.pk}")
    assert response.status_code == 200, response.content
    case = response.json()
    assert case["proposer_kind"] == "individual"
    assert case["proposer_name"] is None
    text = response.content.decode()
    for personal in ("山田一郎", "東京都千代田区", "03-0000-0000", "info@example.invalid", "佐藤花子"):
        assert personal not in text
    assert case["target"]["name"] == "特定健康診査受診者ファイル"
    assert case["permitted_actions"] == []  # an approver signs off; it does nothing at intake
    assert _audited("proposals.viewed", url, p.pk) == 1


def test_a_corporation_is_named(as_persona, kumamoto_case) -> None:
    case = as_persona("kumamoto_desk").get(f"/cases/{kumamoto_case.pk}").json()
    assert case["proposer_name"] == "株式会社デモ分析"
    assert set(case["permitted_actions"]) == {"accept", "not-accept", "correction-request"}


@pytest.mark.parametrize("persona", ["nara_desk", "nara_division", "nara_approver", "nara_auditor"])
def test_another_organization_case_is_not_there(as_persona, kumamoto_case, persona) -> None:
    api = as_persona(persona)
    response = api.get(f"/cases/{kumamoto_case.pk}")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "見つかりません。", "message_en": "Not found."}
    assert api.post(f"/cases/{kumamoto_case.pk}/accept").status_code == 404
    kumamoto_case.refresh_from_db()
    assert kumamoto_case.state == "received"
    assert not AuditEvent.objects.filter(action="proposals.viewed", actor__username=persona).exists()


def test_proposers_and_anonymous_callers_have_none_of_it(personas, kumamoto_case) -> None:
    anonymous = Api(None)
    assert anonymous.get("/cases").status_code == 401
    assert anonymous.get(f"/cases/{kumamoto_case.pk}").status_code == 401
    assert anonymous.post(f"/cases/{kumamoto_case.pk}/accept").status_code == 401
    proposer = Client()
    proposer.force_login(personas["proposer"])
    for url in ("/api/staff/cases", f"/api/staff/cases/{kumamoto_case.pk}"):
        response = proposer.get(url)
        assert response.status_code == 403
        assert response.json()["message"] == "このAPIは機関の職員だけが利用できます。"


def test_a_session_reads_but_does_not_write(personas, kumamoto_case) -> None:
    client = Client()
    client.force_login(personas["kumamoto_desk"])
    assert client.get(f"/api/staff/cases/{kumamoto_case.pk}").status_code == 200
    response = client.post(f"/api/staff/cases/{kumamoto_case.pk}/accept", "{}", content_type="application/json")
    assert response.status_code == 401
    kumamoto_case.refresh_from_db()
    assert kumamoto_case.state == "received"


# --------------------------------------------------------------------------------------------------
# Desk
# --------------------------------------------------------------------------------------------------


def test_desk_accepts_once_through_the_service_and_a_repeat_is_409(as_persona, kumamoto_case) -> None:
    assert as_persona("kumamoto_division").post(f"/cases/{kumamoto_case.pk}/accept").status_code == 403
    api = as_persona("kumamoto_desk")
    url = f"/cases/{kumamoto_case.pk}/accept"
    response = api.post(url)
    assert response.status_code == 200, response.content
    case = response.json()
    assert case["proposal_state"] == "accepted"
    assert case["receipt_number"]
    assert _audited("proposals.accepted", f"/api/staff{url}", kumamoto_case.pk) == 1
    again = api.post(url)
    assert again.status_code == 409
    body = again.json()
    assert body["code"] == "case.invalid_transition"
    assert "「受付済み（主管課へ送付）」から「受付済み（主管課へ送付）」へは進めません" in body["message"]
    assert body["message_en"]
    assert _audited("proposals.accepted", f"/api/staff{url}") == 1
    kumamoto_case.refresh_from_db()
    assert kumamoto_case.receipt_number == case["receipt_number"]


def test_desk_asks_for_a_correction_with_what_why_and_deadline(as_persona, kumamoto_case) -> None:
    api = as_persona("kumamoto_desk")
    url = f"/cases/{kumamoto_case.pk}/correction-request"
    item = {"what": "利用の目的", "why": "具体的に記載してください。"}
    past = api.post(url, {"items": [item], "deadline": "2000-01-01"})
    assert past.status_code == 409
    assert past.json()["problems"] == ["訂正の期限（2000-01-01）は今日以後の日にしてください。"]
    deadline = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = api.post(url, {"items": [item], "deadline": deadline, "channel": "mail"})
    assert response.status_code == 200, response.content
    case = response.json()
    assert case["state"] == "correction_requested"
    assert case["corrections"][0]["items"] == 1
    assert _audited("proposals.correction_requested", f"/api/staff{url}", kumamoto_case.pk) == 1
    assert api.post(url, {"items": [], "deadline": deadline}).status_code == 422


def test_desk_does_not_accept_with_a_reason(as_persona, kumamoto_case) -> None:
    api = as_persona("kumamoto_desk")
    url = f"/cases/{kumamoto_case.pk}/not-accept"
    assert api.post(url, {"reason": ""}).status_code == 422
    response = api.post(url, {"reason": "提案の募集の対象ではないファイルです。"})
    assert response.status_code == 200
    assert response.json()["state"] == "not_accepted"
    kumamoto_case.refresh_from_db()
    assert kumamoto_case.closing_reason == "提案の募集の対象ではないファイルです。"
    assert api.post(url, {"reason": "二度目"}).status_code == 409


def test_desk_records_an_arrival_by_reference(as_persona, personas, kumamoto_target) -> None:
    draft = draft_proposal(personas, kumamoto_target)
    api = as_persona("kumamoto_desk")
    assert api.get(f"/cases/{draft.pk}").status_code == 404  # a draft is the proposer's alone
    today = timezone.localdate().isoformat()
    body = {"reference": draft.reference.lower(), "channel": "mail", "arrived_on": today}
    assert as_persona("kumamoto_division").post("/arrivals", body).status_code == 403
    assert as_persona("nara_desk").post("/arrivals", body).status_code == 404
    response = api.post("/arrivals", body)
    assert response.status_code == 200, response.content
    case = response.json()
    assert (case["id"], case["state"], case["channel"]) == (draft.pk, "received", "mail")
    assert _audited("proposals.arrival_recorded", "/api/staff/arrivals", draft.pk) == 1
    again = api.post("/arrivals", body)
    assert again.status_code == 409
    assert again.json()["code"] == "case.invalid_transition"
    assert api.post("/arrivals", {**body, "reference": "P-NOTHERE"}).status_code == 404


# --------------------------------------------------------------------------------------------------
# Division, approver and contract: a whole case through the API
# --------------------------------------------------------------------------------------------------


def _prepare_evidence(review, division) -> None:
    """The background assessment (③) and the fee estimate, through their services (the UI's buttons)."""
    review_services.request_assessment(review, actor=division, origin=ORIGIN)
    review = review_services.execute_assessment(review.pk)
    assert review.assessment_state == review.AssessmentState.PASSED, review.assessment_error
    review_services.save_estimate(
        review, review_services.EstimateInput(creation_mode="in_house", hours=HOURS), actor=division, origin=ORIGIN
    )


def test_a_case_from_acceptance_to_contract(
    as_persona, personas, kumamoto_case, django_capture_on_commit_callbacks
) -> None:
    desk, division, approver = (as_persona(f"kumamoto_{r}") for r in ("desk", "division", "approver"))
    base = f"/cases/{kumamoto_case.pk}"
    assert desk.post(f"{base}/accept").status_code == 200

    # the owning division starts the review, once
    assert desk.post(f"{base}/review/start").status_code == 403
    assert division.post(f"{base}/review/submit").json()["code"] == "case.no_review"
    started = division.post(f"{base}/review/start")
    assert started.status_code == 200, started.content
    case = started.json()
    assert (case["stage"], case["state"]) == ("review", "in_review")
    assert {p["criterion"] for p in case["panels"]} == {"c1", "c2", "c3", "c4", "c5", "c6", "c7"}
    repeat = division.post(f"{base}/review/start")
    assert repeat.status_code == 409
    assert repeat.json()["message"] == "この提案の審査はすでに始まっています。"

    review = Proposal.objects.get(pk=kumamoto_case.pk).review
    with django_capture_on_commit_callbacks(execute=False):
        _prepare_evidence(review, personas["kumamoto_division"])

    # findings: a "does not meet" needs its reason; the approver may not record them
    refused = division.post(f"{base}/review/findings/c4", {"finding": "does_not_meet", "reasoning": ""})
    assert refused.status_code == 409
    assert "理由を具体的に記入してください" in refused.json()["message"]
    assert approver.post(f"{base}/review/findings/c4", {"finding": "meets"}).status_code == 403
    assert division.post(f"{base}/review/findings/c9", {"finding": "meets"}).status_code == 422
    for c in ("c1", "c2", "c3", "c4", "c5", "c6", "c7"):
        r = division.post(f"{base}/review/findings/{c}", {"finding": "meets", "reasoning": "基準に適合する。"})
        assert r.status_code == 200, r.content
    assert {p["finding"] for p in r.json()["panels"]} == {Finding.MEETS.value}
    assert _audited("reviews.finding_recorded", f"/api/staff{base}/review/findings/c7") == 1

    # the preparer submits; the approver (another person) signs off, once
    assert approver.post(f"{base}/review/submit").status_code == 403
    submitted = division.post(f"{base}/review/submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "awaiting_sign_off"
    assert division.post(f"{base}/review/sign-off", {"approve": True}).status_code == 403
    signed = approver.post(f"{base}/review/sign-off", {"approve": True, "note": ""})
    assert signed.status_code == 200, signed.content
    assert (signed.json()["state"], signed.json()["review"]["outcome"]) == ("approved", "approved")
    again = approver.post(f"{base}/review/sign-off", {"approve": True})
    assert (again.status_code, again.json()["message"]) == (409, "決裁待ちの審査ではありません。")
    assert _audited("reviews.signed_off", f"/api/staff{base}/review/sign-off") == 1

    # no contract before the notice; the notice itself is sent from the UI (documents are rendered there)
    today = timezone.localdate()
    payment = {"received_on": today.isoformat(), "received_via": "mail", "method": "municipal_payment"}
    early = division.post(f"{base}/contract/payment", {**payment, "tendered_yen": 1, "duty_affixed_yen": 0})
    assert (early.status_code, early.json()["code"]) == (409, "case.no_contract")
    review.refresh_from_db()
    review_services.issue_notice(
        review,
        review_services.NoticeInput(today, today + timedelta(days=30), f"熊個第{review.pk}号"),
        actor=personas["kumamoto_division"],
        origin=ORIGIN,
    )
    review.refresh_from_db()
    fee = int(review.fee_yen or 0)
    assert fee > 0

    # Kumamoto's profile makes the owning division check the payment and conclude
    by_desk = desk.post(f"{base}/contract/payment", {**payment, "tendered_yen": fee, "duty_affixed_yen": 0})
    assert by_desk.status_code == 403
    assert not Contract.objects.filter(review=review).exists()  # a refused caller opens nothing
    duty = stamp_duty_due(fee, review.organization.profile.stamp_duty)
    short = division.post(f"{base}/contract/payment", {**payment, "tendered_yen": fee - 1, "duty_affixed_yen": duty})
    assert short.status_code == 200, short.content
    assert short.json()["state"] == "returned"  # the contract was opened by this first step, as the UI's page does
    assert short.json()["contract"]["stamp_duty_yen"] == duty
    paid = division.post(f"{base}/contract/payment", {**payment, "tendered_yen": fee, "duty_affixed_yen": duty})
    assert paid.status_code == 200, paid.content
    assert paid.json()["state"] == "paid"
    twice = division.post(f"{base}/contract/payment", {**payment, "tendered_yen": fee, "duty_affixed_yen": duty})
    assert twice.status_code == 409
    assert "申込書を受け付けられません" in twice.json()["message"]

    concluded = division.post(f"{base}/contract/conclude", {"concluded_on": today.isoformat()})
    assert concluded.status_code == 200, concluded.content
    case = concluded.json()
    assert (case["stage"], case["state"]) == ("contract", "concluded")
    assert case["contract"]["number"]
    assert _audited("contracts.concluded", f"/api/staff{base}/contract/conclude") == 1
    assert division.post(f"{base}/contract/conclude", {"concluded_on": today.isoformat()}).status_code == 409
    listed = desk.get("/cases", state="concluded").json()
    assert [i["reference"] for i in listed["items"]] == [kumamoto_case.reference]


def test_sign_off_sent_back_returns_the_case_to_review(
    as_persona, personas, kumamoto_case, django_capture_on_commit_callbacks
) -> None:
    desk, division, approver = (as_persona(f"kumamoto_{r}") for r in ("desk", "division", "approver"))
    base = f"/cases/{kumamoto_case.pk}"
    desk.post(f"{base}/accept")
    division.post(f"{base}/review/start")
    review = Proposal.objects.get(pk=kumamoto_case.pk).review
    with django_capture_on_commit_callbacks(execute=False):
        _prepare_evidence(review, personas["kumamoto_division"])
    for c in ("c1", "c2", "c3", "c4", "c5", "c6", "c7"):
        division.post(f"{base}/review/findings/{c}", {"finding": "meets", "reasoning": "適合。"})
    division.post(f"{base}/review/submit")
    no_note = approver.post(f"{base}/review/sign-off", {"approve": False, "note": ""})
    assert (no_note.status_code, no_note.json()["message"]) == (409, "差し戻す理由を記入してください。")
    back = approver.post(f"{base}/review/sign-off", {"approve": False, "note": "⑥の理由を補ってください。"})
    assert back.status_code == 200
    assert back.json()["state"] == "in_review"
    assert _audited("reviews.sent_back", f"/api/staff{base}/review/sign-off") == 1
