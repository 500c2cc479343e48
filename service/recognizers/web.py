"""IP_ADDRESS (IPv4, IPv6, checked by `ipaddress`) and URL (http(s):// and www.)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from service.recognizers.base import Span
from service.recognizers.context import context_before, keywords

_IPV4 = re.compile(
    r"[0-9](?<![0-9A-Za-z.].)[0-9]{0,2}\.(?:[0-9]{1,3}\.){2}[0-9]{1,3}(?![0-9A-Za-z])(?!\.[0-9])",
    re.ASCII,
)
# Hex groups, colons and dots (an embedded IPv4 tail: ::ffff:192.0.2.1), possessive; at least
# two colons (checked in Python). `ipaddress` decides.
_IPV6 = re.compile(r"[0-9A-Fa-f:](?<![0-9A-Za-z:.].)[0-9A-Fa-f:.]{1,44}+(?![0-9A-Za-z:])", re.ASCII)
# "Version 1.2.3.4" is a version string, not an address.
_VERSION = keywords(["version", "ver.", "ver", "v", "バージョン", "リリース", "release"])

# URLs are ASCII here: a Japanese sentence often continues right after one (「…/pathをご覧」).
_URL = re.compile(
    r"[hw](?<![A-Za-z0-9].)(?:(?<=h)ttps?://|(?<=w)ww\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+",
    re.ASCII | re.IGNORECASE,
)
_HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}|localhost"
    r"|[0-9]{1,3}(?:\.[0-9]{1,3}){3}|\[[0-9A-Fa-f:.]+\]",
    re.ASCII,
)
_TRAILING = ".,;:!?'\"*"


class IpAddressRecognizer:
    name = "ip_address"
    entities = frozenset({"IP_ADDRESS"})
    languages = frozenset({"ja", "en"})

    def analyze(self, text: str) -> Iterable[Span]:
        v6_spans = list(self._ipv6(text))
        yield from v6_spans
        for m in _IPV4.finditer(text):
            if any(s.start <= m.start() < s.end for s in v6_spans):
                continue  # the IPv4 tail of an IPv6 address
            try:
                ipaddress.IPv4Address(m.group())
            except ValueError:
                continue
            is_version = context_before(text, m.start(), _VERSION, window=10) > 0
            score = 0.3 if is_version else 0.95
            yield Span(m.start(), m.end(), "IP_ADDRESS", score, self.name, not is_version)

    def _ipv6(self, text: str) -> Iterable[Span]:
        for m in _IPV6.finditer(text):
            candidate = m.group().rstrip(".")  # a sentence may end right after the address
            if candidate.count(":") < 2:
                continue
            # Require a digit: "a::b" or "dead::beef" in prose are far likelier than addresses.
            if not any(ch.isdigit() for ch in candidate):
                continue
            try:
                ipaddress.IPv6Address(candidate)
            except ValueError:
                continue
            end = m.start() + len(candidate)
            yield Span(m.start(), end, "IP_ADDRESS", 0.95, self.name, validated=True)


class UrlRecognizer:
    name = "url"
    entities = frozenset({"URL"})
    languages = frozenset({"ja", "en"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _URL.finditer(text):
            end = _trim_url(text, m.start(), m.end())
            url = text[m.start() : end]
            rest = url.split("://", 1)[1] if "://" in url else url
            authority = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
            host = authority if authority.startswith("[") else authority.split(":", 1)[0]
            if not _HOST.fullmatch(host):
                continue
            yield Span(m.start(), end, "URL", 0.9, self.name, validated=True)


def _trim_url(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation and an unbalanced closing bracket from the end."""
    while end > start:
        last = text[end - 1]
        unbalanced = last == ")" and text.count("(", start, end) < text.count(")", start, end)
        if last not in _TRAILING and not unbalanced:
            break
        end -= 1
    return end
