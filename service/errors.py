"""One exception tree for the whole product, translated to HTTP (or CLI exit codes) in one place.

    PresidioPdfError                     500 internal
    ├── InputError                       400 bad_input
    │   ├── EmptyFile                    400 empty_file
    │   ├── TooLarge                     413 too_large
    │   ├── NotAPdf                      415 not_pdf
    │   ├── CorruptPdf                   422 corrupt_pdf
    │   ├── EncryptedPdf                 422 encrypted       (needs a password)
    │   ├── WrongPassword                422 wrong_password
    │   ├── NoPages                      422 no_pages
    │   ├── TooManyPages                 422 too_many_pages
    │   ├── PageRangeError               422 bad_page_range
    │   └── InvalidOptions               422 invalid_options
    ├── NotFound                         404 not_found
    ├── NotReady                         409 not_ready
    ├── Overloaded                       503 overloaded      (queue full; Retry-After)
    ├── Cancelled                        499 cancelled
    ├── DeadlineExceeded                 504 timeout
    ├── WorkerCrashed                    500 worker_crashed
    ├── Interrupted                      500 interrupted     (service stopped mid-job)
    └── RedactionIncomplete              500 redaction_incomplete

Page-level failures (`page_failed`, `page_timeout`) are not exceptions that end a document: they
are reported on that page's record and the scan continues.

Every class takes a single message argument so instances pickle across process boundaries
unchanged (worker processes raise them; the web process translates them).
"""

from __future__ import annotations


class PresidioPdfError(Exception):
    status: int = 500
    code: str = "internal"
    exit_code: int = 1

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.__class__.__doc__ or self.code)

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.code


class InputError(PresidioPdfError):
    """The input cannot be processed."""

    status = 400
    code = "bad_input"
    exit_code = 3


class EmptyFile(InputError):
    """The upload is empty (0 bytes)."""

    code = "empty_file"


class TooLarge(InputError):
    """The upload is larger than the configured limit."""

    status = 413
    code = "too_large"


class NotAPdf(InputError):
    """The input is not a PDF (no %PDF- header)."""

    status = 415
    code = "not_pdf"


class CorruptPdf(InputError):
    """The PDF is damaged beyond repair."""

    status = 422
    code = "corrupt_pdf"


class EncryptedPdf(InputError):
    """The PDF is encrypted with a user password; supply the password."""

    status = 422
    code = "encrypted"


class WrongPassword(InputError):
    """The password does not open this PDF."""

    status = 422
    code = "wrong_password"


class NoPages(InputError):
    """The PDF has no pages."""

    status = 422
    code = "no_pages"


class TooManyPages(InputError):
    """The PDF has more pages than the configured limit."""

    status = 422
    code = "too_many_pages"


class PageRangeError(InputError):
    """The requested page range is outside the document."""

    status = 422
    code = "bad_page_range"


class InvalidOptions(InputError):
    """The scan options are invalid."""

    status = 422
    code = "invalid_options"


class NotFound(PresidioPdfError):
    """No such job."""

    status = 404
    code = "not_found"


class NotReady(PresidioPdfError):
    """The job has not finished yet."""

    status = 409
    code = "not_ready"


class Overloaded(PresidioPdfError):
    """Too many documents in progress; retry later."""

    status = 503
    code = "overloaded"


class Cancelled(PresidioPdfError):
    """The work was cancelled."""

    status = 499
    code = "cancelled"


class DeadlineExceeded(PresidioPdfError):
    """The document took longer than its deadline."""

    status = 504
    code = "timeout"


class WorkerCrashed(PresidioPdfError):
    """A worker process died while processing this document."""

    status = 500
    code = "worker_crashed"


class Interrupted(PresidioPdfError):
    """The service stopped while this job was running; submit it again."""

    code = "interrupted"


class RedactionIncomplete(PresidioPdfError):
    """Redacted text was still extractable after redaction; no output was written."""

    status = 500
    code = "redaction_incomplete"
    exit_code = 4
