"""Audit event codes, declared as data (STYLE.md habit 3): code → Japanese label shown to the auditor.

Every event written through :func:`tokumei.web.core.audit.record_event` must use a code listed here; adding a
stage of the procedure adds its codes here.
"""

from __future__ import annotations

AUDIT_ACTIONS: dict[str, str] = {
    # accounts
    "auth.login": "ログイン",
    "auth.login_failed": "ログイン失敗",
    "auth.logout": "ログアウト",
    "accounts.user_created": "利用者の登録",
    "accounts.role_granted": "役割の付与",
    "accounts.user_deactivated": "利用者の無効化",
    "accounts.organization_synced": "機関プロファイルの反映",
    "accounts.organization_viewed": "機関情報の閲覧",
    "auth.otp_device_started": "二要素認証の設定開始",
    "auth.otp_device_confirmed": "二要素認証の設定完了",
    "auth.otp_device_removed": "二要素認証の解除",
    "auth.otp_verified": "ワンタイムパスワードの確認",
    "auth.otp_failed": "ワンタイムパスワードの誤り",
    # register
    "register.file_created": "個人情報ファイルの登録",
    "register.file_changed": "個人情報ファイル簿の変更",
    "register.record_items_changed": "記録項目の変更",
    "register.determination_recorded": "提案募集対象の判断",
    "register.policy_set": "匿名加工の方針の設定",
    "register.subject_count_refreshed": "本人の数の確認",
    "register.subject_count_failed": "本人の数の確認の失敗",
    "register.imported": "個人情報ファイル簿の取込み",
    "register.file_viewed": "個人情報ファイルの閲覧（職員）",
    # solicitations
    "solicitations.draft_saved": "提案の募集の作成・更新",
    "solicitations.published": "提案の募集の公示",
    "solicitations.closed": "提案の募集の締切",
    "solicitations.archived": "提案の募集の保存",
    "solicitations.document_downloaded": "公示・様式のダウンロード（職員）",
    # production
    "production.requested": "匿名加工情報の作成の依頼",
    "production.succeeded": "匿名加工情報の作成",
    "production.failed": "匿名加工情報の作成の失敗",
    "production.secrets_destroyed": "削除情報・加工の方法に関する情報の消去",
    "production.requeued": "作成の再実行",
    "production.leftovers_removed": "中断した作成の一時ファイルの消去",
    "production.output_viewed": "作成した匿名加工情報の閲覧（点検）",
    "production.inspected": "作成した匿名加工情報の点検",
    "production.package_built": "提供用の媒体の作成",
    "production.package_downloaded": "提供用の媒体のダウンロード",
    "register.dataset_recorded": "個人情報ファイル簿への匿名加工情報の記載",
    "register.dataset_updated": "個人情報ファイル簿の匿名加工情報の記載の更新",
    "contracts.opened": "利用契約の手続の開始",
    "contracts.payment_accepted": "手数料の納付の確認（消印）",
    "contracts.payment_returned": "申込書等の返戻（手数料・印紙の過不足）",
    "contracts.deadline_extended": "納付期限の延長",
    "contracts.closed_unpaid": "納付がないことによる終了",
    "contracts.concluded": "利用契約の締結",
    "contracts.outsourced": "作成の委託契約",
    "contracts.duty_acknowledged": "従事者の義務（法122条）の確認",
    "contracts.production_started": "契約に基づく作成の依頼",
    "contracts.processor_deletion_confirmed": "委託先による消去の確認",
    "contracts.package_built": "契約の提供用の媒体の作成",
    "contracts.delivered": "匿名加工情報の提供",
    "contracts.viewed": "利用契約の閲覧",
    "contracts.delivery_consulted": "提供についての提案窓口との協議",
    # retention and statistics
    "retention.consent_recorded": "関係書類の廃棄への同意（公文書管理法8条2項）の記録",
    "retention.disposed": "保存期間の満了した関係書類の廃棄",
    "retention.statistics_exported": "年度の統計のCSV出力",
    "supervision.change_received": "記載事項変更申出書の受付",
    "supervision.change_form_issued": "記載事項変更申出書の出力",
    "supervision.change_effective": "記載事項の変更の効力発生",
    "supervision.change_refused": "取扱者の変更を認めない判断",
    "supervision.termination_intended": "契約の解除をしようとする旨の決定",
    "supervision.desk_consulted": "解除・報告についての提案窓口との協議",
    "supervision.terminated": "契約の解除（法120条）",
    "supervision.ppc_report_drafted": "個人情報保護委員会への報告の起案",
    "supervision.improper_use": "不適正な利用の記録",
    "supervision.use_ended": "利用の終了の確認",
    "supervision.complaint_received": "苦情の受付（法128条）",
    "supervision.complaint_answered": "苦情への回答",
    # proposals
    "proposals.draft_started": "提案の下書きの作成",
    "proposals.draft_saved": "提案の内容の保存",
    "proposals.attachment_added": "添付書類の登録",
    "proposals.attachment_removed": "添付書類の取下げ",
    "proposals.attachment_downloaded": "添付書類の閲覧・ダウンロード",
    "proposals.submitted_online": "提案の電子申請による提出",
    "proposals.arrival_recorded": "提案書類の到達の記録",
    "proposals.paper_entered": "紙の提案の入力",
    "proposals.correction_requested": "訂正の求め",
    "proposals.corrected": "訂正の受領",
    "proposals.accepted": "提案の受付（主管課へ送付）",
    "proposals.not_accepted": "提案を受け付けなかった",
    "proposals.withdrawn": "提案の取下げ",
    "proposals.division_checked": "主管課による記載事項・添付書類の確認",
    "proposals.viewed": "提案の閲覧（職員）",
    "proposals.forms_printed": "提案書類の印刷",
    "proposals.consultation_recorded": "応接記録の作成",
    "proposals.proposer_registered": "提案者アカウントの登録",
    # reviews
    "reviews.started": "審査の開始",
    "reviews.finding_recorded": "審査基準の判断の記録",
    "reviews.prior_consultation_recorded": "事前協議の記録",
    "reviews.explanation_requested": "説明・訂正の求め（審査）",
    "reviews.explanation_answered": "説明・訂正の求めへの回答の記録",
    "reviews.assessment_requested": "加工の方法の評価の依頼",
    "reviews.assessed": "加工の方法の評価（規則62条）",
    "reviews.assessment_failed": "加工の方法の評価の失敗",
    "reviews.estimate_saved": "作成の計画・手数料の見積り",
    "reviews.submitted": "審査結果の起案",
    "reviews.signed_off": "審査結果の決裁",
    "reviews.sent_back": "審査結果の差戻し",
    "reviews.notified": "審査結果の通知",
    "reviews.fee_corrected": "手数料の額の訂正（誤記）",
    "reviews.document_downloaded": "審査結果の通知文書の出力",
    "reviews.termination_recorded": "契約の解除の記録（法120条）",
    # historic cases of the abolished 2017 rule (legacy_2017 organizations)
    "legacy.imported": "旧制度の案件の取込み",
    "legacy.import_refused": "旧制度の案件の取込みの拒否（何も取り込んでいない）",
    "legacy.case_viewed": "旧制度の案件の閲覧",
    "legacy.document_downloaded": "旧制度の案件の通知文書等の出力",
    # API clients
    "api.token_issued": "APIトークンの発行",
    "api.token_revoked": "APIトークンの失効",
    # records
    "records.audit_viewed": "監査ログの閲覧",
    "records.audit_exported": "監査ログのCSV出力",
    # demo
    "demo.loaded": "デモデータの投入",
}


class UnknownAuditAction(ValueError):
    """Raised when code writes an audit event whose code is not declared in AUDIT_ACTIONS."""

    def __init__(self, action: str) -> None:
        allowed = ", ".join(sorted(AUDIT_ACTIONS))
        super().__init__(f"Unknown audit action {action!r}; declare it in AUDIT_ACTIONS. Allowed: {allowed}.")
