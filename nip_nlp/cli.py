"""Command line. Each command parses options, calls one API function and maps errors to
exit codes; heavy imports happen inside commands so that ``--help`` is instant.

Exit codes (stable):
  0  success: every document was analysed (partial documents count as analysed)
  1  unexpected internal error (a bug: please report it with the log)
  2  usage error: bad option, missing or unreadable input path
  3  the run finished and wrote every table, but at least one document failed
     (see the ``status`` and ``reason`` columns of documents.csv)
  4  no PDF found under INPUT_DIR (the tables are written, empty)
  5  model or corpus error: missing, incompatible or malformed
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_FAILED_DOCS, EXIT_NO_INPUT, EXIT_MODEL = 0, 1, 2, 3, 4, 5

_OCR = click.Choice(["auto", "off", "force"])


def _log_to(path: Path) -> None:
    """The run's log (per-document status and timing, warnings) goes to OUT_DIR/run.log."""
    import logging

    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, mode="a", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("nip_nlp")
    root.setLevel(logging.INFO)
    root.addHandler(handler)


def _fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog="\b\n" + __doc__.split("\n\n", 1)[1])
@click.version_option(package_name="nip-nlp")
def main() -> None:
    """nip-nlp: which of the ten integration commitments (NIP 2007, K1–K10) do German
    municipal documents address, where, and how strongly?"""


@main.command()
@click.argument("input_dir", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for documents.csv, passages.csv, coverage*.csv, evidence.csv, run.json.")
@click.option("--model", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Model folder (default: the shipped model).")
@click.option("--ocr", type=_OCR, default="auto", show_default=True,
              help="OCR pages without a text layer (auto), never (off), or every page (force).")
@click.option("--max-pages", type=click.IntRange(min=1), default=None,
              help="Read at most this many pages a document (default 2000); longer ones are marked partial.")
@click.option("--top", "top_n", type=click.IntRange(min=1), default=None,
              help="Evidence passages per document and commitment (default 3).")
@click.option("--metadata", "metadata", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV with a 'file' column and municipality/year/body/meeting_date to use instead of guesses.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: number of cores). Output is identical for any number.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run on an existing Dask cluster (e.g. tcp://10.0.0.5:8786); files and model must be "
                   "readable by the workers at the same paths.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True,
              help="Table format (parquet needs pyarrow: pip install 'nip-nlp[parquet]').")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
def run(input_dir: Path, out_dir: Path, model: Path | None, ocr: str, max_pages: int | None,
        top_n: int | None, metadata: Path | None, workers: int | None, scheduler: str | None, fmt: str,
        quiet: bool) -> None:
    """Analyse every PDF under INPUT_DIR (recursively) and write the coverage tables."""
    from . import config
    from .api import run as api_run
    from .errors import ModelError
    from .pipeline import find_pdfs

    files = find_pdfs(input_dir)
    kwargs = dict(model=model, ocr=ocr, max_pages=max_pages or config.MAX_PAGES,
                  top_n=top_n or config.EVIDENCE_TOP_N, metadata=metadata, workers=workers,
                  scheduler=scheduler, fmt=fmt)
    _log_to(out_dir / "run.log")
    try:
        if quiet or not files:
            result = api_run(input_dir, out_dir, **kwargs)
        else:
            from .progress import progress_bar

            with progress_bar(len(files)) as advance:
                result = api_run(input_dir, out_dir, progress=advance, **kwargs)
    except ModelError as e:
        _fail(str(e), EXIT_MODEL)
    except ValueError as e:  # a malformed --metadata CSV
        _fail(str(e), EXIT_USAGE)
    docs = result.documents
    n_failed = int((docs.status == "failed").sum())
    if not quiet:
        n_ok = int((docs.status == "ok").sum())
        n_partial = int((docs.status == "partial").sum())
        click.echo(f"{len(docs)} documents: {n_ok} ok, {n_partial} partial, {n_failed} failed; "
                   f"{int(docs.passages.sum())} passages; tables in {out_dir}", err=True)
        for r in result.failed.itertuples():
            click.echo(f"  failed {r.document}: {r.reason}", err=True)
    if not files:
        _fail(f"no PDF found under {input_dir}", EXIT_NO_INPUT)
    if n_failed:
        sys.exit(EXIT_FAILED_DOCS)


@main.command()
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV with id, K1..K10 scores and labels.")
@click.option("--model", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None)
def classify(input_file: Path, out_file: Path, model: Path | None) -> None:
    """Score passages from INPUT_FILE: JSON Lines with "id" and "text", or a .txt file
    with one passage a line (id = line number)."""
    from .api import classify as api_classify
    from .errors import ModelError
    from .export import write_csv
    from .textinput import read_passages

    try:
        ids, texts = read_passages(input_file)
    except ValueError as e:
        _fail(str(e), EXIT_USAGE)
    try:
        df = api_classify(texts, ids, model=model)
    except ModelError as e:
        _fail(str(e), EXIT_MODEL)
    write_csv(df, out_file)


@main.command()
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True)
@click.option("--long", "long_", is_flag=True, help="Add the descriptions.")
def commitments(lang: str, long_: bool) -> None:
    """List the ten commitments K1–K10."""
    from .commitments import load_commitments

    for c in load_commitments():
        click.echo(f"{c.id:<4} {c.label_de if lang == 'de' else c.label_en}")
        if long_:
            click.echo(f"     {c.description_de if lang == 'de' else c.description_en}\n")


@main.command()
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--approach", type=click.Choice(["tfidf_lr", "tfidf_svm", "word_lr"]), default="tfidf_lr",
              show_default=True)
