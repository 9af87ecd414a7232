"""The OpenAPI document describes the contract of ../shared/API.md."""

import pytest

pytestmark = pytest.mark.django_db

CONTRACT = [
    ("get", "/api/v1/platforms"),
    ("get", "/api/v1/platforms/{slug}/channels"),
    ("get", "/api/v1/platforms/{slug}/collectives"),
    ("post", "/api/v1/verify"),
    ("post", "/api/v1/scam-reports"),
    ("post", "/api/v1/tickets"),
    ("get", "/api/v1/tickets"),
    ("get", "/api/v1/tickets/{reference}"),
    ("patch", "/api/v1/tickets/{reference}"),
    ("post", "/api/v1/tickets/{reference}/messages"),
    ("post", "/api/v1/tickets/{reference}/attachments"),
    ("post", "/api/v1/tickets/{reference}/actions"),
    ("post", "/api/v1/tickets/{reference}/rating"),
    ("post", "/api/v1/tickets/{reference}/escalate"),
    ("post", "/api/v1/tickets/{reference}/compensation"),
    ("post", "/api/v1/tickets/{reference}/links"),
    ("post", "/api/v1/channels/telegram/{platform}/{secret}"),
    ("post", "/api/v1/channels/webhook/{platform}"),
    ("post", "/api/v1/shield/preview"),
]


@pytest.mark.parametrize(("method", "path"), CONTRACT)
def test_the_openapi_document_describes_the_endpoint(client, method, path):
    document = client.get("/api/v1/openapi.json").json()
    assert method in document["paths"][path]
