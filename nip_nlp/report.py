"""``report.html``: one self-contained page (no network, no external files) with the
coverage heatmap, totals per commitment, and the evidence behind each cell on click."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator
from string import Template

import pandas as pd

from .catalog import load_commitments

_PAGE = Template("""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nip-nlp: Abdeckung der Selbstverpflichtungen</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1b1b1b;background:#fff}
h1{font-size:1.4rem;margin:0 0 4px} .meta{color:#555;font-size:.85rem;margin-bottom:16px}
table.heat{border-collapse:collapse;font-size:.85rem}
table.heat th,table.heat td{border:1px solid #d8d8d8;padding:4px 6px;text-align:center}
table.heat th.doc,table.heat td.doc{text-align:left;max-width:340px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
table.heat td.cell{min-width:44px;cursor:pointer;font-variant-numeric:tabular-nums}
table.heat td.cell.zero{color:#aaa;cursor:default}
table.heat td.cell.sel{outline:3px solid #d62728;outline-offset:-3px}
table.heat tr.failed td{background:#f4f4f4;color:#888}
table.heat tfoot td{font-weight:600;background:#fafafa}
.legend{font-size:.8rem;color:#555;margin:8px 0 20px}
#evidence{border-top:2px solid #333;margin-top:16px;padding-top:8px;max-width:980px}
#evidence h2{font-size:1.1rem} .ev{border-left:4px solid #3b6fb6;padding:6px 10px;margin:10px 0;background:#f7f9fc}
.ev .where{font-size:.8rem;color:#444} .ev .terms{font-size:.8rem;color:#7a3b00} .ev p{margin:6px 0 0}
</style></head><body>
<h1>Abdeckung der zehn kommunalen Selbstverpflichtungen (NIP 2007)</h1>
<div class="meta">$meta</div>
<table class="heat" id="heatmap"><thead><tr><th class="doc">Dokument</th><th>Typ</th>$headers</tr></thead>
<tbody>$rows</tbody><tfoot>$totals</tfoot></table>
<div class="legend">Zahl = Passagen, die der Selbstverpflichtung zugeordnet wurden; Farbe = Anteil an allen
Passagen des Dokuments. Grau: Dokument nicht auswertbar (Grund im Tooltip). Klick auf eine Zelle zeigt die Belege.</div>
<div id="evidence"><h2>Belege</h2><p id="evidence-hint">Zelle anklicken.</p><div id="evidence-list"></div></div>
<script type="application/json" id="data">$data</script>
<script>
(function(){
  var data = JSON.parse(document.getElementById('data').textContent);
  var list = document.getElementById('evidence-list');
  function esc(s){var d=document.createElement('div');d.textContent=s==null?'':String(s);return d.innerHTML;}
  function select(td){
    if (!td || td.classList.contains('zero')) return;
    document.querySelectorAll('td.cell.sel').forEach(function(x){x.classList.remove('sel');});
    td.classList.add('sel');
    var doc = td.dataset.doc, k = td.dataset.k;
    var rows = (data.evidence[doc] || {})[k] || [];
    document.getElementById('evidence-hint').textContent = doc + ' \u2013 ' + k + ' ' + (data.labels[k] || '');
    list.innerHTML = rows.map(function(r){
      return '<div class="ev"><div class="where">#' + r.rank + ' \u00b7 Seite ' + r.page + ' \u00b7 ' + esc(r.section) +
        ' \u00b7 Score ' + r.score.toFixed(2) + '</div>' +
        (r.terms ? '<div class="terms">ausschlaggebend: ' + esc(r.terms) + '</div>' : '') +
        '<p>' + esc(r.text) + '</p></div>';
    }).join('');
    // a link to this cell: report.html#cell=<document>|<K>
    history.replaceState(null, '', '#cell=' + encodeURIComponent(doc + '|' + k));
  }
  var cells = Array.prototype.slice.call(document.querySelectorAll('td.cell'));
  cells.forEach(function(td){ td.addEventListener('click', function(){ select(td); }); });
  if (location.hash.indexOf('#cell=') === 0) {
    var want = decodeURIComponent(location.hash.slice(6));
    select(cells.filter(function(td){ return td.dataset.doc + '|' + td.dataset.k === want; })[0]);
  }
})();
</script></body></html>
""")


def _color(share: float) -> str:
    # white → blue; the share of passages is small even for a well-covered commitment,
    # so the scale saturates at 25 %.
    t = max(0.0, min(1.0, share / 0.25))
    r, g, b = (int(255 - t * (255 - c)) for c in (33, 102, 172))
    return f"#{r:02x}{g:02x}{b:02x}"


def render_report(documents: pd.DataFrame, coverage: pd.DataFrame, share: pd.DataFrame, evidence: pd.DataFrame,
                  meta: str = "") -> str:
    """The page, with the evidence of a frame (``results.EVIDENCE_COLUMNS``)."""
    groups: dict[str, list[tuple]] = {}
    for r in evidence.itertuples():  # rows in EVIDENCE_COLUMNS order, as report_chunks reads them
        groups.setdefault(r.document, []).append(
            (r.document, r.commitment, r.rank, r.passage, r.page, r.section, r.score, r.terms, r.text))
    return "".join(report_chunks(documents, coverage, share, groups.items(), meta))


def report_chunks(documents: pd.DataFrame, coverage: pd.DataFrame, share: pd.DataFrame,
                  evidence: Iterable[tuple[str, list]], meta: str = "") -> Iterator[str]:
    """The page in pieces, the evidence one document at a time: ``evidence`` gives each
    document's rows (sequences in ``EVIDENCE_COLUMNS`` order), so that a run writes the
    page while reading the evidence back from its cache, never all of it in memory."""
    labels = {c.id: c.label_de for c in load_commitments()}
    ks = list(labels)
    headers = "".join(f'<th title="{html.escape(labels[k])}">{k}</th>' for k in ks)
    # one row of values per document (pandas' .loc per cell took seconds for 2,000 documents)
    cov = dict(zip(coverage["document"], coverage[ks].itertuples(index=False, name=None)))
    shr = dict(zip(share["document"], share[ks].itertuples(index=False, name=None)))
    rows = []
    for d in documents.itertuples():
        name = html.escape(d.document)
        if d.status == "failed":
            cells = "".join('<td class="cell zero">–</td>' for _ in ks)
            rows.append(f'<tr class="failed" title="{html.escape(str(d.reason))}"><td class="doc">{name}</td>'
                        f"<td>{html.escape(str(d.doc_type or ''))}</td>{cells}</tr>")
            continue
        cells = []
        for n, s, k in zip(cov[d.document], shr[d.document], ks):
            n = 0 if pd.isna(n) else int(n)
            s = 0.0 if pd.isna(s) else float(s)
            cls = "cell zero" if n == 0 else "cell"
            style = "" if n == 0 else f' style="background:{_color(s)};color:{"#fff" if s > 0.14 else "#111"}"'
            cells.append(f'<td class="{cls}" data-doc="{name}" data-k="{k}"{style} '
                         f'title="{k}: {n} Passagen ({s:.0%})">{n}</td>')
        rows.append(f'<tr><td class="doc" title="{name}">{name}</td><td>{html.escape(str(d.doc_type or ""))}</td>'
                    f'{"".join(cells)}</tr>')
    c = coverage.set_index("document")
    ok = c.loc[c.index.isin(documents.loc[documents.status != "failed", "document"]), ks].fillna(0)
    totals = ("<tr><td class='doc'>Dokumente mit Beleg / Passagen</td><td></td>"
              + "".join(f"<td>{int((ok[k] > 0).sum())} / {int(ok[k].sum())}</td>" for k in ks) + "</tr>")
    page = _PAGE.substitute(meta=html.escape(meta), headers=headers, rows="\n".join(rows), totals=totals,
                            data=_DATA_MARK)
    head, _, tail = page.rpartition(_DATA_MARK)  # the last: the template's own, after every name
    yield head
    yield '{"labels": ' + _script_json(labels) + ', "evidence": {'
    sep = ""
    for doc, doc_rows in evidence:
        by_k: dict[str, list] = {}
        for r in doc_rows:
            by_k.setdefault(r[1], []).append({"rank": int(r[2]), "page": int(r[4]), "section": r[5],
                                              "score": float(r[6]), "terms": r[7], "text": r[8]})
        if by_k:
            yield f"{sep}{_script_json(doc)}: {_script_json(by_k)}"
            sep = ", "
    yield "}}"
    yield tail


_DATA_MARK = "\x00data\x00"  # where the evidence goes


def _script_json(value) -> str:
    # No "<" at all inside the data block: "</script>" would end it and "<!--" turns the
    # HTML parser's script-data escape state on, which swallows the rest of the page.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
