"""Writes notebooks/*.ipynb from the cells below (run by hand after editing them; the
tests execute the committed notebooks top to bottom)."""

from pathlib import Path

import nbformat as nbf

ROOT = Path(__file__).resolve().parents[1]


def notebook(cells: list[tuple[str, str]]) -> nbf.NotebookNode:
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbf.v4.new_markdown_cell(src) if kind == "md" else nbf.v4.new_code_cell(src) for kind, src in cells]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"  # stable ids: regenerating changes only what was edited
    return nb


QUICKSTART = [
    ("md", "# nip-nlp quickstart\n\nAnalyse the bundled sample (an integration concept and council minutes), "
           "look at the coverage matrix and check the evidence behind a cell. Only the Python API is used."),
    ("code", "from pathlib import Path\nimport nip_nlp\n\n"
             "SAMPLE = next(p for p in (Path('sample'), Path('../sample')) if p.is_dir())\n"
             "result = nip_nlp.analyze(SAMPLE)\n"
             "result.documents[['document', 'status', 'doc_type', 'municipality', 'year', 'pages', 'passages']]"),
    ("md", "## The coverage matrix\n\nNumbers are passages assigned to a commitment; colour is their share of "
           "the document's passages."),
    ("code", "result.heatmap()"),
    ("code", "nip_nlp.commitments()[['id', 'label_de']]"),
    ("md", "## Evidence behind a cell\n\nThe passages with the highest scores, their page, and the terms "
           "that pushed the score up."),
    ("code", "ev = result.evidence\n"
             "ev[ev.commitment == 'K4'][['document', 'rank', 'page', 'section', 'score', 'terms']]"),
    ("code", "minutes = result.passages[result.passages.document.str.contains('niederschrift')]\n"
             "minutes[minutes.labels != ''][['section', 'page', 'labels']]"),
    ("md", "Most agenda items of real minutes address nothing; the share of passages without any "
           "commitment:"),
    ("code", "(result.passages.labels == '').groupby(result.passages.document).mean().round(2)"),
]

EVALUATION = [
    ("md", "# Model evaluation\n\nHeld-out test split of the project's corpus: per-commitment precision, "
           "recall and F1, calibration, robustness to OCR damage, and the errors worth reading."),
    ("code", "import nip_nlp\n\nreport = nip_nlp.evaluate('test')\nreport.round(3)"),
    ("code", "report.attrs['calibration']"),
    ("md", "## Where does it go wrong?\n\nFalse positives on the test split, highest score first."),
    ("code", "from nip_nlp.catalog import COMMITMENT_IDS as K, label_matrix\n"
             "from nip_nlp.model.evaluation import load_split\n\n"
             "test = load_split('test')\n"
             "pred = nip_nlp.classify(test.text.tolist(), test.id.tolist())\n"
             "assigned = label_matrix(labels.split(';') for labels in pred.labels)\n"
             "rows = []\n"
             "for j, k in enumerate(K):\n"
             "    fp = (assigned[:, j] == 1) & (test[k] == 0).to_numpy()\n"
             "    for i in pred.index[fp]:\n"
             "        rows.append({'commitment': k, 'score': pred.loc[i, k], 'gold': ';'.join(test.labels[i]),\n"
             "                     'text': test.text[i][:160]})\n"
             "import pandas as pd\n"
             "errors = pd.DataFrame(rows, columns=['commitment', 'score', 'gold', 'text'])\n"
             "errors.sort_values('score', ascending=False).head(10)"),
    ("md", "## Scores as probabilities\n\nWithin each score band, the share of passages that truly address "
           "the commitment should be close to the band's scores."),
    ("code", "import numpy as np\n\n"
             "S = pred[list(K)].to_numpy().ravel(); Y = test[list(K)].to_numpy().ravel()\n"
             "bands = pd.cut(S, [0, .1, .3, .5, .7, .9, 1.0], include_lowest=True)\n"
             "pd.DataFrame({'score': S, 'true': Y}).groupby(bands, observed=True).agg(n=('true', 'size'), "
             "mean_score=('score', 'mean'), observed=('true', 'mean')).round(3)"),
]

if __name__ == "__main__":
    out = ROOT / "notebooks"
    out.mkdir(exist_ok=True)
    nbf.write(notebook(QUICKSTART), out / "quickstart.ipynb")
    nbf.write(notebook(EVALUATION), out / "model_evaluation.ipynb")
