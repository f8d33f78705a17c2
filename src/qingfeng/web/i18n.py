"""The UI's words in Chinese (the default) and English: a small catalogue kept in code.

Chosen over gettext .po files because the catalogue is small, ships inside the wheel with
no build step, and a test can check that every key has both languages. Domain words
(states, sectors, offences) come from the services' own labels where they have them.
"""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LANG_COOKIE = "qf_lang"

CATALOGUE: dict[str, tuple[str, str]] = {
    "app.name": ("清风 · 基层监督平台", "Qingfeng · grassroots supervision"),
    "nav.inbox": ("线索", "Clues"),
    "nav.overdue": ("超期", "Overdue"),
    "nav.admin": ("管理", "Administration"),
    "nav.api": ("接口文档", "API docs"),
    "nav.logout": ("退出", "Log out"),
    "nav.account": ("我的账户", "My account"),
    "nav.language": ("English", "中文"),
    "login.title": ("登录", "Log in"),
    "login.username": ("用户名", "Username"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Log in"),
    "login.refused": (
        "用户名或密码错误，或账户已被暂时锁定。",
        "Wrong username or password, or the account is locked for a while.",
    ),
    "login.totp_title": ("动态验证码", "One-time code"),
    "login.totp_code": ("验证器中的 6 位数字", "6 digits from your authenticator"),
    "login.totp_refused": ("验证码无效或已使用。", "The code is wrong or was already used."),
    "login.expired": ("登录已超时，请重新登录。", "The login took too long; start again."),
    "inbox.title": ("线索收件箱", "Clue inbox"),
    "inbox.filter": ("筛选", "Filter"),
    "inbox.search": ("搜索", "Search"),
    "inbox.search_hint": ("姓名、身份证号、账户、标题…", "Name, ID number, account, title…"),
    "inbox.any": ("全部", "Any"),
    "inbox.overdue_only": ("仅超期", "Overdue only"),
    "inbox.sort": ("排序", "Sort"),
    "inbox.sort.newest": ("最新", "Newest"),
    "inbox.sort.amount": ("金额", "Amount"),
    "inbox.sort.due": ("期限", "Due date"),
    "inbox.sort.score": ("可信度", "Score"),
    "inbox.empty": ("没有符合条件的线索。", "No clue matches."),
    "inbox.total": ("共 {n} 条", "{n} in all"),
    "inbox.prev": ("上一页", "Previous"),
    "inbox.next": ("下一页", "Next"),
    "field.id": ("编号", "No."),
    "field.title": ("标题", "Title"),
    "field.state": ("状态", "State"),
    "field.sector": ("领域", "Sector"),
    "field.source": ("来源", "Source"),
    "field.model": ("模型", "Model"),
    "field.offence": ("罪名类型", "Offence"),
    "field.region": ("地区", "Region"),
    "field.amount": ("金额（元）", "Amount (yuan)"),
    "field.due": ("期限", "Due"),
    "field.unit": ("承办单位", "Unit"),
    "field.handler": ("承办人", "Handler"),
    "field.reason": ("理由", "Reason"),
    "field.score": ("可信度", "Score"),
    "detail.explanation": ("模型说明", "Why the model flagged it"),
    "detail.evidence": ("证据", "Evidence"),
    "detail.evidence_table": ("数据表", "Table"),
    "detail.evidence_key": ("记录键", "Record key"),
    "detail.evidence_link": ("关联方式", "Linked by"),
    "detail.subjects": ("涉及对象", "Subjects"),
    "detail.timeline": ("办理记录", "Timeline"),
    "detail.actions": ("可执行操作", "Actions"),
    "detail.no_actions": ("当前没有您可执行的操作。", "Nothing you can do on this clue now."),
    "detail.assign": ("分派", "Assign"),
    "detail.recuse": ("申请回避", "Recuse myself"),
    "detail.merge": ("合并到线索", "Merge into clue"),
    "detail.outcome": ("办理结果", "Outcome"),
    "detail.funds_recovered": ("追回资金（元）", "Funds recovered (yuan)"),
    "detail.merged_into": ("已合并到", "Merged into"),
    "assign.title": ("分派线索", "Assign the clue"),
    "assign.refused": ("以下人员须回避", "These people must recuse"),
    "assign.suggestions": ("跨辖区异地办理建议", "Cross-jurisdiction suggestions"),
    "assign.submit": ("分派", "Assign"),
    "overdue.title": ("超期线索", "Overdue clues"),
    "overdue.days": ("超期天数", "Days overdue"),
    "admin.users": ("用户", "Users"),
    "admin.units": ("单位", "Units"),
    "admin.regions": ("地区", "Regions"),
    "admin.create": ("新建", "Create"),
    "admin.role": ("角色", "Role"),
    "admin.active": ("启用", "Active"),
    "admin.locked": ("锁定至", "Locked until"),
    "admin.name_zh": ("中文名称", "Name (Chinese)"),
    "admin.name_en": ("英文名称", "Name (English)"),
    "admin.code": ("区划代码", "Division code"),
    "admin.level": ("级别", "Level"),
    "admin.parent": ("上级", "Parent"),
    "admin.display_name": ("姓名", "Display name"),
    "admin.unlock": ("解锁", "Unlock"),
    "admin.deactivate": ("停用", "Deactivate"),
    "admin.activate": ("启用", "Activate"),
    "admin.totp": ("动态验证码", "One-time code"),
    "admin.totp_reset": ("重置动态验证码", "Reset one-time code"),
    "admin.totp_reason": ("原因（记入审计日志）", "Reason (goes to the audit log)"),
    "account.title": ("我的账户", "My account"),
    "account.password": ("修改密码", "Change password"),
    "account.password_hint": (
        "至少 10 个字符。修改后，您在其他设备上的登录将全部失效。",
        "At least 10 characters. Changing it signs you out everywhere else.",
    ),
    "account.current_password": ("当前密码", "Current password"),
    "account.new_password": ("新密码", "New password"),
    "account.new_password_again": ("再次输入新密码", "New password again"),
    "account.change_password": ("修改密码", "Change password"),
    "account.password_changed": ("密码已修改。", "Your password was changed."),
    "account.totp": ("动态验证码（两步验证）", "One-time code (second factor)"),
    "account.totp_on": ("已启用", "On"),
    "account.totp_off": ("未启用", "Off"),
    "account.totp_hint": (
        "启用后，登录时除密码外还需输入验证器应用中的 6 位数字。",
        "When on, logging in also asks for the 6 digits from an authenticator app.",
    ),
    "account.totp_enrol": ("设置动态验证码", "Set up a one-time code"),
    "account.totp_scan": (
        "用验证器应用扫描二维码，或手动输入下面的密钥，然后输入应用显示的验证码以启用。",
        "Scan the QR code with an authenticator app, or type the key below, "
        "then enter the code it shows to switch it on.",
    ),
    "account.totp_secret": ("密钥", "Key"),
    "account.totp_confirm_code": ("应用显示的 6 位数字", "The 6 digits the app shows"),
    "account.totp_confirm": ("确认并启用", "Confirm and switch on"),
    "account.totp_disable": ("停用动态验证码", "Switch the one-time code off"),
    "account.totp_enabled": ("动态验证码已启用。", "The one-time code is on."),
    "account.totp_disabled": ("动态验证码已停用。", "The one-time code is off."),
    "sector.healthcare": ("医疗", "Healthcare"),
    "sector.education": ("教育", "Education"),
    "sector.employment": ("就业", "Employment"),
    "sector.social_security": ("社会保障", "Social security"),
    "sector.rural_revitalisation": ("乡村振兴", "Rural revitalisation"),
    "sector.construction": ("工程建设", "Construction"),
    "sector.procurement": ("政府采购", "Procurement"),
    "sector.other": ("其他", "Other"),
    "offence.bribery": ("受贿行贿", "Bribery"),
    "offence.embezzlement": ("贪污挪用", "Embezzlement"),
    "offence.fraudulent_claims": ("骗取套取", "Fraudulent claims"),
    "offence.favouritism": ("徇私舞弊", "Favouritism"),
    "offence.dereliction_of_duty": ("玩忽职守", "Dereliction of duty"),
    "offence.abuse_of_power": ("滥用职权", "Abuse of power"),
    "offence.other": ("其他", "Other"),
    "source.model": ("大数据模型", "Data model"),
    "source.public_report": ("群众举报", "Public report"),
    "source.transfer_audit": ("审计移送", "Transfer: audit"),
    "source.transfer_inspection": ("巡视巡察移送", "Transfer: inspection"),
    "source.transfer_other_organ": ("其他机关移送", "Transfer: other organ"),
    "source.complaint": ("信访投诉", "Complaint"),
    "source.manual": ("人工录入", "Entered by hand"),
    "field.sentence": ("判决结果", "Sentence"),
    "field.funds_recovered": ("追回资金（元）", "Funds recovered (yuan)"),
    "field.suggestion_issued": ("已发出检察建议", "Suggestion issued"),
    "field.suggestion_text": ("建议内容", "Suggestion text"),
    "field.rectification": ("整改情况", "Rectification"),
    "field.receiving_organ": ("接收机关", "Receiving organ"),
    "field.subject_key": ("对象", "Subject"),
    "field.name": ("姓名/名称", "Name"),
    "field.village": ("村", "Village"),
    "field.kind": ("类别", "Kind"),
    "field.when": ("时间", "When"),
    "field.actor": ("操作人", "By"),
    "field.action": ("操作", "Action"),
    "field.model_version": ("模型版本", "Model version"),
    "import.title": ("导入线索文件", "Import a clue file"),
    "import.file": ("JSONL 文件（qingfeng scan 输出）", "JSONL file (output of qingfeng scan)"),
    "import.done": ("导入完成", "Imported"),
    "assign.handler": ("承办人", "Handler"),
    "assign.unit": ("承办单位（可选）", "Unit (optional)"),
    "assign.may": ("可承办", "May handle"),
    "assign.none": ("没有可分派的人员。", "Nobody to assign."),
    "merge.into": ("并入线索编号", "Merge into clue no."),
    "common.submit": ("提交", "Submit"),
    "common.yes": ("是", "yes"),
    "common.no": ("否", "no"),
    "error.title": ("出错了", "Something went wrong"),
    "error.403": ("您无权执行此操作。", "You may not do this."),
    "error.404": ("未找到。", "Not found."),
    "error.400": ("请求无效。", "The request is not valid."),
    "error.csrf": ("页面已过期，请刷新后重试。", "The page expired; reload it and try again."),
    "role.administrator": ("系统管理员", "Administrator"),
    "role.leader": ("分管领导", "Leader"),
    "role.handler": ("承办人", "Handler"),
    "role.analyst": ("数据分析员", "Analyst"),
    "role.viewer": ("查阅人", "Viewer"),
}


def pick_language(cookie: str | None, accept_language: str | None) -> str:
    """The cookie's choice, else English only when the browser asks for English before
    Chinese, else Chinese."""
    if cookie in LANGUAGES:
        return cookie
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE


def translate(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang`; an unknown key shows itself, so a gap is visible, not fatal."""
    pair = CATALOGUE.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "zh" else pair[1]
    return text.format(**values) if values else text


def translator(lang: str) -> Callable[..., str]:
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    return t
