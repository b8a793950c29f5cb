"""Every view and API endpoint × every role × own/other organization (issue 12 §3).

The expected outcome of each cell is in the table below; the test fails on any difference, and in particular on
any unexpected allow. A URL that is not in the table fails the test too, so a new view must declare who may use it.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tokumei.web.api import tokens
from tokumei.web.production.models import DeliveryPackage, ProductionRun
from tokumei.web.proposals.models import Attachment, Proposal
from tokumei.web.register.models import AnonymizedDataset
from tokumei.web.solicitations import services as solicitation_services

from .conftest import ORIGIN
from .factories import make_file

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "proposer", "desk", "division", "approver", "auditor")
PUBLIC = dict.fromkeys(ROLES, 200)
LOGIN = 302  # anonymous users are sent to the login page


def staff(status: int, *, proposer: int = 403) -> dict[str, int]:
    return {
        "anonymous": LOGIN,
        "proposer": proposer,
        "desk": status,
        "division": status,
        "approver": status,
        "auditor": status,
    }


def only(role_status: dict[str, int], *, proposer: int = 403, others: int = 403) -> dict[str, int]:
    base = {
        "anonymous": LOGIN,
        "proposer": proposer,
        "desk": others,
        "division": others,
        "approver": others,
        "auditor": others,
    }
    return {**base, **role_status}


DETERMINATION = {
    "register_published": True,
    "disclosable": True,
    "no_hindrance": True,
    "selected": True,
    "reasons": "理由",
}


def API_ONLY(role_status: dict[str, int]) -> dict[str, int]:
    return only(role_status, proposer=401) | {"anonymous": 401}


API_BODIES: dict[str, dict[str, Any]] = {
    "": {},
    "arrival": {"reference": "P-MATRIXOWN", "channel": "mail", "arrived_on": "2026-08-10"},
    "reason": {"reason": " "},
    "correction": {"items": [{"what": "目的", "why": "不明"}], "deadline": "2000-01-01"},
    "finding": {"finding": "meets", "reasoning": ""},
    "sign_off": {"approve": True},
    "payment": {
        "received_on": "2999-01-01",
        "received_via": "mail",
        "method": "municipal_payment",
        "tendered_yen": 0,
        "duty_affixed_yen": 0,
    },
    "conclude": {"concluded_on": "2026-08-10"},
}

# url name → (method, argument kind, expected status per role on OWN objects, expected status for staff on OTHER)
MATRIX: dict[str, tuple[str, str, dict[str, int], int | None]] = {
    "portal:home": ("get", "", PUBLIC, None),
    "register:list": ("get", "", PUBLIC, None),
    "register:detail": ("get", "file", PUBLIC, 200),
    "register:export_csv": ("get", "", PUBLIC, None),
    "register:export_json": ("get", "", PUBLIC, None),
    "portal_solicitations:list": ("get", "", PUBLIC, None),
    "portal_solicitations:detail": ("get", "published", PUBLIC, 200),
    "portal_solicitations:notice_file": ("get", "published+pdf", PUBLIC, 200),
    "portal_solicitations:form_file": ("get", "published+proposal+pdf", PUBLIC, 200),
    "api:openapi-json": ("get", "", PUBLIC, None),
    "api:openapi-view": ("get", "", PUBLIC, None),
    "api:list_files": ("get", "", PUBLIC, None),
    "api:get_file": ("get", "file_id", PUBLIC, 200),
    "api:list_solicitations": ("get", "", PUBLIC, None),
    "api:get_solicitation": ("get", "published_id", PUBLIC, 200),
    "api:staff_list_files": ("get", "", {**staff(200), "anonymous": 401}, None),
    "api:staff_determine": ("post-json", "file_id", only({"division": 201}, proposer=404) | {"anonymous": 401}, 404),
    # staff case API (issue 12 item 1): reads by token or session, transitions by token only (the proposer has no
    # token: 401). Each body is one the service refuses (409) for the role the profile allows, so the world stays.
    "api:staff_list_cases": ("get", "", {**staff(200), "anonymous": 401}, None),
    "api:staff_get_case": ("get", "case", {**staff(200), "anonymous": 401}, 404),
    "api:staff_record_arrival": ("token-post:arrival", "", API_ONLY({"desk": 409}), None),
    "api:staff_accept": ("token-post:", "case", API_ONLY({"desk": 409}), 404),
    "api:staff_not_accept": ("token-post:reason", "case", API_ONLY({"desk": 409}), 404),
    "api:staff_request_correction": ("token-post:correction", "case", API_ONLY({"desk": 409}), 404),
    "api:staff_start_review": ("token-post:", "case", API_ONLY({"division": 409}), 404),
    "api:staff_record_finding": ("token-post:finding", "reviewed_case+c1", API_ONLY({"division": 409}), 404),
    "api:staff_submit_review": ("token-post:", "reviewed_case", API_ONLY({"division": 409}), 404),
    "api:staff_sign_off": ("token-post:sign_off", "reviewed_case", API_ONLY({"approver": 409}), 404),
    "api:staff_record_payment": ("token-post:payment", "reviewed_case", API_ONLY({"division": 409}), 404),
    "api:staff_conclude": ("token-post:conclude", "reviewed_case", API_ONLY({"division": 409}), 404),
    "accounts:home": ("get", "", staff(200, proposer=302), None),
    # own API tokens (issue 12 item 1): every staff member manages their own; revoking is POST only (GET 405)
    "api_tokens:list": ("get", "", staff(200), None),
    "api_tokens:revoke": ("get", "token", staff(405), None),
    "accounts:login": ("get", "", {**dict.fromkeys(ROLES, 302), "anonymous": 200}, None),
    "accounts:logout": ("get", "", dict.fromkeys(ROLES, 405), None),
    "accounts:organization": ("get", "org", staff(200, proposer=404), 404),
    "accounts:two_factor": ("get", "", staff(200, proposer=302), None),
    # without a device there is no code to ask for: everyone is sent on
    "accounts:otp_verify": ("get", "", dict.fromkeys(ROLES, 302), None),
    "register_staff:list": ("get", "", staff(200), None),
    "register_staff:new": ("get", "", only({"division": 200}), None),
    "register_staff:import": ("get", "", only({"division": 200}), None),
    "register_staff:detail": ("get", "file", staff(200, proposer=404), 404),
    "register_staff:edit": ("get", "file", only({"division": 200}, proposer=404), 404),
    "register_staff:items": ("get", "file", only({"division": 200}, proposer=404), 404),
    "register_staff:determination": ("get", "file", only({"division": 200}, proposer=404), 404),
    "register_staff:policy": ("get", "file", only({"division": 200}, proposer=404), 404),
    "register_staff:count": ("get", "file", only({"division": 302}, proposer=404), 404),
    "solicitations:list": ("get", "", staff(200), None),
    "solicitations:new": ("get", "", only({"desk": 200}), None),
    "solicitations:detail": ("get", "draft", staff(200, proposer=404), 404),
    "solicitations:edit": ("get", "draft", only({"desk": 200}, proposer=404), 404),
    "solicitations:transition": ("get", "draft+publish", only({"desk": 302}, proposer=404), 404),
    "production:list": ("get", "", staff(200), None),
    "production:new": ("get", "file", only({"division": 302}, proposer=404), 404),
    "production:detail": ("get", "run", staff(200, proposer=404), 404),
    "production:output": ("get", "run", only({"approver": 404}, proposer=404), 404),
    "production:inspect": ("get", "run", only({"approver": 302}, proposer=404), 404),
    "production:rerun": ("get", "run", only({"division": 302}, proposer=404), 404),
    # Kumamoto's profile makes the owning division deliver (the desk does in Fukuoka).
    "production:package": ("get", "run", only({"division": 302}, proposer=404), 404),
    "production:package_download": ("get", "package", only({"division": 404}, proposer=404), 404),
    # proposals (issue 7): the proposer's own proposal; staff see it as a case (it has arrived), other orgs 404.
    "proposals:signup": ("get", "", PUBLIC, None),
    "proposals:mine": ("get", "", {**dict.fromkeys(ROLES, 200), "anonymous": LOGIN}, None),
    "proposals:start": ("get", "", {**dict.fromkeys(ROLES, 302)}, None),
    "proposals:detail": ("get", "proposal", only({}, proposer=200, others=404), 404),
    "proposals:edit": ("get", "proposal", only({}, proposer=302, others=404), 404),
    "proposals:precheck": ("get", "proposal", only({}, proposer=200, others=404), 404),
    "proposals:attachments": ("get", "proposal", only({}, proposer=200, others=404), 404),
    "proposals:attachment": ("get", "proposal+attachment", only({}, proposer=404, others=404), 404),
    "proposals:remove_attachment": ("get", "proposal+attachment", only({}, proposer=302, others=404), 404),
    "proposals:print": ("get", "proposal", only({}, proposer=200, others=404), 404),
    "proposals:print_file": ("get", "proposal+print", only({}, proposer=200, others=404), 404),
    "proposals:submit": ("get", "proposal", only({}, proposer=302, others=404), 404),
    "proposals:withdraw": ("get", "proposal", only({}, proposer=302, others=404), 404),
    "proposals_staff:list": ("get", "", staff(200), None),
    "proposals_staff:arrival": ("get", "", only({"desk": 200}), None),
    "proposals_staff:paper": ("get", "paper", only({"desk": 200}), 404),
    "proposals_staff:paper_dataset": ("get", "paper_dataset", only({"desk": 200}), 404),
    "proposals_staff:consultations": ("get", "", staff(200), None),
    "proposals_staff:detail": ("get", "proposal", staff(200, proposer=404), 404),
    "proposals_staff:action": ("get", "proposal+action", staff(302, proposer=404), 404),
    "proposals_staff:attachment": ("get", "proposal+attachment", only({}, proposer=404, others=404), 404),
    # reviews: the owning division works the review, an approver signs off, the proposer reads the notices
    "reviews:list": ("get", "", staff(200), None),
    "reviews:start": ("get", "review_start", only({"division": 302}, proposer=404), 404),
    "reviews:detail": ("get", "review", staff(200, proposer=404), 404),
    "reviews:panel": ("get", "review+c1", only({"division": 302}, proposer=404), 404),
    "reviews:explanation": ("get", "review", only({"division": 302}, proposer=404), 404),
    "reviews:answer": ("get", "explanation", only({"division": 302}, proposer=404), 404),
    "reviews:consultation": ("get", "review", only({"division": 302}, proposer=404), 404),
    "reviews:assess": ("get", "review", only({"division": 302}, proposer=404), 404),
    "reviews:estimate": ("get", "review", only({"division": 302}, proposer=404), 404),
    "reviews:submit": ("get", "review", only({"division": 302}, proposer=404), 404),
    "reviews:sign_off": ("get", "review", only({"approver": 302}, proposer=404), 404),
    "reviews:notify": ("get", "review", only({"division": 302}, proposer=404), 404),
    "reviews:fee_correction": ("get", "review", only({"division": 302}, proposer=404), 404),
    "reviews:document": ("get", "decision_document+pdf", staff(200, proposer=404), 404),
    "decisions:detail": ("get", "decision", only({"proposer": 200}, others=404), 404),
    "decisions:document": ("get", "proposal_document+pdf", only({"proposer": 200}, others=404), 404),
    # contracts (issue 9): staff read; the profile's performer acts (Kumamoto: the division checks the payment)
    "contracts:list": ("get", "", staff(200), None),
    "contracts:detail": ("get", "contract", staff(200, proposer=404), 404),
    "contracts:action": ("get", "contract+payment", only({"division": 405}, proposer=404), 404),
    # supervision after delivery (issue 10): the division of the file acts; staff read; complaints by desk/division
    "supervision:overview": ("get", "", staff(200), None),
    "supervision:case": ("get", "contract", staff(200, proposer=404), 404),
    "supervision:change_form": ("get", "contract_form+pdf", staff(200, proposer=404), 404),
    "supervision:action": ("get", "contract+change", only({"division": 405}, proposer=404), 404),
    "supervision:complaints": ("get", "", staff(200), None),
    "supervision:complaint_answer": (
        "get",
        "complaint",
        only({"desk": 405, "division": 405}, proposer=404),
        404,
    ),
    # retention and statistics (issue 10 items 5–6): staff read; the desk or division records a national body's
    # consent, an approver disposes (both POST only: a permitted GET is 405)
    "retention:list": ("get", "", staff(200), None),
    "retention:consent": ("get", "", only({"desk": 405, "division": 405}), None),
    "retention:dispose": ("get", "", only({"approver": 405}), None),
    "statistics:page": ("get", "", staff(200), None),
    "statistics:csv": ("get", "", staff(200), None),
    # historic cases of the 2017 rule (issue 11 item 2): only staff of a legacy_2017 organization; the pages do not
    # exist for Kumamoto's and Nara's staff (both cases belong to 国税庁, legacy-2017)
    "legacy:list": ("get", "", only({}, others=404), None),
    "legacy:import": ("get", "", only({}, others=404), None),
    "legacy:detail": ("get", "legacy_case", only({}, proposer=404, others=404), 404),
    "legacy:document": ("get", "legacy_case+pdf", only({}, proposer=404, others=404), 404),
    "records:audit_log": ("get", "", only({"auditor": 200}), None),
    "records:audit_log_csv": ("get", "", only({"auditor": 200}), None),
}
NOT_VIEWS = {"api:api-root"}


def _url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], ns: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{ns}:{p.namespace}".strip(":") if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{ns}:{p.name}" if ns else p.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_is_in_the_matrix() -> None:
    missing = sorted(_url_names() - set(MATRIX) - NOT_VIEWS)
    assert missing == [], f"declare who may use these views in MATRIX: {missing}"


@pytest.fixture
def world(personas: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Objects of Kumamoto City ('own' for the personas) and of Nara Police ('other'). The other side's proposals
    belong to another proposer, so the proposer's 'other' cells are another proposer's proposals."""
    from tokumei.web.accounts.roles import Role
    from tokumei.web.accounts.services import create_user

    owners = {
        "own": personas["proposer"],
        "other": create_user(
            username="proposer-other",
            password="another-proposer-pass-1",
            display_name="別の提案者",
            roles=[Role.PROPOSER],
            origin=ORIGIN,
        ),
    }
    out: dict[str, dict[str, Any]] = {}
    for side, org_key in (("own", "kumamoto"), ("other", "nara")):
        owner = owners[side]
        division = personas[f"{org_key}_division"]
        desk = personas[f"{org_key}_desk"]
        file = make_file(division.organization, division.department, division, name=f"{org_key}ファイル")
        first, last = date(2026, 6, 1), date(2026, 7, 1)
        draft, _ = solicitation_services.save_draft(
            desk.organization,
            solicitation_services.SolicitationInput(
                "下書き", first, last, None, None, "", True, True, False, 2, "", [file.pk]
            ),
            actor=desk,
            origin=ORIGIN,
        )
        published, _ = solicitation_services.save_draft(
            desk.organization,
            solicitation_services.SolicitationInput(
                "公示",
                date(2026, 8, 3),
                date(2026, 9, 4),
                None,
                date(2026, 7, 27),
                "",
                True,
                True,
                False,
                2,
                "",
                [file.pk],
            ),
            actor=desk,
            origin=ORIGIN,
        )
        solicitation_services.publish(published, actor=desk, origin=ORIGIN)
        run = ProductionRun.objects.create(
            file=file, title="作成", recipe_yaml="version: 1", requested_by=division, state=ProductionRun.State.FAILED
        )
        proposal = Proposal.objects.create(
            organization=division.organization,
            reference=f"P-MATRIX{side.upper()}",
            state="received",
            owner=owner,
            solicitation=published,
            file=file,
            proposer_kind="corporation",
            proposer_name="株式会社マトリクス",
            channel="mail",
            arrived_on=date(2026, 8, 10),
        )
        attachment = Attachment.objects.create(proposal=proposal, kind="pledge", uploaded_by=owner)
        reviewed, review, explanation, document = _reviewed_proposal(file, owner, division)
        from tokumei.web.supervision.models import Complaint

        complaint = Complaint.objects.create(
            organization=division.organization,
            received_on=date(2026, 11, 1),
            complainant="申出者",
            summary="苦情",
            recorded_by=division,
        )
        out[side] = {
            "legacy_case": _legacy_case(side).pk,
            "reviewed_proposal": reviewed.pk,
            "complaint": complaint.pk,
            "review": review.pk,
            "explanation": explanation.pk,
            "document": document.pk,
            "proposal": proposal.pk,
            "attachment": attachment.pk,
            "org": division.organization.profile_id,
            "file": file.pk,
            "draft": draft.pk,
            "published": published.pk,
            "run": run.pk,
            "dataset": AnonymizedDataset.objects.create(
                file=file,
                title="作成済みの匿名加工情報",
                subject_count=1000,
                proposal_office="提案窓口",
                proposal_period_first_day=date(2026, 8, 1),
                proposal_period_last_day=date(2027, 7, 31),
                created_on=date(2026, 7, 1),
            ).pk,
            "package": DeliveryPackage.objects.create(
                run=run, medium="cd-r", folder="/nonexistent", built_by=division
            ).pk,
        }
    return out


