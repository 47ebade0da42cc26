"""A small, typed set of errors with stable reason codes.

Reason codes appear in the `reason` column of documents.csv and never change meaning;
new failure kinds get new codes. Messages after the code are for people and may change.
"""

from __future__ import annotations


class NipError(Exception):
    """Base class of every error the library raises on purpose."""

    reason: str = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # "reason: message", the form used in documents.csv
        return f"{self.reason}: {self.message}"


class DocumentError(NipError):
    """A single input file cannot be analysed; the batch goes on."""


class NotPdfError(DocumentError):
    reason = "not_pdf"


class EmptyFileError(DocumentError):
    reason = "empty_file"


class CorruptPdfError(DocumentError):
    reason = "corrupt_pdf"


class EncryptedPdfError(DocumentError):
    reason = "encrypted_pdf"


class NoTextError(DocumentError):
    """No page has a usable text layer and OCR is off or found nothing."""

    reason = "no_text"


class OcrUnavailableError(DocumentError):
    reason = "ocr_unavailable"


class TooManyPagesError(DocumentError):
    reason = "too_many_pages"


class UnreadableFileError(DocumentError):
    reason = "unreadable_file"


class ModelError(NipError):
    """The classifier model is missing, incompatible or corrupt."""

    reason = "model_error"


class CorpusError(NipError):
    """The annotated corpus is malformed."""

    reason = "corpus_error"
