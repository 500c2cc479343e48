"""EMAIL_ADDRESS: local@domain.tld, also when glued to kana/kanji on either side.

The regex only grabs the ASCII run around "@" (possessively, so it never backtracks); the
structure (labels, alphabetic TLD, dots in the local part) is then checked in Python, which is
both faster and clearer than one big RFC regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.recognizers.base import Span

_LOCAL_CHARS = r"A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-"
_CANDIDATE = re.compile(
    rf"([{_LOCAL_CHARS}](?<![{_LOCAL_CHARS}].)[{_LOCAL_CHARS}]*+)@([A-Za-z0-9.\-]++)",
    re.ASCII,
)
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?", re.ASCII)
_TLD = re.compile(r"[A-Za-z]{2,63}", re.ASCII)


class EmailRecognizer:
    name = "email"
    entities = frozenset({"EMAIL_ADDRESS"})
    languages = frozenset({"ja", "en"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _CANDIDATE.finditer(text):
            local_start, local = m.start(1), m.group(1)
            # Sentence punctuation may sit against the address: 「…です.taro@…」, 「…example.jp.」
            stripped = local.lstrip(".")
            local_start += len(local) - len(stripped)
            domain = m.group(2).rstrip(".-")
            if not _local_ok(stripped) or not _domain_ok(domain):
                continue
            end = m.start(2) + len(domain)
            yield Span(local_start, end, "EMAIL_ADDRESS", 1.0, self.name, validated=True)


def _local_ok(local: str) -> bool:
    return 0 < len(local) <= 64 and not local.endswith(".") and ".." not in local


def _domain_ok(domain: str) -> bool:
    if len(domain) > 253:
        return False
    labels = domain.split(".")
    if len(labels) < 2:
        return False
    if not _TLD.fullmatch(labels[-1]):
        return False
    return all(_LABEL.fullmatch(label) for label in labels[:-1])
