"""Recording a security event: the model, a JSON line in the log, CEF over syslog (003 ¶10(2)).

Steps of `security_event`: store the event; write it as one JSON line to the
`academy.security` logger; if SECURITY_SYSLOG_URL is set, send it as a CEF message in an
RFC 5424 syslog frame over UDP or TCP. A collector that is down never breaks the action.
"""

import json
import logging
import socket
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from .models import SecurityEvent

logger = logging.getLogger("academy.security")

VENDOR = "Academy of Justice"
PRODUCT = "academy"
VERSION = "1.0"
FACILITY_AUTHPRIV = 10
APP_NAME = "academy"


def _client_ip(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _cef_header(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|")


def _cef_value(value: Any) -> str:
    text = str(value).replace("\\", "\\\\").replace("=", "\\=")
    return text.replace("\r", "\\r").replace("\n", "\\n")


def event_as_cef(event: SecurityEvent) -> str:
    extension = {
        "rt": int(event.at.timestamp() * 1000),
        "suser": event.username,
        "src": event.ip_address or "",
        "request": event.path,
        "outcome": event.details.get("outcome", ""),
        "msg": json.dumps(event.details, ensure_ascii=False, sort_keys=True, default=str),
    }
    fields = " ".join(f"{name}={_cef_value(value)}" for name, value in extension.items() if value)
    with translation.override("en"):  # collectors parse a stable, English name
        name = str(event.get_kind_display())
    header = "|".join(
        _cef_header(part) for part in (VENDOR, PRODUCT, VERSION, event.kind, name, "")
    )
    return f"CEF:0|{header}{event.severity}|{fields}"


def event_as_syslog(event: SecurityEvent) -> str:
    """An RFC 5424 message: <PRI>1 TIMESTAMP HOST APP PROCID MSGID - CEF…"""
    severity = 4 if event.severity >= 5 else 6  # warning / informational
    timestamp = event.at.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    host = socket.gethostname() or "-"
    return (
        f"<{FACILITY_AUTHPRIV * 8 + severity}>1 {timestamp} {host} {APP_NAME} - "
        f"{event.kind} - {event_as_cef(event)}"
    )


def _send_syslog(event: SecurityEvent) -> None:
    url = settings.SECURITY_SYSLOG_URL
    if not url:
        return
    parts = urlsplit(url)
    address = (parts.hostname or "127.0.0.1", parts.port or 514)
    data = event_as_syslog(event).encode()
    try:
        if parts.scheme == "tcp":
            with socket.create_connection(address, timeout=2) as connection:
                # RFC 6587 octet counting.
                connection.sendall(b"%d %s" % (len(data), data))
        else:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.sendto(data, address)
    except OSError as error:
        logger.warning("security event not delivered to %s: %s", url, error)


def security_event(
    *,
    kind: str,
    request: HttpRequest | Any = None,
    user: Any = None,
    username: str = "",
    path: str = "",
    details: dict[str, Any] | None = None,
) -> SecurityEvent:
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if getattr(candidate, "is_authenticated", False) else None
    if user is not None and not username:
        username = user.get_username()
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user if getattr(user, "pk", None) else None,
        username=(username or "")[:150],
        ip_address=_client_ip(request),
        path=(path or (request.get_full_path() if request is not None else ""))[:500],
        details=details or {},
    )
    logger.info(
        json.dumps(
            {
                "at": event.at.isoformat(),
                "event": event.kind,
                "severity": event.severity,
                "user": event.username,
                "ip": event.ip_address,
                "path": event.path,
                "details": event.details,
            },
            ensure_ascii=False,
            default=str,
        )
    )
    _send_syslog(event)
    return event


def access_refused(*, request: Any, path: str = "", detail: str = "") -> SecurityEvent:
    return security_event(
        kind=SecurityEvent.Kind.ACCESS_REFUSED,
        request=request,
        path=path,
        details={"outcome": "refused", "detail": detail},
    )


def personal_data_exported(*, request: Any, what: str, count: int) -> SecurityEvent:
    return security_event(
        kind=SecurityEvent.Kind.PERSONAL_DATA_EXPORT,
        request=request,
        details={"outcome": "success", "what": what, "records": count},
    )