@click.option("--augment", type=click.FloatRange(0, 1), default=0.3, show_default=True,
              help="Share of training passages added again with OCR-style damage.")
@click.option("--seed", type=int, default=None, help="Random seed (default: the project's fixed seed).")
def train(corpus_dir: Path, out_dir: Path, approach: str, augment: float, seed: int | None) -> None:
    """Train a classifier from CORPUS_DIR into a model folder with its card."""
    from . import config
    from .api import train as api_train
    from .errors import CorpusError

    try:
        meta = api_train(corpus_dir, out_dir, approach=approach, augment=augment,
                         seed=config.SEED if seed is None else seed)
    except CorpusError as e:
        _fail(str(e), EXIT_MODEL)
    test = meta["metrics"].get("test", {})
    cv = meta["metrics"]["cv"]
    click.echo(f"model written to {out_dir}; cross-validated macro F1 {cv['macro']['f1']:.3f}"
               + (f", held-out test macro F1 {test['macro']['f1']:.3f}" if test else ""))


@main.command()
@click.argument("split", default="test")
@click.option("--model", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None)
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Corpus folder for SPLIT test/train (default: corpus/ of this checkout).")
@click.option("--markdown", is_flag=True, help="Print a Markdown table.")
def evaluate(split: str, model: Path | None, corpus_dir: Path | None, markdown: bool) -> None:
    """Per-commitment precision, recall, F1 and support on SPLIT ("test", "train", or a
    JSONL file with "text" and "labels"), then micro and macro averages."""
    from .api import evaluate as api_evaluate
    from .errors import CorpusError, ModelError
    from .evaluate import format_report

    try:
        rep = api_evaluate(split, model=model, corpus_dir=corpus_dir)
    except (ModelError, CorpusError) as e:
        _fail(str(e), EXIT_MODEL)
    click.echo(format_report(rep, markdown=markdown), nl=False)
    c = rep.attrs.get("calibration", {})
    if c:
        click.echo(f"\nBrier {c['brier']:.4f}  ECE {c['ece']:.4f}  "
                   f"micro F1 clean {c['clean_micro_f1']:.3f} / OCR-damaged {c['ocr_micro_f1']:.3f}  "
                   f"macro F1 clean {c['clean_macro_f1']:.3f} / OCR-damaged {c['ocr_macro_f1']:.3f} / "
                   f"OCR-damaged after umlaut correction {c['ocr_corrected_macro_f1']:.3f}")


@main.command()
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), required=False)
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True)
def compare(corpus_dir: Path | None, folds: int) -> None:
    """Compare the classifier approaches (keyword lexicon, word TF-IDF, word+character
    TF-IDF with logistic regression or a calibrated linear SVM) under the same grouped
    cross-validation on the training split; prints micro/macro F1 per approach."""
    from .api import compare_approaches
    from .errors import CorpusError

    try:
        df = compare_approaches(corpus_dir, folds=folds)
    except CorpusError as e:
        _fail(str(e), EXIT_MODEL)
    cols = ["approach", "micro_f1", "macro_f1", "none_f1", *[f"K{i}_f1" for i in range(1, 11)]]
    click.echo("| " + " | ".join(cols) + " |")
    click.echo("|---|" + "---:|" * (len(cols) - 1))
    for r in df[cols].itertuples(index=False):
        click.echo("| " + " | ".join([r[0], *(f"{v:.3f}" for v in r[1:])]) + " |")


def entrypoint() -> None:
    """Console-script entry: unexpected exceptions become exit code 1 with a short message."""
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 - last line of defence; the traceback goes to the log
        import logging

        logging.getLogger("nip_nlp").exception("internal error")
        click.echo(f"Internal error: {type(e).__name__}: {e}", err=True)
        sys.exit(EXIT_INTERNAL)
