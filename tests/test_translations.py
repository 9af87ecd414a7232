"""Chinese first: every string has a Chinese translation, and the compiled catalogue matches."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "kefu" / "locale" / "zh_Hans" / "LC_MESSAGES"


def _entries() -> list[dict[str, object]]:
    entries, current = [], {"flags": ""}
    key = None
    for line in (LOCALE / "django.po").read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if "msgid" in current:
                entries.append(current)
            current, key = {"flags": ""}, None
        elif line.startswith("#,"):
            current["flags"] = line
        elif line.startswith("#"):
            continue
        else:
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$', line)
            if match:
                key = match.group(1)
                current[key] = ast.literal_eval(match.group(2))
            elif key and line.startswith('"'):
                current[key] = str(current[key]) + ast.literal_eval(line)
    return [e for e in entries if e["msgid"]]


def test_no_entry_is_fuzzy_or_untranslated():
    bad = [
        e["msgid"]
        for e in _entries()
        if "fuzzy" in str(e["flags"]) or not (e.get("msgstr") or e.get("msgstr[0]"))
    ]
    assert bad == []


def test_the_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in _entries():
        if "msgid_plural" in entry:
            continue
        msgid, msgstr = str(entry["msgid"]), str(entry["msgstr"])
        if "msgctxt" in entry:
            compiled = catalogue.pgettext(str(entry["msgctxt"]), msgid)
        else:
            compiled = catalogue.gettext(msgid)
        if compiled != msgstr:
            stale.append(msgid)
    assert stale == []
