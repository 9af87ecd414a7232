"""Evidence files: type from the content, hashed, size-limited, secrets quarantined."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from kefu.tickets.models import Attachment

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _upload(anon_api, ticket, name, data, content_type="application/octet-stream"):
    return anon_api.client.post(
        f"/api/v1/tickets/{ticket['reference']}/attachments",
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
        headers={"X-Access-Token": ticket["access_token"]},
    )


def test_a_screenshot_is_stored_with_its_sha256(anon_api, open_ticket):
    ticket = open_ticket()
    response = _upload(anon_api, ticket, "截图.png", PNG)
    assert response.status_code == 201
    data = response.json()
    assert data["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert (data["content_type"], data["size"]) == ("image/png", len(PNG))
    stored = Attachment.objects.get(pk=data["id"])
    with default_storage.open(stored.file.name) as handle:
        assert handle.read() == PNG


def test_the_type_comes_from_the_content_not_the_name(anon_api, open_ticket):
    ticket = open_ticket()
    response = _upload(anon_api, ticket, "invoice.pdf", PNG, "application/pdf")
    assert response.json()["content_type"] == "image/png"


def test_an_executable_is_refused(anon_api, open_ticket):
    ticket = open_ticket()
    response = _upload(anon_api, ticket, "photo.png", b"MZ\x90\x00" + b"\x00" * 200)
    assert response.status_code == 415
    assert Attachment.objects.count() == 0


def test_a_text_file_holding_a_seed_phrase_is_quarantined(anon_api, open_ticket):
    ticket = open_ticket()
    words = "legal winner thank year wave sausage worth useful legal winner thank yellow"
    response = _upload(anon_api, ticket, "backup.txt", words.encode())
    assert response.status_code == 422
    assert response.json()["type"].endswith("quarantined")
    assert Attachment.objects.count() == 0


def test_a_plain_chat_export_is_accepted(anon_api, open_ticket):
    ticket = open_ticket()
    response = _upload(anon_api, ticket, "chat.txt", "客服：请稍等\n我：好的".encode())
    assert (response.status_code, response.json()["content_type"]) == (201, "text/plain")


def test_a_file_over_the_limit_is_refused(anon_api, open_ticket, settings):
    settings.KEFU_ATTACHMENT_MAX_BYTES = 1024
    ticket = open_ticket()
    response = _upload(anon_api, ticket, "big.png", PNG + b"\x00" * 2048)
    assert response.status_code == 413


def test_an_empty_file_is_refused(anon_api, open_ticket):
    ticket = open_ticket()
    assert _upload(anon_api, ticket, "empty.txt", b"").status_code in (413, 422)


def test_a_stranger_cannot_attach(anon_api, open_ticket):
    ticket = open_ticket()
    response = anon_api.client.post(
        f"/api/v1/tickets/{ticket['reference']}/attachments",
        {"file": SimpleUploadedFile("a.png", PNG)},
    )
    assert response.status_code == 404
