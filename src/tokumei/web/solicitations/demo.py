"""Demo solicitations: the seeds' real dates for Kumamoto City and ISA (closed by now), and an open one for each
prefectural police so that the portal shows solicitations in progress whenever the demo is loaded."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from tokumei.web.accounts.models import Department, Organization, User
from tokumei.web.core.audit import Origin
from tokumei.web.register.models import PersonalInformationFile

from . import services
from .models import Solicitation


def _desk_user(org: Organization) -> User | None:
    return User.objects.filter(organization=org, department__kind=Department.Kind.RECEPTION_DESK).first()


def load_solicitation_demo(origin: Origin) -> int:
    today = timezone.localdate()
    open_first = today - timedelta(days=5)
    plans: list[tuple[str, str, date, date, time | None, date, bool]] = [
        # (org, title, first, last, closing, notice, close afterwards)
        (
            "kumamoto-city",
            "令和7年度 行政機関等匿名加工情報に関する提案の募集",
            date(2025, 12, 19),
            date(2026, 1, 20),
            None,
            date(2025, 12, 19),
            True,
        ),
        (
            "isa",
            "令和7年度 行政機関等匿名加工情報に関する提案の募集",
            date(2026, 2, 9),
            date(2026, 3, 13),
            time(17, 0),
            date(2026, 2, 2),
            True,
        ),
        (
            "nara-police",
            "行政機関等匿名加工情報に関する提案の募集",
            open_first,
            open_first + timedelta(days=35),
            None,
            open_first - timedelta(days=7),
            False,
        ),
        (
            "fukuoka-police",
            "行政機関等匿名加工情報に関する提案の募集",
            open_first,
            open_first + timedelta(days=40),
            None,
            open_first - timedelta(days=3),
            False,
        ),
        # The 2017 rule: a historical FY2017 record (dates are デモ用の仮の値; 国税庁 solicited in FY2017).
        (
            "legacy-2017",
            "平成29年度 行政機関非識別加工情報に関する提案の募集（デモ用の仮の日付）",
            date(2017, 10, 2),
            date(2017, 11, 1),
            None,
            date(2017, 9, 25),
            True,
        ),
    ]
    created = 0
    for profile_id, title, first, last, closing, notice, close in plans:
        org = Organization.objects.get(profile_id=profile_id)
        desk = _desk_user(org)
        files = list(PersonalInformationFile.objects.filter(organization=org, is_proposal_target=True))
        if desk is None or not files or Solicitation.objects.filter(organization=org, first_day=first).exists():
            continue
        file_ids = [f.pk for f in files]
        if len(file_ids) > 1 and not org.profile.procedure.grouped_solicitation_allowed:
            file_ids = file_ids[:1]
        s, _ = services.save_draft(
            org,
            services.SolicitationInput(
                title,
                first,
                last,
                closing,
                notice,
                "",
                org.profile.submission.in_person,
                org.profile.submission.by_mail,
                False,
                org.profile.submission.copies,
                "",
                file_ids,
            ),
            actor=desk,
            origin=origin,
        )
        services.publish(s, actor=desk, origin=origin)
        if close:
            services.close(s, actor=desk, origin=origin)
        created += 1
    return created
