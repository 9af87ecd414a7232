"""High-entropy bearer secrets, stored as SHA-256 digests.

A slow password hash would cost ~0.5 s of CPU per API request; these tokens carry 256 bits
of randomness, so a fast digest is as strong as the secret itself.
"""

import hashlib
import secrets


def new_secret(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
