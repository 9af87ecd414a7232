"""API shapes for tickets. Shape validation only; business rules live in services."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import AwareDatetime, BaseModel, Field, field_validator

KindLiteral = Literal["complaint", "inquiry"]
CategoryLiteral = Literal[
    "slow_response",
    "inaccurate_info",
    "poor_attitude",
    "unclear_solution",
    "account_access",
    "transaction_failed",
    "asset_security",
    "fees",
    "fake_support",
    "other",
]
OutcomeLiteral = Literal["explanation", "fix", "refund", "compensation", "apology", "other"]
ChannelLiteral = Literal["web", "app", "email", "telegram", "webhook"]
StatusLiteral = Literal["new", "open", "awaiting_requester", "resolved", "closed", "withdrawn"]
PriorityLiteral = Literal["low", "normal", "high", "urgent"]


# Request bodies are plain pydantic models: ninja's Schema adds a root validator for reading
# ORM objects, which JSON input never needs and which costs on every intake.
class ClaimIn(BaseModel):
    amount: Decimal = Field(gt=0, max_digits=24, decimal_places=8)
    currency: str = Field(min_length=1, max_length=16)


class StaffIn(BaseModel):
    name: str = Field(default="", max_length=120)
    employee_id: str = Field(default="", max_length=32)


class ContactIn(BaseModel):
    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = Field(default=None, max_length=32, pattern=r"^\+?[0-9 ()-]{5,32}$")
    telegram: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=120)


class TicketIn(BaseModel):
    platform: str = Field(min_length=1, max_length=64)
    kind: KindLiteral = "complaint"
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)
    category: CategoryLiteral = "other"
    desired_outcomes: list[OutcomeLiteral] = Field(default_factory=list, max_length=6)
    claim: ClaimIn | None = None
    incident_at: AwareDatetime | None = None
    staff: StaffIn | None = None
    chain_refs: list[dict[str, str]] = Field(default_factory=list, max_length=20)
    contact: ContactIn | None = None
    collective: str | None = Field(default=None, max_length=32)
    channel: ChannelLiteral = "web"

    @field_validator("subject", "body")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class DueOut(Schema):
    first_response_at: datetime | None
    resolution_at: datetime | None


class RedactionOut(Schema):
    kind: str
    count: int


class TicketCreatedOut(Schema):
    reference: str
    access_token: str
    status: str
    created_at: datetime
    due: DueOut
    redactions: list[RedactionOut]
    warnings: list[str]


class PersonOut(Schema):
    name: str
    employee_id: str


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    sha256: str
    created_at: datetime | None = None


class MessageOut(Schema):
    id: int
    author_role: str
    author_name: str
    employee_id: str | None
    body: str
    internal: bool
    created_at: datetime
    attachments: list[AttachmentOut]
    redactions: list[RedactionOut]
    flags: list[str]


class EventOut(Schema):
    kind: str
    actor_role: str
    actor_name: str
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str
    created_at: datetime


class SlaOut(Schema):
    first_response_due: datetime | None
    resolution_due: datetime | None
    breached: list[Any]


class ClaimOut(Schema):
    amount: str
    currency: str


class ResolutionOut(Schema):
    type: str
    summary: str


class CompensationOut(Schema):
    decision: str
    amount: str | None
    currency: str


class TicketOut(Schema):
    reference: str
    platform: str
    kind: str
    subject: str
    body: str
    category: str
    desired_outcomes: list[str]
    claim: ClaimOut | None
    incident_at: datetime | None
    staff: PersonOut | None
    chain_refs: list[dict[str, Any]]
    channel: str
    status: str
    priority: str
    tier: int
    assignee: PersonOut | None
    version: int
    created_at: datetime
    updated_at: datetime
    due: DueOut
    sla: SlaOut
    resolution: ResolutionOut | None
    compensation: CompensationOut | None
    rating: dict[str, Any] | None
    redactions: list[RedactionOut]
    messages: list[MessageOut]
    attachments: list[AttachmentOut]
    events: list[EventOut]


class TicketSummaryOut(Schema):
    reference: str
    platform: str
    kind: str
    subject: str
    category: str
    status: str
    priority: str
    tier: int
    assignee: PersonOut | None
    created_at: datetime
    first_response_due: datetime | None
    resolution_due: datetime | None
    breached: bool
    version: int


class TicketPageOut(Schema):
    items: list[TicketSummaryOut]
    next_cursor: str | None


class MessageIn(Schema):
    body: str = Field(min_length=1, max_length=20_000)
    internal: bool = False


class MessageCreatedOut(MessageOut):
    warnings: list[str]


class ActionIn(Schema):
    action: Literal[
        "follow_up",
        "request_escalation",
        "request_agent_change",
        "confirm_resolved",
        "dispute",
        "reopen",
        "withdraw",
    ]
    reason: str = Field(default="", max_length=2000)


class RatingIn(Schema):
    attitude: int = Field(ge=1, le=5)
    speed: int = Field(ge=1, le=5)
    satisfaction: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=2000)


class RatingOut(Schema):
    attitude: int
    speed: int
    satisfaction: int
    comment: str
    created_at: datetime


class ResolutionIn(Schema):
    type: Literal["explanation", "monetary_relief", "non_monetary_relief", "no_action"]
    summary: str = Field(min_length=1, max_length=5000)


class TicketPatchIn(Schema):
    status: StatusLiteral | None = None
    priority: PriorityLiteral | None = None
    assignee: str | None = Field(default=None, max_length=32)
    category: CategoryLiteral | None = None
    resolution: ResolutionIn | None = None


class EscalateIn(Schema):
    tier: int = Field(ge=2, le=4)
    reason: str = Field(min_length=1, max_length=2000)


class CompensationIn(Schema):
    decision: Literal["approved", "partial", "denied"]
    amount: Decimal | None = Field(default=None, gt=0, max_digits=24, decimal_places=8)
    currency: str = Field(default="", max_length=16)
    reason: str = Field(min_length=1, max_length=2000)


class LinkIn(Schema):
    reference: str = Field(min_length=1, max_length=16)
    relation: Literal["duplicate", "collective", "related"]


class LinkOut(Schema):
    reference: str
    relation: str
