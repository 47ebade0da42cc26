"""Command line. Each command parses options and calls one API function; errors become
exit codes in one place (``_Cli.invoke``). Heavy imports happen inside commands so that
``--help`` is instant; choices and defaults come from ``config``."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from . import config
from .errors import EXIT_CODE_HELP, DocumentsFailedError, ExitCode, NipError, NoPdfError

log = logging.getLogger("nip_nlp")


def _exit_codes_epilog() -> str:
    return "\b\nExit codes (stable):\n" + "\n".join(f"  {int(c):<3} {text}" for c, text in EXIT_CODE_HELP.items())


class _Cli(click.Group):
    """The one error handler: a NipError ends with its exit code and a one-line message;
    anything unexpected is a bug (exit 1, traceback in the log)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise  # click's own: --help, usage errors (exit 2)
        except NipError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(int(e.exit_code))
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))
        except Exception as e:  # noqa: BLE001 - last line of defence; the traceback goes to the log
            log.exception("internal error")
            click.echo(f"Internal error: {type(e).__name__}: {e}", err=True)
            ctx.exit(int(ExitCode.BUG))


def _log_to(path: Path) -> None:
    """The run's log (per-document status and timing, warnings) goes to OUT_DIR/run.log."""
    from .export import prepare_out_dir, writing

    prepare_out_dir(path.parent)
    with writing(path):
        handler = logging.FileHandler(path, mode="a", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.setLevel(logging.INFO)
    log.addHandler(handler)


raw_csv_option = click.option(
    "--raw-csv", is_flag=True,
    help="No leading apostrophe before CSV cells starting with =, +, -, @ (the spreadsheet formula guard).")

model_option = click.option(
    "--model", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
    show_default="the shipped model", help="Model folder.")


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]}, epilog=_exit_codes_epilog())
@click.version_option(package_name="nip-nlp")
def main() -> None:
    """nip-nlp: which of the ten integration commitments (NIP 2007, K1–K10) do German
    municipal documents address, where, and how strongly?"""


