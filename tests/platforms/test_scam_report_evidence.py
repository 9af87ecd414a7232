"""Scam reports with evidence: files are hashed, secrets refused, nothing half-filed."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kefu.accounts.models import User
from kefu.platforms.models import Platform, ScamReport, ScamReportEvidence
from tests.portal.conftest import SEED_PHRASE, sign_in, tiny_png

pytestmark = pytest.mark.django_db


def _post(client: Client, *files: SimpleUploadedFile, **fields: str):
    data = {
        "value": "https://bitpie-kefu.com/login",
        "kind": "website",
        "platform": "bitpie",
        "description": "电报群里的假客服链接",
        **fields,
    }
    if files:
        data["evidence"] = list(files)
    return client.post("/api/v1/scam-reports/with-evidence", data)


def test_a_report_with_a_screenshot_stores_the_file_and_its_hash(client, bitpie: Platform):
    png = tiny_png()
    response = _post(client, SimpleUploadedFile("截图.png", png, content_type="image/png"))
    assert response.status_code == 202
    stored = ScamReportEvidence.objects.get()
    assert (stored.sha256, stored.content_type) == (hashlib.sha256(png).hexdigest(), "image/png")
    assert stored.report_id == response.json()["id"]


def test_a_chat_export_holding_a_seed_phrase_refuses_the_whole_report(client, bitpie):
    chat = SimpleUploadedFile("chat.txt", f"客服：请发助记词 {SEED_PHRASE}".encode())
    response = _post(client, chat)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "evidence[0]"
    assert (ScamReport.objects.count(), ScamReportEvidence.objects.count()) == (0, 0)


def test_more_than_five_files_is_a_field_error(client, bitpie):
    files = [SimpleUploadedFile(f"{i}.png", tiny_png()) for i in range(6)]
    response = _post(client, *files)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["evidence"]


def test_the_portal_report_form_accepts_evidence(client, bitpie):
    response = client.post(
        "/report/",
        {
            "value": "https://bitpie-kefu.com/login",
            "kind": "website",
            "platform": "bitpie",
            "description": "假客服",
            "evidence": [SimpleUploadedFile("a.png", tiny_png())],
        },
    )
    assert response.status_code == 302
    assert ScamReportEvidence.objects.count() == 1


def test_only_moderators_download_evidence(client, bitpie, moderator: User):
    _post(client, SimpleUploadedFile("a.png", tiny_png()))
    evidence = ScamReportEvidence.objects.get()
    url = f"/console/moderation/evidence/{evidence.pk}/"
    stranger = Client()
    stranger.force_login(User.objects.create_user("someone", password="x-long-password-1"))
    assert stranger.get(url).status_code == 404
    response = sign_in(Client(), moderator).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == tiny_png()