def _legacy_case(side: str) -> Any:
    """An approved historic case of 国税庁 (legacy-2017): every persona here belongs to another organization."""
    from tokumei.web.accounts.models import Organization
    from tokumei.web.legacy.models import HistoricCase, LegacyImport

    org = Organization.objects.get(profile_id="legacy-2017")
    batch = LegacyImport.objects.create(organization=org, file_name="m.csv", encoding="utf-8", sha256="0", case_count=1)
    return HistoricCase.objects.create(
        organization=org,
        batch=batch,
        line=2,
        case_number=f"M-{side}",
        proposer="株式会社マトリクス",
        file_label="ファイル",
        proposal_date=date(2018, 3, 1),
        status="approved",
        notice_date=date(2018, 6, 1),
        fee_yen=21_000,
        payment_deadline=date(2018, 6, 29),
        delivery_medium="cd_r",
        delivery_method="desk",
    )


def _reviewed_proposal(file: Any, owner: Any, division: Any) -> tuple[Any, ...]:
    """A notified review (with one explanation request and one kept document) of the proposer's proposal."""
    from tokumei.web.proposals.models import Proposal
    from tokumei.web.reviews.models import DecisionDocument, ExplanationRequest, Review

    proposal = Proposal.objects.create(
        organization=file.organization,
        reference=f"P-M{file.pk}",
        kind="new",
        state="accepted",
        receipt_number=f"R{file.pk}",
        owner=owner,
        proposer_kind="corporation",
        proposer_name="株式会社マトリクス",
        file=file,
    )
    review = Review.objects.create(
        proposal=proposal, organization=file.organization, started_by=division, state="approval_notified"
    )
    explanation = ExplanationRequest.objects.create(
        review=review, request_text="説明", deadline=date(2026, 12, 1), requested_by=division
    )
    document = DecisionDocument.objects.create(
        review=review, kind="approval_notice", title="通知書", docx=b"PK", pdf=b"%PDF-1.4"
    )
    from tokumei.web.contracts.models import Contract

    Contract.objects.create(review=review, organization=file.organization, fee_yen=21_000)
    return proposal, review, explanation, document


