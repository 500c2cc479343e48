"""Character-class fragments shared by the recognizer regexes.

Japanese text is joined without spaces, so `\\b` (which treats kana/kanji as word characters)
cannot delimit a value glued to kana. Every recognizer instead says explicitly which ASCII
characters may not touch a match.
"""

from __future__ import annotations

# Kanji (CJK unified + extension A + compatibility) and the iteration/ditto marks used in names.
KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆〇ヶ"
# Katakana incl. the long-vowel mark and middle dot (ヴ..ヺ, ー, ・).
KATAKANA = "\u30a1-\u30fa\u30fc\u30fb"
HIRAGANA = "\u3041-\u3096"

# A match made of digits must not be part of a longer ASCII alphanumeric token.
NOT_AFTER_ALNUM = r"(?<![0-9A-Za-z])"
NOT_BEFORE_ALNUM = r"(?![0-9A-Za-z])"

# For digit groups: also refuse to start/end inside a separated group run such as "1234-5678-..."
# so a 12-digit ID is not carved out of a 16-digit card number.
NO_DIGIT_RUN_BEFORE = r"(?<![0-9A-Za-z])(?<![0-9][- ])"
NO_DIGIT_RUN_AFTER = r"(?![0-9A-Za-z])(?![- ][0-9])"


def digits_only(value: str) -> str:
    """The ASCII digits of `value`, in order (separators dropped)."""
    return "".join(ch for ch in value if "0" <= ch <= "9")
