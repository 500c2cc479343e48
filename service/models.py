"""Pydantic wire models: scan options in (query or JSON), job status and errors out.

Options carry the CLI's names (`entities`, `language`, `profile`, `threshold`, `pages`, `allow`,
`deny`, `deny_regex`, `password`) and become the engine's frozen `ScanOptions`, whose own
validation (`InvalidOptions`, 422) is the final word.
"""

from __future__ import annotations

from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from service.errors import InvalidOptions
from service.options import ScanOptions, build_options


class ScanParams(BaseModel):
    """Scan options, as query parameters or as the JSON `options` multipart field."""

    entities: list[str] | None = Field(
        None, description="Only these entity types (repeat, or comma-separated); default all"
    )
    language: Literal["ja", "en", "auto"] = "auto"
    profile: Literal["accurate", "fast"] = Field(
        "accurate", description="accurate: GiNZA NER; fast: dictionary names"
    )
    threshold: float = Field(0.5, ge=0.0, le=1.0, description="Minimum score")
    pages: str | None = Field(None, description="Page range: 3, 1-20 or 5-", examples=["1-20"])
    allow: list[str] = Field(default_factory=list, description="Never report these strings")
    deny: list[str] = Field(
        default_factory=list, description="TYPE:TEXT - always report TEXT as TYPE"
    )
    deny_regex: list[str] = Field(
        default_factory=list, description="TYPE:REGEX - always report matches of REGEX as TYPE"
    )
    password: str | None = Field(
        None,
        description="User password of an encrypted PDF (prefer the X-PDF-Password header: "
        "query strings end up in proxy logs)",
    )

    @field_validator("entities", mode="after")
    @classmethod
    def _split(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        items = [e.strip().upper() for v in value for e in v.split(",") if e.strip()]
        return items or None

    def to_options(self, password: str | None = None) -> ScanOptions:
        return build_options(
            entities=self.entities,
            language=self.language,
            threshold=self.threshold,
            allow=self.allow,
            deny=self.deny,
            deny_regex=self.deny_regex,
            pages=self.pages,
            profile=self.profile,
            password=password or self.password,
        )


class ScanParamsJson(ScanParams):
    # Unknown keys in a JSON body are mistakes; unknown query parameters may belong to the route.
    model_config = ConfigDict(extra="forbid")


def options_from_json(raw: bytes) -> ScanParams:
    """The multipart `options` field: a JSON object with the same names as the query."""
    try:
        data = orjson.loads(raw)
        if not isinstance(data, dict):
            raise InvalidOptions("options must be a JSON object")
        return ScanParamsJson.model_validate(data)
    except orjson.JSONDecodeError as exc:
        raise InvalidOptions(f"options is not valid JSON: {exc}") from None
    except ValidationError as exc:
        raise InvalidOptions(describe(exc)) from None


def describe(exc: ValidationError) -> str:
    """A one-line summary of a validation error that never echoes the input values."""
    parts = []
    for err in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(p) for p in err["loc"]) or "body"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


class ErrorDetail(BaseModel):
    code: str = Field(examples=["not_pdf"])
    message: str


class ErrorBody(BaseModel):
    """Every non-2xx answer before a stream starts."""

    error: ErrorDetail


class JobLinks(BaseModel):
    self: str
    events: str
    findings: str
    pdf: str


JobState = Literal["queued", "running", "done", "failed", "cancelled"]


class JobStatus(BaseModel):
    id: str
    status: JobState
    sha256: str
    pages_total: int | None = None
    pages_done: int = 0
    percent: float = 0.0
    counts: dict[str, int] = Field(default_factory=dict, description="Findings by entity type")
    error: ErrorDetail | None = None
    created: float
    updated: float
    finished: float | None = None
    links: JobLinks


class JobCreated(BaseModel):
    id: str
    status: JobState
    links: JobLinks


class EntitiesBody(BaseModel):
    entity_types: list[str]
    recognizers: list[dict[str, Any]]
