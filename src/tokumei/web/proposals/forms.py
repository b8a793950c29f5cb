"""Forms of the proposal (法112条2項 1〜8号 as separate fields), attachments, arrival, correction, consultation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from tokumei.law.intake import (
    HEALTH_INSURANCE_CARD_NOTE,
    AttachmentKind,
    DeliveryMedium,
    DeliveryMethod,
    IdentityDocumentType,
    Officer,
    ProposalKind,
    ProposerKind,
    parse_officer,
)
from tokumei.web.register.levels import level_label
from tokumei.web.register.models import PersonalInformationFile

from .models import Channel, ConsultationRecord
from .services import ProposalInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
HANDLER_ROWS = 3
JOINT_ROWS = 2
KIND_CHOICES = [(k.value, k.label) for k in ProposerKind]
NOT_WANTED = ""


def _text(label: str, *, required: bool = False, rows: int = 0, max_length: int = 300, **kw: Any) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=required, max_length=None if rows else max_length, widget=widget, **kw)


class ProposalForm(forms.Form):
    """Every item of the proposal. Nothing is required here: a draft may be incomplete; the pre-check says what
    is missing (in Japanese, field by field)."""

    proposer_kind = forms.ChoiceField(label="提案をする者の区分", choices=KIND_CHOICES)
    proposer_name = _text("氏名又は名称")
    proposer_address = _text("住所又は居所（本人確認書類のとおり）")
    proposer_representative = _text("代表者の氏名（法人その他の団体の場合）")
    corporate_number = _text("法人番号（法人の場合、13桁。欠格事由の確認に使います）", max_length=13)
    phone = _text("電話番号", max_length=40)
    email = forms.EmailField(label="電子メールアドレス", required=False)
    department = _text("担当部署（ある場合）")
    person_in_charge = _text("担当者の氏名（ある場合）")
    officers = _text(
        "役員の氏名と生年月日（法人等の場合、任意。1行に1人、「氏名、1970-04-01」の形。生年月日は省略できます。"
        "欠格事由（法113条6号）の確認にだけ使います）",
        rows=3,
    )
    proxy_kind = forms.ChoiceField(
        label="代理人の区分（代理人が提案する場合）", choices=[("", "代理人なし"), *KIND_CHOICES], required=False
    )
    proxy_name = _text("代理人の氏名又は名称")
    proxy_address = _text("代理人の住所又は居所")
    proxy_representative = _text("代理人の代表者の氏名（法人等の場合）")
    subject_scope = forms.ChoiceField(
        label="本人の数",
        choices=[("", "選んでください"), ("all", "ファイルの本人の全員"), ("sample", "無作為に抽出する")],
        required=False,
    )
    sample_size = forms.IntegerField(label="無作為に抽出する本人の数（1,000人以上）", required=False, min_value=1)
    contract_number = _text(
        "変更しようとする契約の契約番号（契約書に記載された番号。事業の変更の場合）",
        max_length=40,
        help_text="提案をする者が締結し、提供を受けている（又は締結済みの）この匿名加工情報の利用契約に限ります。",
    )
    purpose = _text("利用の目的", rows=3)
    method = _text("利用の方法", rows=3)
    business = _text("事業の内容（新産業の創出等に資する理由を含めて）", rows=4)
    use_from = forms.DateField(label="利用期間（初日）", required=False, widget=DATE)
    use_to = forms.DateField(label="利用期間（末日）", required=False, widget=DATE)
    place_of_use = _text("利用する場所")
    environment = _text("利用する環境", rows=2)
    storage_management = _text("保管及び管理の方法", rows=2)
    delivery_medium = forms.ChoiceField(
        label="提供の媒体",
        choices=[("", "選んでください")] + [(m.value, m.label) for m in DeliveryMedium],
        required=False,
    )
    delivery_method = forms.ChoiceField(
        label="提供の方法",
        choices=[("", "選んでください")] + [(m.value, m.label) for m in DeliveryMethod],
        required=False,
    )
    proposal_date = forms.DateField(label="提案の日（提案書の日付）", required=False, widget=DATE)

    def __init__(self, *args: Any, kind: str, file: PersonalInformationFile | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.items = []
        for i in range(JOINT_ROWS):
            self.fields[f"joint_{i}_kind"] = forms.ChoiceField(
                label=f"共同提案者{i + 1}の区分", choices=[("", "なし"), *KIND_CHOICES], required=False
            )
            self.fields[f"joint_{i}_name"] = _text(f"共同提案者{i + 1}の氏名又は名称")
            self.fields[f"joint_{i}_address"] = _text(f"共同提案者{i + 1}の住所又は居所")
            self.fields[f"joint_{i}_representative"] = _text(f"共同提案者{i + 1}の代表者の氏名")
        for i in range(HANDLER_ROWS):
            self.fields[f"handler_{i}_name"] = _text(f"取扱者{i + 1}の氏名")
            self.fields[f"handler_{i}_post"] = _text(f"取扱者{i + 1}の所属")
            self.fields[f"handler_{i}_title"] = _text(f"取扱者{i + 1}の役職")
        if file is not None and kind == ProposalKind.NEW:
            for item in file.record_items.all():
                if not item.is_offered:
                    continue
                name = f"item_{item.position}"
                self.fields[name] = forms.ChoiceField(
                    label=f"{item.name}",
                    choices=[(NOT_WANTED, "提供を求めない")]
                    + [(lv, level_label(item.generalizer, lv)) for lv in item.offered_levels],
                    required=False,
                )
                self.items.append((name, item))
        else:
            for name in ("subject_scope", "sample_size"):
                del self.fields[name]
        if kind != ProposalKind.CHANGE:
            del self.fields["contract_number"]

    # -- groups for the template (fieldsets) --------------------------------------------------------------
    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        def bf(names: list[str]) -> list[forms.BoundField]:
            return [self[n] for n in names if n in self.fields]

        joint = [f"joint_{i}_{x}" for i in range(JOINT_ROWS) for x in ("kind", "name", "address", "representative")]
        handlers = [f"handler_{i}_{x}" for i in range(HANDLER_ROWS) for x in ("name", "post", "title")]
        groups = [
            (
                "1 提案をする者（法112条2項1号）",
                bf(
                    [
                        "proposer_kind",
                        "proposer_name",
                        "proposer_address",
                        "proposer_representative",
                        "corporate_number",
                        "phone",
                        "email",
                        "department",
                        "person_in_charge",
                        "officers",
                        "proposal_date",
                    ]
                ),
            ),
            ("共同提案者（共同で提案する場合）", bf(joint)),
            (
                "代理人（代理人が提案する場合）",
                bf(["proxy_kind", "proxy_name", "proxy_address", "proxy_representative"]),
            ),
        ]
        if self.kind == ProposalKind.NEW:
            groups.append(("3 本人の数（法112条2項3号、規則56条）", bf(["subject_scope", "sample_size"])))
            groups.append(("4 加工の方法：記録項目ごとの詳細度（法112条2項4号）", [self[n] for n, _ in self.items]))
        elif self.kind == ProposalKind.CHANGE:
            groups.append(("4 変更しようとする契約（法118条後段）", bf(["contract_number"])))
        groups += [
            ("5 利用の目的及び方法その他事業の内容", bf(["purpose", "method", "business"])),
            ("6 事業の用に供しようとする期間", bf(["use_from", "use_to"])),
            (
                "7 漏えいの防止その他の適切な管理のための措置",
                bf([*handlers, "place_of_use", "environment", "storage_management"]),
            ),
            ("8 提供の方法（法112条2項8号）", bf(["delivery_medium", "delivery_method"])),
        ]
        return groups

    @staticmethod
    def initial_from(data: ProposalInput, file: PersonalInformationFile | None) -> dict[str, Any]:
        initial: dict[str, Any] = {k: v for k, v in data.__dict__.items() if not isinstance(v, (list, dict))}
        initial["officers"] = "\n".join(
            Officer(o["name"], date.fromisoformat(o["birth_date"]) if o.get("birth_date") else None).line()
            for o in data.officers
        )
        for i, j in enumerate(data.joint_proposers[:JOINT_ROWS]):
            for x in ("kind", "name", "address", "representative"):
                initial[f"joint_{i}_{x}"] = j.get(x, "")
        for i, h in enumerate(data.handlers[:HANDLER_ROWS]):
            for x in ("name", "post", "title"):
                initial[f"handler_{i}_{x}"] = h.get(x, "")
        if file is not None:
            for item in file.record_items.all():
                initial[f"item_{item.position}"] = data.processing.get(item.name) or NOT_WANTED
        return initial

    def clean_officers(self) -> list[dict[str, str]]:
        officers, errors = [], []
        for line in (self.cleaned_data.get("officers") or "").splitlines():
            if not line.strip():
                continue
            try:
                o = parse_officer(line)
            except ValueError as exc:
                errors.append(str(exc))
                continue
            officers.append({"name": o.name, "birth_date": o.birth_date.isoformat() if o.birth_date else ""})
        if errors:
            raise forms.ValidationError(errors)
        return officers

    def to_input(self) -> ProposalInput:
        d = self.cleaned_data
        data = ProposalInput(**{k: d[k] for k in ProposalInput.__dataclass_fields__ if k in d and k != "officers"})
        data.email = d.get("email") or ""
        data.officers = list(d.get("officers") or [])
        data.joint_proposers = [
            {x: d[f"joint_{i}_{x}"] or "" for x in ("kind", "name", "address", "representative")}
            for i in range(JOINT_ROWS)
            if d.get(f"joint_{i}_kind") or d.get(f"joint_{i}_name")
        ]
        for j in data.joint_proposers:
            j["kind"] = j["kind"] or "individual"
        data.handlers = [
            {x: d[f"handler_{i}_{x}"] or "" for x in ("name", "post", "title")}
            for i in range(HANDLER_ROWS)
            if any(d.get(f"handler_{i}_{x}") for x in ("name", "post", "title"))
        ]
        data.processing = {item.name: (d.get(n) or None) for n, item in self.items}
        if not data.proxy_kind and data.proxy_name:
            data.proxy_kind = "individual"
        return data


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="書類の種類",
        choices=[(k.value, k.label) for k in AttachmentKind if k is not AttachmentKind.PROPOSAL_SCAN],
    )
    files = forms.FileField(
        label="ファイル（PDF・JPEG・PNG・Word。1件10MBまで）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"}),
    )
    holder = forms.ChoiceField(
        label="誰の本人確認書類か",
        required=False,
        choices=[
            ("proposer", "提案をする者"),
            ("joint:0", "共同提案者1"),
            ("joint:1", "共同提案者2"),
            ("proxy", "代理人"),
        ],
    )
    document_type = forms.ChoiceField(
        label="本人確認書類の種類",
        required=False,
        choices=[("", "（本人確認書類の場合に選ぶ）")] + [(t.value, t.label) for t in IdentityDocumentType],
        help_text=HEALTH_INSURANCE_CARD_NOTE,
    )
    issued_on = forms.DateField(label="発行日（作成日）", required=False, widget=DATE)
    valid_until = forms.DateField(label="有効期限（ある場合）", required=False, widget=DATE)
    name_on_document = _text("書類に記載された氏名又は名称")
    address_on_document = _text("書類に記載された住所")
    front_side_only = forms.BooleanField(
        label="個人番号カードの写しは表面だけです（裏面の個人番号は写していません）", required=False
    )
    alternative_reason = _text("やむを得ない理由（代わりの書類を添付する場合）", rows=2)
    on_paper = forms.BooleanField(label="紙で受領した（ファイルなし・職員のみ）", required=False)

    def __init__(self, *args: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["kind"].choices = [(k.value, k.label) for k in AttachmentKind]
        else:
            del self.fields["on_paper"]


class ArrivalForm(forms.Form):
    reference = _text("受付参照番号（送付書に印刷された P- で始まる番号）", required=True, max_length=20)
    channel = forms.ChoiceField(
        label="提出の方法", choices=[(Channel.IN_PERSON, "持参"), (Channel.MAIL, "郵送・信書便")]
    )
    arrived_on = forms.DateField(label="到達日（郵送は到達した日）", widget=DATE)
    arrived_at = forms.TimeField(label="到達時刻（持参の場合）", required=False, widget=TIME)
    proposal_date = forms.DateField(label="提案書の日付", required=False, widget=DATE)
    official_form = forms.BooleanField(label="所定の様式が用いられている", required=False, initial=True)


class PaperArrivalForm(ArrivalForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["reference"]


class CorrectionForm(forms.Form):
    deadline = forms.DateField(label="訂正の期限", widget=DATE)
    channel = forms.ChoiceField(
        label="伝える方法",
        choices=[(Channel.ONLINE, "ポータル（提案者のページ）"), (Channel.MAIL, "郵送"), (Channel.IN_PERSON, "窓口")],
    )

    def __init__(self, *args: Any, rows: int = 5, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for i in range(rows):
            self.fields[f"what_{i}"] = _text(f"訂正を求める事項{i + 1}（何を）")
            self.fields[f"why_{i}"] = _text(f"訂正を求める理由{i + 1}（なぜ）")


class ReasonForm(forms.Form):
    reason = _text("理由", rows=3, required=True)


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = ConsultationRecord
        fields = ["occurred_on", "channel", "counterpart", "question", "answer", "oral_proposal"]
        widgets = {
            "occurred_on": DATE,
            "question": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
        }


class SignupForm(forms.Form):
    username = forms.SlugField(label="ログインID（半角英数字）", max_length=60)
    display_name = _text("氏名又は名称", required=True)
    email = forms.EmailField(label="電子メールアドレス")
    password = forms.CharField(label="パスワード（12文字以上）", widget=forms.PasswordInput, min_length=12)
