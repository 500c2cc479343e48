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

# Dashes seen between digit groups in Japanese documents (NFKC keeps all but the full-width one),
# including the katakana long-vowel mark typed by mistake: 03ー1234ー5678.
DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc"

# Patterns start with a plain character class and check the left boundary right after it:
# sre then skips non-candidate characters quickly, which a leading lookbehind prevents (~5x).
# FIRST_DIGIT_OF_GROUPS consumes the first digit of a number that is not part of a longer token
# and does not continue a separated group run either ("1234-5678-" + ...).
FIRST_DIGIT_OF_GROUPS = r"[0-9](?<![0-9A-Za-z].)(?<![0-9][\- ].)"

# A group-separated number must not run on into another group ("...9012-3456").
NO_DIGIT_RUN_AFTER = r"(?![0-9A-Za-z])(?![- ][0-9])"


def digits_only(value: str) -> str:
    """The ASCII digits of `value`, in order (separators dropped)."""
    return "".join(ch for ch in value if "0" <= ch <= "9")
