"""What keeps a local server local: the Host header, a CSRF token, and headers that forbid anything foreign.

- **Host**: a page on any web site can make the browser send requests to 127.0.0.1 (and, by DNS
  rebinding, read the answers as its own); every request whose ``Host`` is not the bound address
  (``127.0.0.1:PORT``, ``localhost:PORT``, ``[::1]:PORT``) is refused, 421.
- **CSRF**: every state-changing request (anything but GET and HEAD) must carry the server's token in the
  ``X-CSRF-Token`` header, and an ``Origin``, where the browser sends one, that is the server's own; the
  token is random per server process and reaches the pages in ``<meta name="csrf-token">``. A form on
  another site can send neither header.
- **Headers** on every answer: a Content-Security-Policy that allows only the server's own scripts,
  styles and requests (no inline script or style, no framing, no other origin), ``nosniff``, no referrer.
  A route may send its own policy instead (a published release's pages, the article preview: their inline
  styles, no script); its value then replaces the default.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

CSRF_HEADER = "x-csrf-token"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
          "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
_HEADERS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
_SAFE_METHODS = frozenset({"GET", "HEAD"})


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` header values of a server bound to loopback ``host`` on ``port``."""
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"} if host in LOOPBACK
                     else {f"{host}:{port}"})


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Guard:
    """ASGI middleware: the checks and headers above, around ``app``."""

    def __init__(self, app: App, *, hosts: frozenset[str], token: str) -> None:
        self.app, self.hosts, self.token = app, hosts, token
        self.origins = frozenset(f"http://{host}" for host in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}
        refusal = self._refusal(scope["method"], headers)
        if refusal is not None:
            status, text = refusal
            await _refuse(send, status, text, as_json=scope["path"].startswith("/api/"))
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = [(name, value) for name, value in message.get("headers", [])]
                named = {name.lower() for name, _ in own}
                message["headers"] = [*own, *(header for header in _HEADERS if header[0] not in named)]
            await send(message)

        await self.app(scope, receive, with_headers)

    def _refusal(self, method: str, headers: dict[str, str]) -> tuple[int, str] | None:
        if headers.get("host", "") not in self.hosts:
            return 421, "This server answers only at its own address (the one `translate serve` printed)."
        if method in _SAFE_METHODS:
            return None
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return 403, "Refused: the request comes from another site."
        if not hmac.compare_digest(headers.get(CSRF_HEADER, ""), self.token):
            return 403, "Refused: the page's token is missing or stale; reload the page."
        return None


async def _refuse(send: Send, status: int, text: str, *, as_json: bool) -> None:
    """The refusal as one line: plain text, or ``{"error": ...}`` for the API, whose callers (the pages' scripts)
    show an answer's ``error`` (a restarted server's new token otherwise read "not saved: Forbidden")."""
    body = json.dumps({"error": text}).encode() if as_json else text.encode("utf-8")
    kind = b"application/json" if as_json else b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", kind), (b"content-length", str(len(body)).encode()), *_HEADERS]})
    await send({"type": "http.response.body", "body": body})
