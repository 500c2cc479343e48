"""JP_BANK_ACCOUNT: a 7-digit account number introduced by its kind (普通/当座/口座番号…).

Span extent: the whole block when a bank and/or branch name sits directly before the kind
(「みずほ銀行 渋谷支店 普通 1234567」): the span runs from the bank name to the number,
because redacting only the digits still tells a reader where the person banks. Without such
names the span is the number alone (a bare 「普通」 or 「口座番号：」 label identifies no one).

The regex is anchored on the keyword (a rare literal) and the names are looked for backwards
from it, so long kanji runs are never scanned twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.recognizers.base import Span
from service.recognizers.charsets import HIRAGANA, KANJI, KATAKANA

_ACCOUNT = re.compile(
    r"(?:普通預金|当座預金|貯蓄預金|普通|当座|貯蓄|口座番号|口座)"
    r"(?:[\s:：.]*(?:口座番号|口座|番号|No\.?))?[\s:：.]*"
    r"(?P<number>[0-9]{7})(?![0-9])",
)
_NAME = rf"[{KANJI}{KATAKANA}{HIRAGANA}A-Za-z0-9&]"
# Anchored at the end of the text just before the kind keyword.
_BANK_BRANCH = re.compile(
    rf"(?:{_NAME}{{1,15}}(?:銀行|信用金庫|信金|信用組合|労働金庫|農業協同組合)[ ・]?)?"
    rf"(?:{_NAME}{{1,12}}(?:支店|出張所|営業部|本店|支所)[ ・]?)?\Z"
)
# A name run may start with the end of the sentence before it (「振込先はみずほ銀行」).
_PARTICLE_SPLIT = re.compile(r".*[はをがにでへもや、。:：]")
_LOOKBACK = 32


class BankAccountRecognizer:
    name = "jp_bank_account"
    entities = frozenset({"JP_BANK_ACCOUNT"})
    languages = frozenset({"ja"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _ACCOUNT.finditer(text):
            start = self._block_start(text, m.start())
            if start == m.start():
                start = m.start("number")
            yield Span(start, m.end(), "JP_BANK_ACCOUNT", 0.85, self.name)

    @staticmethod
    def _block_start(text: str, kind_start: int) -> int:
        lo = max(0, kind_start - _LOOKBACK)
        names = _BANK_BRANCH.search(text[lo:kind_start])
        if names is None or names.start() == names.end():
            return kind_start
        start = lo + names.start()
        particle = _PARTICLE_SPLIT.match(text, start, kind_start)
        if particle is not None:
            start = particle.end()
        while start < kind_start and text[start] == " ":
            start += 1
        return start
