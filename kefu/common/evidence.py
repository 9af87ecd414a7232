"""Evidence files: type from the content, size-limited, hashed; text carrying a secret is
quarantined (refused whole, never written anywhere). Used for ticket attachments and for
scam-report evidence alike."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from kefu import shield
from kefu.common.errors import DomainError, ErrorCode, FieldError, Invalid
from kefu.common.shielding import shield_text


@dataclass(frozen=True)
class Evidence:
    name: str  # shielded
    data: bytes
    sha256: str
    content_type: str


TEXT_TYPES = {
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".json": "application/json",
    ".eml": "message/rfc822",
    ".html": "text/html",
    ".htm": "text/html",
    ".log": "text/plain",
}
BINARY_TYPES = {
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/heic",
    "image/heif",
    "application/pdf",
    "audio/mpeg",
    "audio/mp4",
    "audio/x-m4a",
    "audio/m4a",
    "audio/x-wav",
    "audio/ogg",
    "audio/amr",
    "video/mp4",
    "video/quicktime",
    "application/zip",
}


def _detect_type(name: str, head: bytes, data: bytes) -> tuple[str, bool]:
    """(content type, carries readable text) from the bytes, never from the name alone."""
    kind = filetype.guess(head)
    if kind is not None:
        if kind.mime not in BINARY_TYPES:
            raise DomainError(
                _("Files of type %(type)s are not accepted.") % {"type": kind.mime},
                code=ErrorCode.UNSUPPORTED_FILE,
            )
        return kind.mime, False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise DomainError(
            _("This file type is not accepted: use images, PDF, audio, video or text files."),
            code=ErrorCode.UNSUPPORTED_FILE,
        ) from None
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return TEXT_TYPES.get(suffix, "text/plain"), True


def inspect_evidence(upload: UploadedFile) -> Evidence:
    limit = settings.KEFU_ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise DomainError(
            _("The file is larger than %(mb)d MB.") % {"mb": limit // 1024 // 1024},
            code=ErrorCode.TOO_LARGE,
        )
    if upload.size == 0:
        raise Invalid(_("The file is empty."), errors=[FieldError("file", _("Empty file."))])
    hasher = hashlib.sha256()
    chunks = []
    for chunk in upload.chunks():
        hasher.update(chunk)
        chunks.append(chunk)
    data = b"".join(chunks)
    content_type, is_text = _detect_type(upload.name or "file", data[:8192], data)
    if is_text:
        found = shield.redact(data.decode("utf-8"))
        if found.findings:
            kinds = sorted({str(f.kind) for f in found.findings})
            raise DomainError(
                _(
                    "This file contains what looks like a secret (%(kinds)s), so it was not stored. "
                    "Remove the secret and upload it again. If you shared it anywhere, move your "
                    "assets to a new wallet now."
                )
                % {"kinds": ", ".join(kinds)},
                code=ErrorCode.QUARANTINED,
            )
    name = shield_text((upload.name or "file")[:200], author_role="requester").text
    return Evidence(name=name, data=data, sha256=hasher.hexdigest(), content_type=content_type)
