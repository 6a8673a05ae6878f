"""Every TCP connection briefer opens: the address checked is the address connected to, and a
timeout is a deadline for the whole exchange, not for each read.

Why here, below httpx: a check made on the URL before the request resolves the name once and the
connection resolves it again, so a DNS answer that changes in between (DNS rebinding) reaches a
private address. ``GuardedBackend`` resolves once, refuses any non-public address and connects
to the addresses it checked. httpx's timeouts are per read, so a server trickling a byte every
few seconds kept a "10 s" fetch alive for minutes; every read, write and connect here is capped
by the nearest ``deadline`` in force (``deadline()`` around a fetch, or ``DeadlineTransport``
around each model request).
"""

from __future__ import annotations

import contextvars
import functools
import ipaddress
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpcore
import httpx

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("briefer_deadline", default=None)
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(Exception):
    """A connection to a non-public address, refused before it was made."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Within the block, no network operation waits past ``seconds`` from now (nested: the nearest wins)."""
    if not seconds:
        yield
        return
    end = time.monotonic() + seconds
    outer = _deadline.get()
    token = _deadline.set(end if outer is None else min(outer, end))
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left before the deadline in force (None: no deadline)."""
    end = _deadline.get()
    return None if end is None else end - time.monotonic()


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    end = _deadline.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise error("deadline exceeded")
    return left if timeout is None else min(timeout, left)


def public_address(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Is ``addr`` a public unicast address, judged by the IPv4 address inside it if it embeds one?

    IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4
    (2002::/16) spellings all reach an IPv4 host; ``127.0.0.1`` must not pass under any of them.
    """
    if isinstance(addr, ipaddress.IPv6Address):
        inner = embedded_ipv4(addr)
        if inner is not None:
            return public_address(inner)
    return addr.is_global and not addr.is_multicast


def embedded_ipv4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if any (see ``public_address``)."""
    if addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    if addr.sixtofour is not None:
        return addr.sixtofour
    if addr in NAT64 or (int(addr) >> 32 == 0 and int(addr) > 1):  # NAT64, or deprecated ::a.b.c.d
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def resolve_public(host: str, port: int) -> list[str]:
    """The addresses of ``host``, all public, or ``Refused`` naming the first that is not."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise Refused(f"cannot resolve host {host}") from None
    addrs: list[str] = []
    for info in infos:
        text = str(info[4][0]).split("%")[0]
        addr = ipaddress.ip_address(text)
        if not public_address(addr):
            raise Refused(f"{host} resolves to non-public address {addr}; "
                          "pass --allow-private to fetch from private networks")
        if text not in addrs:
            addrs.append(text)
    return addrs


class _Stream(httpcore.NetworkStream):
    """A socket stream whose every operation also respects the deadline in force."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None, timeout: float | None = None):
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to checked public addresses (unless ``allow_private``), within the deadline."""

    def __init__(self, allow_private: bool = False):
        self.allow_private = allow_private

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addrs = [host] if self.allow_private else resolve_public(host, port)
        error: Exception | None = None
        for addr in addrs:  # TLS still verifies the certificate for the URL's host name, not the address
            try:
                return _Stream(super().connect_tcp(addr, port, _left(timeout, httpcore.ConnectTimeout),
                                                   local_address, socket_options))
            except httpcore.ConnectError as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")


@functools.cache
def tls_context():
    """One TLS context per process for every connection briefer opens.

    httpx builds a new one for each transport, loading the whole CA bundle (~16 ms of CPU), and
    every page fetch has its own transport: a daily brief of real pages spent more CPU on that
    than on extracting them (bench/daily.py --pages, docs/daily-profile.md). Same settings as
    httpx's default (certifi, or SSL_CERT_FILE / SSL_CERT_DIR), read once."""
    return httpx.create_ssl_context()


def guarded_transport(*, allow_private: bool = False, **kwargs) -> httpx.HTTPTransport:
    """An httpx transport whose direct connections go through ``GuardedBackend``."""
    kwargs.setdefault("verify", tls_context())
    transport = httpx.HTTPTransport(**kwargs)
    pool = transport._pool  # httpx does not expose httpcore's network_backend option
    if not hasattr(pool, "_network_backend"):  # pragma: no cover - httpcore changed: fail loudly, never open
        raise RuntimeError("httpcore has no _network_backend; cannot guard connections")
    pool._network_backend = GuardedBackend(allow_private)
    return transport


class DeadlineTransport(httpx.BaseTransport):
    """Each request, response body included, ends within ``total`` seconds (model endpoint calls)."""

    def __init__(self, total: float | None, **kwargs):
        self.total = total
        self._inner = guarded_transport(allow_private=True, **kwargs)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.total:
            return self._inner.handle_request(request)
        end = time.monotonic() + self.total
        with _until(end):
            response = self._inner.handle_request(request)
        response.stream = _DeadlineStream(response.stream, end)
        return response

    def close(self) -> None:
        self._inner.close()


@contextmanager
def _until(end: float) -> Iterator[None]:
    with deadline(max(end - time.monotonic(), 1e-6)):
        yield


class _DeadlineStream(httpx.SyncByteStream):
    def __init__(self, inner, end: float):
        self._inner, self._end = inner, end

    def __iter__(self):
        it = iter(self._inner)
        while True:
            with _until(self._end):
                try:
                    chunk = next(it)
                except StopIteration:
                    return
            yield chunk

    def close(self) -> None:
        self._inner.close()
