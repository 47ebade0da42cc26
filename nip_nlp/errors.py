"""One error contract: a typed error carries its stable reason code and the exit code the
CLI ends with.

Reason codes appear in the `reason` column of documents.csv and never change meaning;
new failure kinds get new codes. Messages after the code are for people and may change.
Exit codes are the CLI's contract with scripts (listed in ``nip-nlp --help``).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # every document was analysed (partial documents count as analysed)
    BUG = 1  # unexpected internal error: please report it with the log
    USAGE = 2  # bad option, missing or unreadable input path or file
    DOCUMENTS_FAILED = 3  # every table was written, but at least one document failed
    NO_PDF = 4  # no PDF found under INPUT_DIR (the tables are written, empty)
    MODEL_OR_CORPUS = 5  # model or corpus missing, incompatible or malformed
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT (128 + 2)
    TERMINATED = 143  # SIGTERM (128 + 15): workers stopped, finished documents cached


EXIT_CODE_HELP = {
    ExitCode.OK: "success: every document was analysed (partial documents count as analysed)",
    ExitCode.BUG: "unexpected internal error (a bug: please report it with the log)",
    ExitCode.USAGE: "usage error: bad option, missing or unreadable input path, malformed --metadata CSV "
                    "or passage file, an option whose extra is not installed, OUT_DIR not writable",
    ExitCode.DOCUMENTS_FAILED: "the run finished and wrote every table, but at least one document failed "
                               "(see the status and reason columns of documents.csv)",
    ExitCode.NO_PDF: "no PDF found under INPUT_DIR (the tables are written, empty)",
    ExitCode.MODEL_OR_CORPUS: "model or corpus error: missing, incompatible or malformed",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C); a run resumes from its cache when started again",
    ExitCode.TERMINATED: "terminated (SIGTERM): workers stopped; a run resumes from its cache when started again",
}


class NipError(Exception):
    """Base class of every error the library raises on purpose."""

    reason: str = "error"
    exit_code: ExitCode = ExitCode.BUG

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # "reason: message", the form used in documents.csv
        return f"{self.reason}: {self.message}"


class UsageError(NipError):
    """An input the user named cannot be used as given."""

    reason = "usage_error"
    exit_code = ExitCode.USAGE


class MetadataError(UsageError):
    """The ``--metadata`` CSV cannot be read or lacks its key column."""

    reason = "bad_metadata"


class InputFileError(UsageError):
    """A passage file for ``classify`` is malformed (the message names file:line)."""

    reason = "bad_input"


class OutputError(UsageError):
    """OUT_DIR or a file in it cannot be written: read-only, disk full, not a folder."""

    reason = "output_error"


class SchedulerError(UsageError):
    """``--scheduler`` names an address where no Dask scheduler answers."""

    reason = "scheduler_unreachable"


class TerminatedError(NipError):
    """The run received SIGTERM."""

    reason = "terminated"
    exit_code = ExitCode.TERMINATED


class NoPdfError(NipError):
    reason = "no_pdf"
    exit_code = ExitCode.NO_PDF


class DocumentsFailedError(NipError):
    """The run finished and wrote every table, but some documents failed."""

    reason = "documents_failed"
    exit_code = ExitCode.DOCUMENTS_FAILED


class DocumentError(NipError):
    """A single input file cannot be analysed; the batch goes on (its reason goes into
    documents.csv). Only a run whose documents failed ends with DOCUMENTS_FAILED."""

    exit_code = ExitCode.DOCUMENTS_FAILED


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


class OcrFailedError(DocumentError):
    """One page could not be OCR'd; recorded as a warning, the document goes on."""

    reason = "ocr_failed"


class PageTooLargeError(DocumentError):
    """A page without text layer is too large to render for OCR (config.OCR_MAX_MPIXELS);
    the page is skipped, and a document with nothing else fails with this reason."""

    reason = "page_too_large"


class BrokenSymlinkError(DocumentError):
    reason = "broken_symlink"


class SymlinkLoopError(DocumentError):
    reason = "symlink_loop"


class UnreadableFolderError(DocumentError):
    """A folder under INPUT_DIR cannot be listed: its PDFs are unknown, so the folder gets the row."""

    reason = "unreadable_folder"


class TooManyPagesError(DocumentError):
    """More pages than ``--max-pages``: the document is read up to the limit and marked
    partial with this reason, never failed."""

    reason = "too_many_pages"


class UnreadableFileError(DocumentError):
    reason = "unreadable_file"


class ModelOrCorpusError(NipError):
    """What the classifier is made from, or runs with, is unusable."""

    exit_code = ExitCode.MODEL_OR_CORPUS


class ModelError(ModelOrCorpusError):
    """The classifier model is missing, incompatible or corrupt."""

    reason = "model_error"


class CorpusError(ModelOrCorpusError):
    """The annotated corpus (or a labelled evaluation file) is malformed."""

    reason = "corpus_error"
