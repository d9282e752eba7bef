import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultRow, SummaryRow } from './columns.js';
import { escapeMarkup as x } from './escape.js';
import { writeFileAtomic } from './files.js';
import type { RunFiles } from './read.js';
import { interval, pct, usd } from './table.js';

const ASSETS = new URL('./html/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, ASSETS), 'utf8');

/** The result columns the page uses; the rest stay in results.csv. */
const PROBE_FIELDS = [
  'scenario_id',
  'probe_id',
  'kind',
  'strategy',
  'model',
  'budget_tokens',
  'question',
  'expected',
  'answer',
  'correct',
  'evidence_recall',
  'leaked',
  'input_tokens',
  'total_ms',
  'cached',
  'error',
] as const satisfies readonly (keyof ResultRow)[];

/**
 * One row per probe × strategy × model × budget: with --price-as a probe has one row per priced
 * model, which differ only in cost, so the per-probe charts and table keep the first.
 */
export function probeRows(results: readonly ResultRow[]): Pick<ResultRow, (typeof PROBE_FIELDS)[number]>[] {
  const seen = new Set<string>();
  const out: Pick<ResultRow, (typeof PROBE_FIELDS)[number]>[] = [];
  for (const r of results) {
    const key = JSON.stringify([r.scenario_id, r.probe_id, r.strategy, r.model, r.budget_tokens]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(Object.fromEntries(PROBE_FIELDS.map((f) => [f, r[f]])) as Pick<ResultRow, (typeof PROBE_FIELDS)[number]>);
  }
  return out;
}

/** JSON safe inside a <script> element: `<` can never open `</script>` or `<!--`. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Who produced the numbers, from run.json: model (the offline reader labelled as such), embedder, judge, pricing. */
function provenance(run: RunFiles): string {
  const m = run.manifest;
  const embedders = [...new Set(run.summary.map((r) => String(r.embedder)))];
  const judges = [...new Set(run.summary.flatMap((r) => String(r.judge).split('+')))].sort();
  const pricing = (m.pricing as { note?: unknown } | undefined)?.note;
  const items = [
    ...m.models.map((model) =>
      model.provider === 'offline'
        ? `<li class="offline">Model <b>${x(model.id)}</b>: ${x(model.note ?? 'offline reader')} — these numbers are not Claude's.</li>`
        : `<li>Model <b>${x(model.id)}</b>: ${x(model.note ?? model.provider)}</li>`,
    ),
    `<li>Embedder: ${x(m.options.embedder ? `${m.options.embedder.id}${m.options.embedder.kind ? ` (${m.options.embedder.kind})` : ''}` : 'unknown')}; used by cells: ${x(embedders.join(', ') || 'none')}</li>`,
    `<li>Judge: ${x(m.options.judge ?? 'unknown')}${judges.length > 0 ? ` (judges used: ${x(judges.join(', '))})` : ''}</li>`,
    typeof pricing === 'string' ? `<li>Pricing: ${x(pricing)}</li>` : '',
  ];
  return `<ul class="provenance">${items.join('')}</ul>`;
}

/**
 * One row per cell with its rates and their 95% intervals: with 16 probes a point is 6.25
 * percentage points, so a rate without its interval invites reading noise as a difference.
 */
function cellsTable(summary: readonly SummaryRow[], method: unknown): string {
  const head = [
    'strategy',
    'model',
    'budget',
    'probes',
    'accuracy',
    'accuracy 95% CI',
    'evidence recall',
    'evidence 95% CI',
    '$/exchange',
  ];
  const rows = summary.map((r) =>
    [
      String(r.strategy),
      String(r.model),
      String(r.budget_tokens),
      String(r.probes),
      pct(r.accuracy),
      interval(r.accuracy_ci_low, r.accuracy_ci_high),
      pct(r.evidence_recall),
      interval(r.evidence_recall_ci_low, r.evidence_recall_ci_high),
      usd(r.cost_per_exchange_usd),
    ]
      .map((v) => `<td>${x(v)}</td>`)
      .join(''),
  );
  const how = typeof method === 'string' ? `<p class="note">Intervals: ${x(method)}, over each cell's probes.</p>` : '';
  return `<table id="cells"><thead><tr>${head.map((h) => `<th>${x(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r}</tr>`).join('')}</tbody></table>${how}`;
}

/**
 * report.html for a run: one self-contained file (inline CSS, script and SVG; nothing is fetched
 * when it is opened) with recall versus cost per exchange, accuracy and evidence recall by probe
 * kind, the latency distribution and a filterable per-probe table.
 */
export function renderReportHtml(run: RunFiles): string {
  const m = run.manifest;
  const probes = probeRows(run.results);
  const data = { summary: run.summary, probes };
  const sel = (name: string, label: string) => `<label>${label} <select id="filter-${name}"></select></label>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>memeval ${x(m.runId)}</title>
<style>${read('report.css')}</style>
</head>
<body>
<h1>memeval report · ${x(m.runId)}</h1>
<p class="meta">Created ${x(m.createdAt)} · ${run.summary.length} cell(s) · ${probes.length} probe result(s)</p>
${provenance(run)}
<h2>Cells</h2>
${cellsTable(run.summary, (m.statistics as { interval?: unknown } | undefined)?.interval)}
<h2>Evidence recall versus cost per exchange</h2>
<p class="note" id="scatter-note"></p>
<div class="chart" id="scatter"></div>
<h2>Accuracy and evidence recall by probe kind</h2>
<div class="charts"><div class="chart" id="by-kind-accuracy"></div><div class="chart" id="by-kind-recall"></div></div>
<h2>Latency distribution</h2>
<div class="chart" id="latency"></div>
<h2>Probes</h2>
<div class="filters">${sel('strategy', 'strategy')}${sel('model', 'model')}${sel('kind', 'kind')}${sel('correct', 'verdict')}<span id="probe-count"></span></div>
<table id="probes"><thead><tr><th>probe</th><th>strategy</th><th>model</th><th>budget</th><th>kind</th><th>question</th><th>expected</th><th>answer</th><th>verdict</th><th>evidence</th><th>leak</th><th>input tok</th><th>total ms</th></tr></thead><tbody></tbody></table>
<script type="application/json" id="memeval-data">${scriptJson(data)}</script>
<script>${read('client.js')}</script>
</body>
</html>
`;
}

/** Writes `<run dir>/report.html` (temp file + rename) and returns its path. */
export function writeReportHtml(run: RunFiles): string {
  const file = join(run.dir, 'report.html');
  writeFileAtomic(file, renderReportHtml(run));
  return file;
}