def _args(kind: str, objects: dict[str, Any]) -> dict[str, Any]:
    if not kind:
        return {}
    base, *extra = kind.split("+")
    mapping = {
        "file": {"file_id": objects["file"]},
        "file_id": {"file_id": objects["file"]},
        "org": {"profile_id": objects["org"]},
        "draft": {"pk": objects["draft"]},
        "published": {"pk": objects["published"]},
        "published_id": {"solicitation_id": objects["published"]},
        "run": {"pk": objects["run"]},
        "proposal": {"pk": objects.get("proposal")},
        "case": {"case_id": objects["proposal"]},
        "token": {"pk": 1},  # any id: a GET is answered (403 or 405) before any token is looked up
        "reviewed_case": {"case_id": objects["reviewed_proposal"]},
        "paper": {"solicitation_id": objects["published"], "file_id": objects["file"]},
        "paper_dataset": {"dataset_id": objects["dataset"], "kind": "reuse"},
        "package": {"pk": objects["package"], "name": "nothing.zip"},
        "review_start": {"proposal_id": objects["proposal"]},
        "review": {"pk": objects["review"]},
        "contract": {"review_pk": objects["review"]},
        "contract_form": {"review_pk": objects["review"]},
        "complaint": {"pk": objects["complaint"]},
        "decision": {"pk": objects["reviewed_proposal"]},
        "explanation": {"pk": objects["review"], "request_id": objects["explanation"]},
        "decision_document": {"pk": objects["review"], "document_id": objects["document"]},
        "proposal_document": {"pk": objects["reviewed_proposal"], "document_id": objects["document"]},
        "legacy_case": {"pk": objects["legacy_case"]},
    }
    args = dict(mapping[base])
    if base == "draft" and extra:
        args["action"] = extra[0]
    if base == "proposal" and extra == ["attachment"]:
        args["attachment_id"] = objects["attachment"]
    if base == "proposal" and extra == ["print"]:
        args["index"], args["fmt"] = 0, "pdf"
    if base == "proposal" and extra == ["action"]:
        args["action"] = "accept"
    if base == "published" and len(extra) == 1:
        args["fmt"] = extra[0]
    if base == "published" and len(extra) == 2:
        args["kind"], args["fmt"] = extra
    if base == "contract" and extra:
        args["action"] = extra[0]
    if base == "contract_form":
        args["fmt"] = extra[0]
    if base in ("review", "reviewed_case") and extra:
        args["criterion"] = extra[0]
    if base in ("decision_document", "proposal_document"):
        args["fmt"] = extra[0]
    if base == "legacy_case" and extra:
        args["code"], args["fmt"] = "approval_notice", extra[0]
    return args


