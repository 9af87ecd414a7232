"""What the channels say to requesters, in the ticket's language (zh-hans or en).

These messages are composed outside any request (in the worker or an SMTP session), for a
reader whose language is stored on the ticket, so both versions are kept side by side here.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "ack_subject": {
        "zh-hans": "我们已收到您的来信",
        "en": "We received your message",
    },
    "ack_body": {
        "zh-hans": (
            "您好，我们已收到您的来信，并为您建立了工单。\n\n"
            "工单编号：{reference}\n"
            "首次答复期限：{due}\n\n"
            "查看进度（此链接含有您的私人访问凭证，请勿转发给任何人）：\n{private_link}\n\n"
            "直接回复本邮件即可补充信息，请保留主题中的编号。"
        ),
        "en": (
            "Hello, we received your message and opened a ticket for you.\n\n"
            "Reference: {reference}\n"
            "First answer due by: {due}\n\n"
            "Follow it here (this link carries your private access key: do not forward it):\n"
            "{private_link}\n\n"
            "Reply to this mail to add information; keep the reference in the subject."
        ),
    },
    "notice": {
        "zh-hans": "{body}\n\n工单编号：{reference}\n查看进度：{link}",
        "en": "{body}\n\nReference: {reference}\nTrack it here: {link}",
    },
    "safety": {
        "zh-hans": (
            "客服人员绝不会索要您的助记词、私钥、密码或任何费用。投诉完全免费。"
            "来自本系统的每一封邮件和每一条机器人消息都会显示您设置的防钓鱼码；"
            "没有防钓鱼码的消息是伪造的。"
        ),
        "en": (
            "Support staff never ask for your seed phrase, private key, password or any fee. "
            "Complaining is free. Every genuine mail and bot message from us shows your "
            "anti-phishing code; a message without it is fake."
        ),
    },
    "safety_no_code": {
        "zh-hans": (
            "客服人员绝不会索要您的助记词、私钥、密码或任何费用。投诉完全免费。"
            "建议设置防钓鱼码：之后每一封真实邮件和机器人消息都会显示它。"
        ),
        "en": (
            "Support staff never ask for your seed phrase, private key, password or any fee. "
            "Complaining is free. Set an anti-phishing code: every genuine mail and bot "
            "message will then show it."
        ),
    },
    "code_line": {
        "zh-hans": "防钓鱼码：{code}",
        "en": "Anti-phishing code: {code}",
    },
    "tg_start": {
        "zh-hans": (
            "您好！这里是 {platform} 的官方客服机器人。\n\n"
            "直接在此发送您的问题即可建立工单，我们会在这里答复您。\n\n"
            "官方渠道：\n{channels}\n\n"
            "请勿向任何人发送助记词、私钥或密码，客服绝不会索要。\n"
            "发送 /code 您的暗号 可设置防钓鱼码。"
        ),
        "en": (
            "Hello! This is the official support bot of {platform}.\n\n"
            "Just write your problem here to open a ticket; we will answer you in this chat.\n\n"
            "Official channels:\n{channels}\n\n"
            "Never send anyone your seed phrase, private key or password: support never asks.\n"
            "Send /code YOURWORD to set an anti-phishing code."
        ),
    },
    "tg_opened": {
        "zh-hans": (
            "已为您建立工单 {reference}。客服会在此聊天中答复您。\n"
            "查看进度（私人链接，请勿转发）：{private_link}"
        ),
        "en": (
            "Ticket {reference} is open. Support will answer you in this chat.\n"
            "Follow it here (private link, do not forward): {private_link}"
        ),
    },
    "tg_media_only": {
        "zh-hans": "（发送了文件，见附件）",
        "en": "(sent a file: see the attachments)",
    },
    "tg_media_refused": {
        "zh-hans": "您发送的文件 {name} 未能保存：{reason}。请在工单页面重新上传。",
        "en": "The file {name} you sent was not saved: {reason}. Please upload it on the ticket page.",
    },
    "tg_media_reason_too_large": {
        "zh-hans": "文件太大",
        "en": "it is too large",
    },
    "tg_media_reason_secret": {
        "zh-hans": "文件中含有助记词、私钥或密码，为保护您的资产已拒收",
        "en": "it holds a seed phrase, private key or password, refused to protect your assets",
    },
    "tg_media_reason_type": {
        "zh-hans": "不支持此文件类型",
        "en": "this file type is not accepted",
    },
    "tg_media_reason_failed": {
        "zh-hans": "无法从 Telegram 取得该文件",
        "en": "Telegram did not hand it over",
    },
    "tg_code_set": {
        "zh-hans": "防钓鱼码已设置。之后我们发给您的每条消息都会显示它。",
        "en": "Your anti-phishing code is set. Every message we send you will show it.",
    },
    "tg_code_invalid": {
        "zh-hans": "防钓鱼码需为 4–20 个字母、数字或汉字。用法：/code 您的暗号",
        "en": "The code must be 4 to 20 letters, digits or Chinese characters. Use: /code WORD",
    },
    "tg_unsupported": {
        "zh-hans": "这里只能接收文字、图片和文件。其他证据请在工单页面上传。",
        "en": "Only text, photos and files are accepted here. Upload other evidence on the ticket page.",
    },
    "secret_warning_title": {
        "zh-hans": "⚠️ 警告：您的消息中似乎包含机密信息，我们已在保存前将其删除。",
        "en": "⚠️ Warning: your message looked like it held a secret; we removed it before saving.",
    },
    "attachment_refused": {
        "zh-hans": "附件未被接受",
        "en": "Attachment refused",
    },
    "no_subject": {"zh-hans": "（无主题）", "en": "(no subject)"},
    "empty_body": {"zh-hans": "（空白邮件，见附件）", "en": "(empty message, see attachments)"},
    "truncated": {"zh-hans": "……（内容过长，已截断）", "en": "… (too long, cut here)"},
}


def lang_of(language: str | None) -> str:
    return "en" if (language or "").lower().startswith("en") else "zh-hans"


def text(key: str, language: str | None, **values: object) -> str:
    return TEXTS[key][lang_of(language)].format(**values)
