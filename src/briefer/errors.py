"""Errors a user can act on. The CLI prints ``str(error)`` as one line and exits nonzero."""

import re

_USERINFO = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#@\s]+@")


def redact(text: str) -> str:
    """``text`` with the user:password of every URL in it replaced by ``***``: a password in a
    URL must not reach a terminal, a log, a brief or a bug report."""
    return _USERINFO.sub(r"\1***@", str(text))


def strip_userinfo(url: str) -> str:
    """``url`` without its ``user:password@``: what is written to disk (the daily store, the page
    cache) as a key or a value. A fetch still uses the full URL, in memory only."""
    return _USERINFO.sub(r"\1", url)


class BrieferError(Exception):
    """Base class: the message names the problem in one line."""

    exit_code = 1


class InputError(BrieferError):
    """The source cannot be read or holds no usable article text."""

    exit_code = 2


class FetchError(BrieferError):
    """A URL could not be fetched (status, timeout, size, redirects, scheme)."""

    exit_code = 3


class ModelError(BrieferError):
    """The model endpoint failed in a way retries could not fix."""

    exit_code = 4


class EmptyBrief(ModelError):
    """The model produced nothing usable: no summary point survived verification. ``brief`` is
    what came back (its ``grounding`` says what was dropped, its ``usage`` what it cost)."""

    def __init__(self, message: str, brief=None):
        super().__init__(message)
        self.brief = brief


class ConfigError(BrieferError):
    """Settings are contradictory or point at something that does not exist."""

    exit_code = 5


class InternalError(Exception):
    """briefer broke one of its own rules (a bug, not the user's input or endpoint): exit 70
    (``EX_SOFTWARE``), one line ``briefer: internal error: …``. Not a ``BrieferError``: nothing the
    user changes makes it go away, and it must never be collected as an article's failure.
    Raised, for one, when a daily run's accounting does not add up (``daily.outcome.check_accounts``)."""

    exit_code = 70


def warn(console, message: str) -> None:
    """One warning line on the (rich) stderr console: ``briefer: warning: …``, never markup-parsed."""
    console.print(f"briefer: warning: {redact(message)}", highlight=False, markup=False, soft_wrap=True)
