"""Which link addresses may be published: shared by the readers (a finding) and the renderers (the link dropped).

A source's link is kept in the article as written; the HTML and DOCX renderers publish it only if
:func:`safe_href` accepts it, and the readers report the ones it will refuse, so an editor learns
at ingest that a link will be published as plain text.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

__all__ = ["SAFE_SCHEMES", "link_problem", "safe_href"]

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# Browsers drop ASCII tab and newline anywhere in a URL and trim C0 controls and spaces at
# its ends, so "java\tscript:" and " javascript:" still run script: do the same before looking.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Two slashes or backslashes in any mix: a UNC path (\\host\share) in Word and Windows, and
# file://host/share for a page opened from disk. Either way a click sends the user's Windows
# credentials to that host over SMB.
_NETWORK_PATH = re.compile(r"^[/\\]{2}")


def _clean(href: str) -> str:
    return _EDGES.sub("", _URL_IGNORED.sub("", href))


def link_problem(href: str) -> str | None:
    """Why ``href`` may not be published as a link (a phrase for a finding), or None when it may."""
    cleaned = _clean(href)
    if not cleaned:
        return "it is empty"
    if _CONTROL.search(cleaned):
        return "it holds control characters"
    before_query = re.split(r"[?#]", cleaned, maxsplit=1)[0]
    if "\\" in unquote(before_query):  # Word decodes %5C
        return "it is a Windows path (backslashes), which Word opens over the network"
    match = _SCHEME.match(cleaned)
    if match is None:
        if _NETWORK_PATH.match(cleaned) or _NETWORK_PATH.match(unquote(before_query)):
            return "it is a network path (//host/share), which Windows opens over SMB"
        # No scheme before the first colon: a relative path, query or fragment. A colon that
        # comes after "/", "?" or "#" cannot start a scheme; one before them would, and failed
        # the pattern only because of an odd character, so refuse it.
        head = re.split(r"[/?#]", cleaned, maxsplit=1)[0]
        return "its scheme is not http, https or mailto" if ":" in head else None
    if match.group(1).lower() not in SAFE_SCHEMES:
        return f"its scheme {match.group(1).lower()[:20]!r} is not http, https or mailto"
    return None


def safe_href(href: str | None) -> str | None:
    """Return ``href`` cleaned if it is safe to link to, else None (keep the text, drop the link).

    Safe means an ``http``, ``https`` or ``mailto`` URL, or a relative or fragment URL without
    a scheme. Anything else (``javascript:``, ``vbscript:``, ``data:``, ``file:``, however it is
    cased or padded), anything still holding control characters, and Windows network paths
    (``\\\\host\\share``, ``//host/share``, mixed slashes, any backslash before the query) are
    refused.
    """
    if href is None or link_problem(href) is not None:
        return None
    return _clean(href)
