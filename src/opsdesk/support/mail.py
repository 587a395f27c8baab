"""Reading an incoming e-mail (RFC 822) into plain values. Pure: bytes in, values out."""

from __future__ import annotations

import email
import email.errors
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message, MIMEPart
from email.utils import parseaddr
from html.parser import HTMLParser

from opsdesk.kernel.errors import InvalidInput

MAX_BODY = 100_000
# Mail clients nest a handful of levels (mixed > related > alternative); thousands of
# levels or parts are an attack on the parser, whose walks recurse once per level.
MAX_MIME_DEPTH = 20
MAX_MIME_PARTS = 500
_MSGID = re.compile(r"<[^<>\s]+>")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_QUOTE_HEADERS = (
    re.compile(r"^\s*On .{4,200}wrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Am .{4,200}schrieb .{1,200}:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Le .{4,200}a écrit\s*:\s*$", re.IGNORECASE),
    re.compile(r"^\s*El .{4,200}escribió:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Em .{4,200}escreveu:\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*Original Message\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*From:\s.+$"),
)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class InboundEmail:
    message_id: str
    in_reply_to: str | None
    references: list[str]
    sender: str
    sender_name: str
    subject: str
    text: str
    html: str
    attachments: list[Attachment] = field(default_factory=list)

    def referenced_ids(self) -> list[str]:
        """In-Reply-To first, then References newest first: the likeliest parent first."""
        ordered = ([self.in_reply_to] if self.in_reply_to else []) + self.references[::-1]
        return list(dict.fromkeys(ordered))


class _TextExtractor(HTMLParser):
    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def strip_quoted_reply(text: str) -> str:
    """The new part of a reply: stop at the first quote header or block of ``>`` lines.

    Only the common shapes are recognised; when unsure the text is kept whole, since
    a message shown twice is better than one cut short.
    """
    kept: list[str] = []
    for line in text.splitlines():
        if any(pattern.match(line) for pattern in _QUOTE_HEADERS):
            break
        if line.lstrip().startswith(">") and kept:
            break
        kept.append(line)
    new_part = "\n".join(kept).strip()
    return new_part or text.strip()


def _message_ids(value: str | None) -> list[str]:
    return _MSGID.findall(value or "")


def _synthetic_id(raw: bytes) -> str:
    return f"<sha256-{hashlib.sha256(raw).hexdigest()[:40]}@inbound.opsdesk>"


def clean_text(value: str) -> str:
    """Text a database stores whole: no NUL, no lone surrogates.

    Mail arrives with anything in it. A NUL byte is refused by PostgreSQL's text type;
    undecodable header bytes come out of the parser as surrogates, which no UTF-8
    column takes. Both become U+FFFD, so the rest of the message is kept.
    """
    return _UNSTORABLE.sub("\ufffd", value)


# What Python's structured header parser has been seen to raise on malformed headers
# (besides its own HeaderParseError): e.g. an address list holding a group.
_HEADER_PARSER_ERRORS = (
    email.errors.MessageError, AttributeError, IndexError, LookupError, TypeError, ValueError,
)  # fmt: skip


def _header(message: Message, name: str) -> str:
    """A header's decoded text; its raw text when the header parser fails on it."""
    try:
        value = message.get(name, "")
    except _HEADER_PARSER_ERRORS:
        wanted = name.lower()
        value = next((v for k, v in message.raw_items() if k.lower() == wanted), "")
    return clean_text(str(value))


def _content(part: MIMEPart) -> str:
    """A text part's content; an unknown or lying charset is read as UTF-8, replacing errors."""
    try:
        return str(part.get_content())
    except (LookupError, UnicodeError):
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""


def _bodies(message: EmailMessage) -> tuple[str, str]:
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    text = _content(text_part) if text_part is not None else ""
    html = _content(html_part) if html_part is not None else ""
    return clean_text(text), clean_text(html)


def _attachments(message: EmailMessage) -> list[Attachment]:
    found: list[Attachment] = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        size = len(payload) if isinstance(payload, bytes) else 0
        found.append(
            Attachment(
                filename=clean_text(part.get_filename() or "attachment")[:255],
                content_type=part.get_content_type()[:127],
                size=size,
            )
        )
    return found


def _check_structure(message: Message) -> None:
    """422 for a message nested deeper or split into more parts than mail ever is."""
    stack, parts = [(message, 1)], 0
    while stack:
        part, depth = stack.pop()
        parts += 1
        if depth > MAX_MIME_DEPTH or parts > MAX_MIME_PARTS:
            raise _too_complex()
        payload = part.get_payload()
        if part.is_multipart() and isinstance(payload, list):
            stack.extend((child, depth + 1) for child in payload if isinstance(child, Message))


def _too_complex() -> InvalidInput:
    return InvalidInput(
        f"the e-mail nests more than {MAX_MIME_DEPTH} levels of parts or has more than "
        f"{MAX_MIME_PARTS} parts",
        details={"field": "body", "max_depth": MAX_MIME_DEPTH, "max_parts": MAX_MIME_PARTS},
    )


def parse_email(raw: bytes) -> InboundEmail:
    """Parse an RFC 822 message; 422 when it has no sender address or absurd nesting."""
    try:
        parsed: Message = email.message_from_bytes(raw, policy=email.policy.default)
    except RecursionError as exc:  # the parser recurses per level: thousands exhaust it
        raise _too_complex() from exc
    if not isinstance(parsed, EmailMessage) or not parsed.keys():
        raise InvalidInput("not an RFC 822 message", details={"field": "body"})
    _check_structure(parsed)
    name, address = parseaddr(_header(parsed, "From"))
    if "@" not in address:
        raise InvalidInput("the e-mail has no sender address", details={"field": "From"})
    text, html = _bodies(parsed)
    if not text and html:
        text = html_to_text(html)
    ids = _message_ids(_header(parsed, "Message-ID"))
    in_reply_to = _message_ids(_header(parsed, "In-Reply-To"))
    return InboundEmail(
        message_id=(ids[0] if ids else _synthetic_id(raw))[:255],
        in_reply_to=in_reply_to[0][:255] if in_reply_to else None,
        references=[i[:255] for i in _message_ids(_header(parsed, "References"))][-50:],
        sender=address.strip().lower(),
        sender_name=name.strip()[:200],
        subject=" ".join(_header(parsed, "Subject").split())[:300],
        text=strip_quoted_reply(text)[:MAX_BODY],
        html=html[:MAX_BODY],
        attachments=_attachments(parsed),
    )
