"""After every journey that can carry a secret, no byte of it is in the database or the logs.

The scan reads the raw SQLite file (and its write-ahead log) or every row of every table on
PostgreSQL, so a secret hidden in a JSON column, an outbox mail or an event is found too.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests.conftest import complaint

pytestmark = pytest.mark.django_db(transaction=True)

MNEMONIC_EN = "legal winner thank year wave sausage worth useful legal winner thank yellow"
MNEMONIC_ZH = "的 三 欧 三 考 于 据 保 量 损 破 战"
PRIVATE_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
WIF = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"
XPRV = (
    "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kej"
    "MRNNU3TGtRBeJgk33yuGBxrMPHi"
)
PASSWORD = "Hunter2Secret!"
KEYSTORE_CIPHERTEXT = "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46"
KEYSTORE = (
    '{"crypto": {"ciphertext": "' + KEYSTORE_CIPHERTEXT + '", "kdf": "scrypt", '
    '"cipherparams": {"iv": "83dbcc02d8ccb40e466191a123791e0e"}}, "version": 3}'
)
SECRETS = {
    "mnemonic_en": MNEMONIC_EN,
    "mnemonic_zh": MNEMONIC_ZH.replace(" ", ""),
    "private_key": PRIVATE_KEY,
    "wif": WIF,
    "xprv": XPRV,
    "password": PASSWORD,
    "keystore": KEYSTORE_CIPHERTEXT,
}


def _journeys(anon_api, staff_api, agent, supervisor) -> None:
    created = anon_api.post(
        "/tickets",
        complaint(
            subject=f"助记词 {MNEMONIC_EN}",
            body=f"客服让我提供助记词：{MNEMONIC_ZH}\n私钥：{PRIVATE_KEY}\n我的登录密码是 {PASSWORD}",
            staff={"name": f"密码 {PASSWORD}", "employee_id": "X1"},
        ),
    ).json()
    ref, token = created["reference"], created["access_token"]
    anon_api.post(f"/tickets/{ref}/messages", {"body": f"还有 {WIF} 和 {XPRV}"}, access_token=token)
    anon_api.post(f"/tickets/{ref}/messages", {"body": f"keystore: {KEYSTORE}"}, access_token=token)
    anon_api.client.post(
        f"/api/v1/tickets/{ref}/attachments",
        {"file": SimpleUploadedFile("backup.txt", f"seed: {MNEMONIC_EN}".encode())},
        headers={"X-Access-Token": token},
    )
    staff = staff_api(agent)
    staff.post(
        f"/tickets/{ref}/messages", {"body": f"内部备注：用户泄露了 {WIF}", "internal": True}
    )
    staff.post(f"/tickets/{ref}/messages", {"body": "我们已收到，请勿再发送私钥。"})
    staff.post(f"/tickets/{ref}/escalate", {"tier": 2, "reason": f"泄露 {PRIVATE_KEY}"})
    staff_api(supervisor).post(
        f"/tickets/{ref}/compensation", {"decision": "denied", "reason": f"密码 {PASSWORD}"}
    )
    staff.patch(
        f"/tickets/{ref}",
        {
            "status": "resolved",
            "resolution": {
                "type": "explanation",
                "summary": f"已提醒用户，私钥 {PRIVATE_KEY} 已失效",
            },
        },
    )
    anon_api.post(
        f"/tickets/{ref}/actions",
        {"action": "dispute", "reason": f"我的密码是 {PASSWORD}"},
        access_token=token,
    )
    staff.patch(
        f"/tickets/{ref}",
        {"status": "resolved", "resolution": {"type": "explanation", "summary": "已处理"}},
    )
    anon_api.post(f"/tickets/{ref}/actions", {"action": "confirm_resolved"}, access_token=token)
    anon_api.post(
        f"/tickets/{ref}/rating",
        {"attitude": 5, "speed": 5, "satisfaction": 5, "comment": f"助记词 {MNEMONIC_EN}"},
        access_token=token,
    )


def _database_text() -> str:
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        chunks = [name.read_bytes()]
        wal = Path(str(name) + "-wal")
        if wal.exists():
            chunks.append(wal.read_bytes())
        return b"".join(chunks).decode("utf-8", errors="replace")
    rows = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT t::text FROM {table} t")  # noqa: S608 - table names only
            rows += [row[0] for row in cursor.fetchall()]
    return "\n".join(rows)


def test_no_secret_reaches_the_database_or_the_logs(anon_api, staff_api, agent, supervisor, caplog):
    caplog.set_level(logging.DEBUG)
    _journeys(anon_api, staff_api, agent, supervisor)
    stored = _database_text()
    assert "[已隐藏" in stored  # the scan does see the stored texts
    leaked = {name for name, secret in SECRETS.items() if secret in stored}
    assert leaked == set()
    logged = {name for name, secret in SECRETS.items() if secret in caplog.text}
    assert logged == set()