@main.command()
@click.argument("input_dir", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for documents.csv, passages.csv, coverage*.csv, evidence.csv, run.json.")
@model_option
@click.option("--ocr", type=click.Choice(config.OCR_MODES), default=config.OCR_MODE, show_default=True,
              help="OCR pages without a text layer (auto), never (off), or every page (force).")
@click.option("--max-pages", type=click.IntRange(min=1), default=config.MAX_PAGES, show_default=True,
              help="Read at most this many pages a document; longer ones are marked partial.")
@click.option("--top", "top_n", type=click.IntRange(min=1), default=config.EVIDENCE_TOP_N, show_default=True,
              help="Evidence passages per document and commitment.")
@click.option("--metadata", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV with a 'file' column and municipality/year/body/meeting_date to use instead of guesses.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              show_default=f"one per {config.PAGES_PER_FORKED_WORKER} pages (Linux; "
                                f"{config.PAGES_PER_WORKER} elsewhere), at most one per core",
              help="Worker processes. Output is identical for any number.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run on an existing Dask cluster (e.g. tcp://10.0.0.5:8786); files and model must be "
                   "readable by the workers at the same paths.")
@click.option("--format", "fmt", type=click.Choice(config.FORMATS), default=config.FORMAT, show_default=True,
              help="Table format (parquet needs pyarrow: pip install 'nip-nlp[parquet]').")
@raw_csv_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
def run(input_dir: Path, out_dir: Path, **settings) -> None:
    """Analyse every PDF under INPUT_DIR (recursively) and write the coverage tables."""
    from .api import run as api_run
    from .options import RunOptions
    from .pipeline import find_pdfs

    opts = RunOptions(**settings)
    opts.check_extras()  # before the output folder is created
    _log_to(out_dir / "run.log")
    n_files = 0 if opts.quiet else len(find_pdfs(input_dir))  # only to size the progress bar
    if n_files:
        from .progress import progress_bar

        with progress_bar(n_files) as advance:
            result = api_run(input_dir, out_dir, opts, progress=advance)
    else:
        result = api_run(input_dir, out_dir, opts)
    docs = result.documents
    n_failed = len(result.failed)
    if not opts.quiet:
        n_ok = int((docs.status == "ok").sum())
        n_partial = int((docs.status == "partial").sum())
        click.echo(f"{len(docs)} documents: {n_ok} ok, {n_partial} partial, {n_failed} failed; "
                   f"{int(docs.passages.sum())} passages; tables in {out_dir}", err=True)
        for r in result.failed.itertuples():
            click.echo(f"  failed {r.document}: {r.reason}", err=True)
    if not len(docs):
        raise NoPdfError(f"no PDF found under {input_dir}")
    if n_failed:
        raise DocumentsFailedError(f"{n_failed} of {len(docs)} documents failed (see documents.csv)")


@main.command()
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV with id, K1..K10 scores and labels.")
@model_option
@raw_csv_option
def classify(input_file: Path, out_file: Path, model: Path | None, raw_csv: bool) -> None:
    """Score passages from INPUT_FILE: JSON Lines with "id" and "text", or a .txt file
    with one passage a line (id = line number)."""
    from .api import classify as api_classify
    from .export import write_csv
    from .textinput import read_passages

    ids, texts = read_passages(input_file)
    write_csv(api_classify(texts, ids, model=model), out_file, raw=raw_csv)


@main.command()
@click.option("--lang", type=click.Choice(config.LANGUAGES), default=config.LANGUAGE, show_default=True,
              help="Language of the labels and descriptions.")
@click.option("--long", "long_", is_flag=True, help="Add the descriptions.")
def commitments(lang: str, long_: bool) -> None:
    """List the ten commitments K1–K10."""
    from .api import commitments as api_commitments

    for c in api_commitments().to_dict("records"):
        click.echo(f"{c['id']:<4} {c[f'label_{lang}']}")
        if long_:
            click.echo(f"     {c[f'description_{lang}']}\n")


@main.command()
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Model folder to write (model.skops, vocabulary.json, metadata.json, README.md).")
@click.option("--approach", type=click.Choice(config.APPROACHES), default=config.APPROACH, show_default=True,
              help="Features and estimator (see docs/classifier.md).")
@click.option("--augment", type=click.FloatRange(0, 1), default=config.OCR_AUGMENT, show_default=True,
              help="Share of training passages added again with OCR-style damage.")
@click.option("--seed", type=int, default=config.SEED, show_default=True, help="Random seed.")
def train(corpus_dir: Path, out_dir: Path, approach: str, augment: float, seed: int) -> None:
    """Train a classifier from CORPUS_DIR into a model folder with its card."""
    from .api import train as api_train

    meta = api_train(corpus_dir, out_dir, approach=approach, augment=augment, seed=seed)
    test = meta["metrics"].get("test", {})
    cv = meta["metrics"]["cv"]
    click.echo(f"model written to {out_dir}; cross-validated macro F1 {cv['macro']['f1']:.3f}"
               + (f", held-out test macro F1 {test['macro']['f1']:.3f}" if test else ""))


@main.command()
@click.argument("split", default="test")
@model_option
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              show_default="corpus/ of this checkout", help="Corpus folder for SPLIT test/train/realtext.")
@click.option("--markdown", is_flag=True, help="Print a Markdown table.")
def evaluate(split: str, model: Path | None, corpus_dir: Path | None, markdown: bool) -> None:
    """Per-commitment precision, recall, F1 and support on SPLIT ("test", "train",
    "realtext", a JSONL file with "text" and "labels", or a folder of them), then micro
    and macro averages, calibration, OCR robustness, the off-topic false-positive rate
    and document-level figures."""
    from .api import evaluate as api_evaluate
    from .model.evaluation import format_measures, format_report

    rep = api_evaluate(split, model=model, corpus_dir=corpus_dir)
    click.echo(format_report(rep, markdown=markdown), nl=False)
    click.echo("\n" + format_measures(rep.attrs["calibration"]))


@main.command()
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), required=False)
@click.option("--real", "real", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Labelled real-text JSONL file or folder to measure on (repeatable).  [default: corpus/realtext]")
@click.option("--design", "designs", multiple=True, type=click.Choice(list(config.DESIGNS)),
              help="Only these designs (repeatable).  [default: all]")
def compare(corpus_dir: Path | None, real: tuple[Path, ...], designs: tuple[str, ...]) -> None:
    """Train every classifier design (keyword lexicon; passage-level TF-IDF + logistic
    regression; the same behind the migration-angle gate; sentence windows behind the
    gate with logistic regression or a linear SVM) on the corpus's training split and
    measure each on the held-out test split and on real text. Prints a Markdown table."""
    from .api import compare as api_compare

    df = api_compare(corpus_dir, real=list(real) or None, designs=list(designs) or None)
    cols = ["design", "set", "macro_f1", "micro_f1", "offtopic_fp_rate", "none_fp_rate", "doc_precision",
            "doc_recall", "doc_none_fp_rate"]
    click.echo("| " + " | ".join(cols) + " |")
    click.echo("|---|---|" + "---:|" * (len(cols) - 2))
    for r in df[cols].itertuples(index=False):
        click.echo("| " + " | ".join([r[0], r[1], *(f"{v:.3f}" for v in r[2:])]) + " |")


def entrypoint() -> None:
    """Console-script entry (``nip-nlp``, ``python -m nip_nlp``)."""
    main(prog_name="nip-nlp")
