"""SMTP in two steps, for the delivery protocol of journalists.delivery: the message up
to, but not including, the final dot of its DATA, then the dot once the row is committed
as sent; and the server's replies sorted into "later" and "never"."""

import contextlib
import email.policy
import re
import smtplib
import socket
from email.utils import parseaddr

# Replies to the end of DATA that refuse the mailbox itself (RFC 5321, 4.2.3).
BOUNCE_CODES = {550, 551, 553}
UNFOLDED = email.policy.SMTP.clone(max_line_length=998)


class TemporaryFailure(Exception):
    """The server or the network said "later": the row is retried with a delay."""


class PermanentFailure(Exception):
    """The server refused the message for good (5xx); `bounced` if for the address."""

    def __init__(self, text, *, bounced=True):
        super().__init__(text)
        self.bounced = bounced


@contextlib.contextmanager
def failures_classified():
    """SMTP and network errors as TemporaryFailure or PermanentFailure."""
    try:
        yield
    except smtplib.SMTPSenderRefused as error:
        text = f"{error.smtp_code} {error.smtp_error!r}"[:500]
        if 500 <= error.smtp_code < 600:
            raise PermanentFailure(text, bounced=False) from error
        raise TemporaryFailure(text) from error
    except smtplib.SMTPResponseException as error:
        # A 5xx outside RCPT (a command out of sequence, a message refused for its
        # content) says nothing against the address: refused, not suppressed.
        text = f"{error.smtp_code} {error.smtp_error!r}"[:500]
        if 500 <= error.smtp_code < 600:
            raise PermanentFailure(text, bounced=False) from error
        raise TemporaryFailure(text) from error
    except smtplib.SMTPRecipientsRefused as error:
        [(code, text)] = error.recipients.values()
        if 500 <= code < 600:
            raise PermanentFailure(f"{code} {text!r}"[:500]) from error
        raise TemporaryFailure(f"{code} {text!r}"[:500]) from error
    except (smtplib.SMTPException, OSError) as error:
        raise TemporaryFailure(f"{type(error).__name__}: {error}"[:500]) from error


class SmtpTransport:
    """Everything but the final dot, then the dot (journalists.delivery says why)."""

    def __init__(
        self,
        *,
        host="localhost",
        port=25,
        username="",
        password="",
        use_tls=False,
        use_ssl=False,
        timeout=30,
        **options,
    ):
        self.host, self.port, self.timeout = host, port, timeout
        self.username, self.password = username, password
        self.use_tls, self.use_ssl = use_tls, use_ssl
        self.smtp = None
        self.pending = False

    def _connect(self):
        if self.smtp is not None:
            return
        cls = smtplib.SMTP_SSL if self.use_ssl else smtplib.SMTP
        smtp = cls(self.host, self.port, timeout=self.timeout)
        # The final dot goes alone after the message: without this, Nagle's algorithm
        # holds it until the server's delayed ACK, 40 ms a message.
        smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        smtp.ehlo()
        if self.use_tls:
            smtp.starttls()
            smtp.ehlo()
        if self.username:
            smtp.login(self.username, self.password)
        self.smtp = smtp

    def begin(self, message):
        try:
            with failures_classified():
                try:
                    self._connect()
                    self._envelope(message)
                except (smtplib.SMTPServerDisconnected, ConnectionError):
                    # A connection kept open may have been closed by the server: once more.
                    self.close()
                    self._connect()
                    self._envelope(message)
        except (TemporaryFailure, PermanentFailure):
            # Mid-transaction the connection cannot be reused: the next message opens one.
            self.close()
            raise

    def _envelope(self, message):
        smtp = self.smtp
        # Headers are folded only past RFC 5322's hard limit: folded at 78, a long
        # List-Unsubscribe URL would be turned into encoded words no client reads.
        data = message.message(policy=email.policy.SMTP).as_bytes(policy=UNFOLDED)
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        sender = parseaddr(message.from_email)[1]
        code, reply = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        for recipient in message.recipients():
            address = parseaddr(recipient)[1]
            code, reply = smtp.rcpt(address)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({address: (code, reply)})
        code, reply = smtp.docmd("data")
        if code != 354:
            raise smtplib.SMTPResponseException(code, reply)
        # Dot-stuffing (RFC 5321, 4.5.2): a line starting with "." gets a second one.
        smtp.send(re.sub(rb"(?m)^\.", b"..", data))
        self.pending = True

    def finish(self):
        if not self.pending:
            return
        self.pending = False
        try:
            with failures_classified():
                self.smtp.send(b".\r\n")
                code, reply = self.smtp.getreply()
                if code in BOUNCE_CODES:
                    raise smtplib.SMTPRecipientsRefused({"": (code, reply)})
                if code != 250:
                    raise smtplib.SMTPResponseException(code, reply)
        except (TemporaryFailure, PermanentFailure):
            self.close()
            raise

    def close(self):
        if self.smtp is None:
            return
        with contextlib.suppress(smtplib.SMTPException, OSError):
            self.smtp.quit()
        with contextlib.suppress(OSError):
            self.smtp.close()
        self.smtp = None
        self.pending = False
