"""Per-call scan options: one frozen, picklable value shared by CLI, API and worker processes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal

import orjson

from service.errors import InvalidOptions

Language = Literal["ja", "en", "auto"]
Profile = Literal["accurate", "fast"]

# Every entity type the engine can report; recognizers and the NER label map use these names.
ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "ORGANIZATION",
    "LOCATION",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "JP_POSTAL_CODE",
    "JP_MY_NUMBER",
    "JP_CORPORATE_NUMBER",
    "JP_BANK_ACCOUNT",
    "JP_DRIVER_LICENSE",
    "JP_PASSPORT",
    "DATE_OF_BIRTH",
    "CREDIT_CARD",
    "IP_ADDRESS",
    "URL",
    "IBAN_CODE",
    "US_SSN",
)


@dataclass(frozen=True, slots=True)
class DenyRule:
    """Always report matches of `pattern` (a literal string, or a regex when `regex`) as a type."""

    entity_type: str
    pattern: str
    regex: bool = False


@dataclass(frozen=True, slots=True)
class ScanOptions:
    entities: tuple[str, ...] | None = None  # None: every type
    language: Language = "auto"
    threshold: float = 0.5
    allow_list: tuple[str, ...] = ()
    deny_list: tuple[DenyRule, ...] = ()
    pages: tuple[int, int] | None = None  # 1-based inclusive range; None: all pages
    profile: Profile = "accurate"
    # Not part of the cache key: the password opens the file, it does not change the result.
    password: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.entities is not None:
            unknown = sorted(set(self.entities) - set(ENTITY_TYPES))
            if unknown:
                raise InvalidOptions(f"unknown entity types: {', '.join(unknown)}")
        if self.language not in ("ja", "en", "auto"):
            raise InvalidOptions(f"language must be ja, en or auto, not {self.language!r}")
        if self.profile not in ("accurate", "fast"):
            raise InvalidOptions(f"profile must be accurate or fast, not {self.profile!r}")
        if not 0.0 <= self.threshold <= 1.0:
            raise InvalidOptions("threshold must be between 0 and 1")
        if self.pages is not None:
            first, last = self.pages
            if first < 1 or last < first:
                raise InvalidOptions(f"bad page range {first}-{last}")
        for rule in self.deny_list:
            if rule.entity_type not in ENTITY_TYPES:
                raise InvalidOptions(f"deny list: unknown entity type {rule.entity_type!r}")
            if not rule.pattern:
                raise InvalidOptions("deny list: empty pattern")
            if rule.regex:
                try:
                    re.compile(rule.pattern)
                except re.error as exc:
                    raise InvalidOptions(f"deny list: bad regex {rule.pattern!r}: {exc}") from exc

    def wants(self, entity_type: str) -> bool:
        return self.entities is None or entity_type in self.entities

    def cache_key(self) -> str:
        """A stable hash of everything that changes the result (not the password)."""
        payload = {
            "entities": sorted(self.entities) if self.entities is not None else None,
            "language": self.language,
            "threshold": self.threshold,
            "allow_list": sorted(self.allow_list),
            "deny_list": sorted([r.entity_type, r.pattern, r.regex] for r in self.deny_list),
            "pages": list(self.pages) if self.pages else None,
            "profile": self.profile,
        }
        return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()


def parse_page_range(spec: str) -> tuple[int, int]:
    """'3' -> (3, 3); '1-20' -> (1, 20); '5-' -> (5, huge)."""
    m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d*)\s*)?", spec)
    if not m:
        raise InvalidOptions(f"bad page range {spec!r}; use N or N-M")
    first = int(m.group(1))
    if m.group(2) is None:
        last = first
    elif m.group(2) == "":
        last = 10**9
    else:
        last = int(m.group(2))
    if first < 1 or last < first:
        raise InvalidOptions(f"bad page range {spec!r}")
    return first, last


def parse_deny_rule(spec: str, *, regex: bool = False) -> DenyRule:
    """'TYPE:pattern' -> DenyRule."""
    entity_type, sep, pattern = spec.partition(":")
    if not sep:
        raise InvalidOptions(f"deny rule {spec!r} must look like ENTITY_TYPE:pattern")
    return DenyRule(entity_type=entity_type.strip(), pattern=pattern, regex=regex)


def build_options(
    *,
    entities: list[str] | tuple[str, ...] | None = None,
    language: str = "auto",
    threshold: float = 0.5,
    allow: list[str] | tuple[str, ...] = (),
    deny: list[str] | tuple[str, ...] = (),
    deny_regex: list[str] | tuple[str, ...] = (),
    pages: str | None = None,
    profile: str = "accurate",
    password: str | None = None,
) -> ScanOptions:
    """ScanOptions from the user-facing names shared by the CLI flags and the API parameters."""
    rules = [parse_deny_rule(d) for d in deny] + [
        parse_deny_rule(d, regex=True) for d in deny_regex
    ]
    return ScanOptions(
        entities=tuple(entities) if entities else None,
        language=language,  # type: ignore[arg-type]  # validated in __post_init__
        threshold=threshold,
        allow_list=tuple(allow),
        deny_list=tuple(rules),
        pages=parse_page_range(pages) if pages else None,
        profile=profile,  # type: ignore[arg-type]
        password=password,
    )
