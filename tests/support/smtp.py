"""A real SMTP server on 127.0.0.1 (aiosmtpd's Controller on its own thread) that keeps what
it receives, for the back office's e-mail alerts.

    with LocalSmtp() as smtp:                       # plain, any login refused
        ...; smtp.messages[0]["Subject"]
    with LocalSmtp(tls=make_tls_files(tmp), logins={"alerts": "pw"}) as smtp:   # STARTTLS + AUTH
    with LocalSmtp(tls=files, implicit_tls=True) as smtp:                     # TLS (port 465 style)
    smtp.answer = ["451 4.3.0 try later"]           # the next DATA answers are these
    smtp.stop(); smtp.start()                       # down, then up again on the same port
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.support.mosquitto import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    raw: bytes
    tls: bool
    login: str | None


class _Handler:
    def __init__(self, owner: LocalSmtp):
        self.owner = owner

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.owner.answer:
            return self.owner.answer.pop(0)
        raw = envelope.original_content or envelope.content
        self.owner.received.append(Received(
            envelope.mail_from, list(envelope.rcpt_tos),
            message_from_bytes(raw, policy=policy.default), raw,  # type: ignore[arg-type]
            session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None))
        return "250 2.0.0 queued"


class LocalSmtp:
    def __init__(self, tls: dict[str, Path] | None = None, logins: dict[str, str] | None = None,
                 implicit_tls: bool = False):
        """``tls``: certificate files (tests.support.mosquitto.make_tls_files), offered by
        STARTTLS (required before MAIL), or from the first byte with ``implicit_tls``."""
        self.port, self.tls, self.logins, self.implicit_tls = free_port(), tls, logins or {}, implicit_tls
        self.received: list[Received] = []
        self.answer: list[str] = []
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return [r.message for r in self.received]

    def start(self) -> LocalSmtp:
        options: dict = {"authenticator": self._authenticate, "auth_require_tls": True}
        if self.tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.tls["cert"], self.tls["key"])
            options.update(ssl_context=context) if self.implicit_tls else options.update(
                tls_context=context, require_starttls=True)
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port,
                                      ready_timeout=10, **options)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword) and
              self.logins.get(auth_data.login.decode()) == auth_data.password.decode())
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    def __enter__(self) -> LocalSmtp:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
