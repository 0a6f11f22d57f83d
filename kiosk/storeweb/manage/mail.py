"""E-mail for the back office's offline alerts, with the standard library only (smtplib,
email.message.EmailMessage): the store's SMTP server from ``back_office.offline_alerts.email``,
STARTTLS or TLS with the certificate checked (``ca_file`` for a store's own CA), a timeout on
every step, and an error a manager can act on.

Called from the alerts' own thread or Starlette's thread pool, never the event loop.  The
password is read at each send (environment variable or file, kiosk.messaging.settings), so
a missing one is an error on the Mirrors page, not a store web service that will not start,
and a rotated file is picked up.  A header value with a line break (a store name or mirror
id crafted to add a Bcc) is refused before anything is sent: ``HeaderRefused``.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from kiosk.config import EmailAlertsSection, StoreConfig
from kiosk.errors import KioskError
from kiosk.messaging.settings import read_secret

CONFIG_FIELD = "back_office.offline_alerts.email"


class HeaderRefused(KioskError, ValueError):
    """A header would carry a line break: sending it again can never work."""


class Mailer:
    def __init__(self, section: EmailAlertsSection, config: StoreConfig):
        self.section, self.config = section, config

    @property
    def server(self) -> str:
        return f"{self.section.smtp_host}:{self.section.port}"

    @property
    def target(self) -> str:
        """Who gets the alerts and through which server, for the page, logs and audit."""
        return f"{', '.join(self.section.recipients)} ({self.server})"

    def message(self, subject: str, body: str, message_id: str) -> EmailMessage:
        """The mail; ``HeaderRefused`` when a header value holds CR or LF.  ``message_id`` is
        the same for every try of one alert, so a mail system that saw it already can drop it."""
        message = EmailMessage()
        if any(ch in value for value in (subject, message_id) for ch in "\r\n"):
            # EmailMessage refuses an inner line break but lets a trailing one through, which
            # would end the headers early: refused here whatever its place.
            raise HeaderRefused("e-mail not sent: a header would hold a line break",
                                fix="remove line breaks from the store name and mirror ids")
        try:
            message["Subject"] = subject
            message["From"] = self.section.from_address
            message["To"] = ", ".join(self.section.recipients)
            message["Date"] = formatdate(usegmt=True)
            message["Message-ID"] = f"<{message_id}@{self.section.from_address.split('@')[1]}>"
        except ValueError as exc:   # EmailMessage refuses CR/LF in a header
            raise HeaderRefused(f"e-mail not sent: a header would hold a line break ({exc})",
                                fix="remove line breaks from the store name and mirror ids") from None
        message.set_content(body)
        return message

    def send(self, message: EmailMessage) -> list[str]:
        """Hand ``message`` to the SMTP server; the recipients it refused while taking it for
        the others.  KioskError when it took it for nobody."""
        section, timeout = self.section, self.section.timeout_s
        password = read_secret(section.password_env, section.password_file, self.config, CONFIG_FIELD)
        try:
            context = ssl.create_default_context(
                cafile=str(self.config.resolve(section.ca_file)) if section.ca_file else None)
            if section.security == "tls":
                client: smtplib.SMTP = smtplib.SMTP_SSL(section.smtp_host, section.port,
                                                        timeout=timeout, context=context)
            else:
                client = smtplib.SMTP(section.smtp_host, section.port, timeout=timeout)
            with client:
                if section.security == "starttls":
                    client.starttls(context=context)
                if section.username:
                    client.login(section.username, password or "")
                refused = client.send_message(message)
        except smtplib.SMTPNotSupportedError as exc:
            raise self._error(f"cannot do what security asks ({exc})",
                              "check security (starttls / tls / none) and smtp_port") from None
        except smtplib.SMTPAuthenticationError as exc:
            raise self._error(f"refused the login ({exc.smtp_code})",
                              f"check username and the password in {_secret_of(section)}") from None
        except smtplib.SMTPRecipientsRefused as exc:
            raise self._error(f"refused every recipient ({_codes(exc.recipients)})",
                              "check recipients, and that the server relays for from_address") from None
        except smtplib.SMTPResponseException as exc:
            raise self._error(f"answered {exc.smtp_code} {_text(exc.smtp_error)}",
                              "check from_address and the server's relay rules") from None
        except ssl.SSLCertVerificationError as exc:
            raise self._error(f"sent a certificate that does not verify ({exc.verify_message})",
                              "use the server's real name, or set ca_file to the store's CA") from None
        except (TimeoutError, OSError, smtplib.SMTPException, ValueError) as exc:
            raise self._error(f"could not be reached ({exc or type(exc).__name__})",
                              "check smtp_host, smtp_port, security and the network") from None
        return sorted(refused)

    def _error(self, what: str, fix: str) -> KioskError:
        return KioskError(f"SMTP server {self.server} {what}", fix=fix)


def _secret_of(section: EmailAlertsSection) -> str:
    return f"${section.password_env}" if section.password_env else str(section.password_file)


def _codes(recipients: dict) -> str:
    return "; ".join(f"{who}: {code}" for who, (code, _text_) in sorted(recipients.items()))[:200]


def _text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())[:200]
