"""OpenAPI fragments for what FastAPI cannot infer: raw/multipart upload bodies and streams."""

from __future__ import annotations

from typing import Any

from service.models import ErrorBody

UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The PDF as the raw body, or multipart with the PDF in `file` and "
        "optionally the scan options as a JSON object in `options` (same names as the query).",
        "content": {
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "options": {
                            "type": "string",
                            "description": 'JSON, e.g. {"entities": ["PERSON"], "pages": "1-3"}',
                        },
                    },
                }
            },
        },
    }
}

_RECORD = {
    "type": "object",
    "description": "One NDJSON line; `type` is document | finding | page | summary | error",
    "required": ["type"],
    "properties": {
        "type": {"type": "string", "enum": ["document", "finding", "page", "summary", "error"]}
    },
    "additionalProperties": True,
}

NDJSON_200: dict[str, Any] = {
    "description": "Newline-delimited JSON records, streamed in page order; the last line is "
    "always a `summary` or an `error` record",
    "content": {"application/x-ndjson": {"schema": _RECORD}},
}

PDF_200: dict[str, Any] = {
    "description": "The output PDF",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}

SSE_200: dict[str, Any] = {
    "description": "Server-sent events: `status`, `progress` (pages_done, pages_total, percent), "
    "`page` (the page record), then `done` (the summary) or `error` (code, message). Each "
    "event has an `id`; reconnect with `Last-Event-ID` to resume. Comment lines are pings.",
    "content": {"text/event-stream": {"schema": {"type": "string"}}},
}


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error("empty_file, bad_input"),
    413: _error("too_large: over the upload limit"),
    415: _error("not_pdf: no %PDF- header, or an unsupported content type"),
    422: _error(
        "corrupt_pdf, encrypted, wrong_password, no_pages, too_many_pages, bad_page_range, "
        "invalid_options"
    ),
    500: _error("worker_crashed, redaction_incomplete, internal"),
    503: _error("overloaded: the queue is full; see Retry-After"),
    504: _error("timeout: the document deadline passed before the first record"),
}

JOB_ERRORS: dict[int | str, dict[str, Any]] = {
    404: _error("not_found: no such job"),
    409: _error("not_ready: the job has not finished"),
}