def _client(role: str, personas: dict[str, Any]) -> Client:
    client = Client()
    if role == "proposer":
        client.force_login(personas["proposer"])
    elif role != "anonymous":
        client.force_login(personas[f"kumamoto_{role}"])
        client.api_token = tokens.issue_token(  # type: ignore[attr-defined]
            personas[f"kumamoto_{role}"], "matrix", actor=None, origin=ORIGIN
        ).secret
    return client


def _call(client: Client, method: str, url: str) -> int:
    if method == "post-json":
        return client.post(url, json.dumps(DETERMINATION), content_type="application/json").status_code
    if method.startswith("token-post:"):
        token = getattr(client, "api_token", None)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = json.dumps(API_BODIES[method.split(":", 1)[1]])
        return client.post(url, body, content_type="application/json", headers=headers).status_code
    return client.get(url).status_code


def test_matrix(world: dict[str, dict[str, Any]], personas: dict[str, Any]) -> None:
    """One pass over the whole table (the objects are built once); every differing cell is reported."""
    unexpected: list[str] = []
    clients = {role: _client(role, personas) for role in ROLES}
    for name in sorted(MATRIX):
        unexpected.extend(_check(name, clients, world))
    assert unexpected == []


def _check(name: str, clients: dict[str, Client], world: dict[str, dict[str, Any]]) -> list[str]:
    method, kind, expected_own, expected_other = MATRIX[name]
    unexpected = []
    for role in ROLES:
        client = clients[role]
        own = reverse(name, kwargs=_args(kind, world["own"]))
        status = _call(client, method, own)
        if status != expected_own[role]:
            unexpected.append(f"{role} own {own}: {status} (expected {expected_own[role]})")
        if expected_other is not None and kind and role not in ("anonymous", "proposer"):
            other = reverse(name, kwargs=_args(kind, world["other"]))
            status = _call(client, method, other)
            if status != expected_other:
                unexpected.append(f"{role} other {other}: {status} (expected {expected_other})")
        if role == "proposer" and kind.split("+")[0] in PROPOSER_OBJECTS and expected_own[role] not in (LOGIN, 403):
            # another proposer's proposal, decision or document: never shown, never confirmed to exist
            other = reverse(name, kwargs=_args(kind, world["other"]))
            status = _call(client, method, other)
            if status != 404:
                unexpected.append(f"proposer other proposer's {other}: {status} (expected 404)")
    return unexpected


PROPOSER_OBJECTS = {"proposal", "decision", "proposal_document"}


DENIED = {401, 403, 404}


def test_denied_cells_stay_denied_on_post(world: dict[str, dict[str, Any]], personas: dict[str, Any]) -> None:
    """The table is read with GET; a state change comes as POST. Every cell the table denies (403, 404, or the login
    page for anonymous users) is sent again as a POST with an empty form: it must be denied the same way, and no
    state change may reach the audit log (a view that acted before checking the permission would show here)."""
    from tokumei.web.core.models import AuditEvent

    clients = {role: _client(role, personas) for role in ROLES}
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    unexpected: list[str] = []
    tried = 0
    for name in sorted(MATRIX):
        method, kind, expected_own, expected_other = MATRIX[name]
        if method != "get":
            continue
        for role in ROLES:
            denied = expected_own[role] in DENIED or (role == "anonymous" and expected_own[role] == LOGIN)
            targets = []
            if denied:
                targets.append((reverse(name, kwargs=_args(kind, world["own"])), expected_own[role]))
            if expected_other in DENIED and kind and role not in ("anonymous", "proposer"):
                targets.append((reverse(name, kwargs=_args(kind, world["other"])), expected_other))
            for url, expected in targets:
                tried += 1
                status = clients[role].post(url, {}).status_code
                # 405: a read-only endpoint refuses POST before anything else, which is a refusal too
                if status not in (expected, 405):
                    unexpected.append(f"POST {role} {url}: {status} (expected {expected})")
    assert unexpected == []
    assert tried > 300
    changes = AuditEvent.objects.exclude(pk__in=before).exclude(action__endswith="viewed")
    assert list(changes.values_list("action", flat=True)) == []
