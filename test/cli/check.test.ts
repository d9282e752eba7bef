import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/report/csv-parse.js';
import { manifest, resultRow, summaryRow, writeRun, writeSummary } from '../helpers/run-fixture.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const BIN = join(import.meta.dirname, '../../bin/memeval.js');

function memeval(args: string[], env: NodeJS.ProcessEnv = {}) {
  const clean = { ...process.env, GITHUB_STEP_SUMMARY: '' };
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...clean, ...env } });
}

const cells = () => [
  summaryRow({ probes: 2, accuracy: 0.5, evidence_recall: 0.5 }),
  summaryRow({ strategy: 'semantic', embedder: 'hash-384-v1', probes: 2, accuracy: 0.5, evidence_recall: 0.5 }),
];
const results = () => [
  resultRow(),
  resultRow({
    probe_id: 'p2',
    question: 'Where is <the> "car" & co?',
    expected: '118',
    answer: "I don't know.",
    correct: false,
    score: 0,
    evidence_hit: false,
    evidence_recall: 0,
  }),
  resultRow({ strategy: 'semantic', embedder: 'hash-384-v1' }),
  resultRow({
    strategy: 'semantic',
    embedder: 'hash-384-v1',
    probe_id: 'p2',
    answer: null,
    correct: false,
    score: 0,
    error: 'model exploded <boom>',
  }),
];

/** Minimal structural XML check: every tag closes in order, attributes are quoted, text has no raw `<` or bare `&`. */
function assertWellFormedXml(xml: string): { tag: string; attrs: Record<string, string> }[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const elements: { tag: string; attrs: Record<string, string> }[] = [];
  const re = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(body))) {
    consumed = re.lastIndex;
    if (m[5] !== undefined) {
      expect(m[5]).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
      continue;
    }
    const [, close, tag, attrText, selfClose] = m;
    if (close) expect(stack.pop()).toBe(tag);
    else {
      const attrs = Object.fromEntries([...attrText.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
      for (const v of Object.values(attrs)) expect(v).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
      elements.push({ tag, attrs });
      if (!selfClose) stack.push(tag);
    }
  }
  expect(consumed).toBe(body.length);
  expect(stack).toEqual([]);
  return elements;
}

describe('memeval check', () => {
  it('identical runs pass (exit 0); step summary and JUnit are written and well-formed', () => {
    const dir = tempDir();
    const run = writeRun(join(dir, 'reports', 'run-a'), { results: results(), summary: cells() });
    const baseline = writeSummary(join(dir, 'baseline.csv'), cells());
    const stepSummary = join(dir, 'step-summary.md');
    writeFileSync(stepSummary, '# earlier step\n');
    const junit = join(dir, 'out', 'junit.xml');
    const r = memeval(['check', '--baseline', baseline, '--current', run, '--junit', junit], {
      GITHUB_STEP_SUMMARY: stepSummary,
    });
    expect(r.stderr).not.toMatch(/memeval:/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('PASS: 2 cell(s) within limits');
    expect(r.stdout).toContain('model offline: offline reader proxy');

    const md = readFileSync(stepSummary, 'utf8');
    expect(md.startsWith('# earlier step\n')).toBe(true);
    expect(md).toContain('## memeval check: ✅ pass');
    expect(md).toContain('| semantic · offline · budget 4000 | ok |');

    const xml = readFileSync(junit, 'utf8');
    const elements = assertWellFormedXml(xml);
    expect(elements.filter((e) => e.tag === 'testsuite').map((e) => e.attrs.name)).toEqual([
      'recency · offline · budget 4000',
      'semantic · offline · budget 4000',
    ]);
    expect(elements.filter((e) => e.tag === 'testcase')).toHaveLength(4);
    expect(elements[0].attrs).toMatchObject({ tests: '4', failures: '1', errors: '1' });
    expect(xml).toContain('question: Where is &lt;the&gt; &quot;car&quot; &amp; co?');
    expect(xml).toMatch(/<failure message="expected 118; answered I don&#39;t know\.">/);
    expect(xml).toContain('<error message="model exploded &lt;boom&gt;">');
  });

  it('a baseline with higher recall or lower cost fails with exit 1 and a table naming the cells', () => {
    const dir = tempDir();
    const priced = (cost: number, recall: number) => [
      summaryRow({ probes: 2, priced_as: 'claude-haiku-4-5', cost_per_exchange_usd: cost, evidence_recall: recall }),
      summaryRow({
        strategy: 'semantic',
        embedder: 'hash-384-v1',
        probes: 2,
        priced_as: 'claude-haiku-4-5',
        cost_per_exchange_usd: 0.001,
        evidence_recall: 0.5,
      }),
    ];
    const run = writeRun(join(dir, 'run'), { results: results(), summary: priced(0.001, 0.5) });
    const cheaper = writeSummary(join(dir, 'cheaper.csv'), priced(0.0008, 0.5));
    const r = memeval(['check', '--baseline', cheaper, '--current', run]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /recency · offline · budget 4000 · priced as claude-haiku-4-5\s+REGRESSED.*cost per exchange rose 25\.0%/,
    );
    expect(r.stdout).toMatch(/semantic · offline · budget 4000 · priced as claude-haiku-4-5\s+ok/);
    expect(r.stderr).toContain('check failed against');
    expect(r.stderr).toContain('failing cell(s): recency · offline · budget 4000 · priced as claude-haiku-4-5');

    const better = writeSummary(join(dir, 'better.csv'), priced(0.001, 0.9));
    const r2 = memeval(['check', '--baseline', better, '--current', run, '--max-recall-drop', '0.5']);
    expect(r2.status).toBe(0);
    const r3 = memeval(['check', '--baseline', better, '--current', run]);
    expect(r3.status).toBe(1);
    expect(r3.stdout).toMatch(/evidence recall dropped 40\.0 pts/);
  });

  it('missing cells and empty results fail closed; bad input exits 2', () => {
    const dir = tempDir();
    const run = writeRun(join(dir, 'run'), { results: results(), summary: [cells()[0]] });
    const r = memeval(['check', '--baseline', writeSummary(join(dir, 'b.csv'), cells()), '--current', run]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/semantic · offline · budget 4000\s+MISSING \(current\)/);

    const empty = writeRun(join(dir, 'empty'), { results: [], summary: [] });
    const e = memeval(['check', '--baseline', join(dir, 'b.csv'), '--current', empty]);
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/the current run has no cells; the current run has no result rows/);

    const bad = memeval(['check', '--baseline', join(dir, 'nope.csv'), '--current', run]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('nope.csv: no such file');
    const badLimit = memeval([
      'check',
      '--baseline',
      join(dir, 'b.csv'),
      '--current',
      run,
      '--max-cost-increase',
      '-1',
    ]);
    expect(badLimit.status).toBe(2);
    expect(badLimit.stderr).toContain('--max-cost-increase: must be a number ≥ 0');
  });

  it("bless writes the newest run's summary as the baseline; check then defaults --current to the newest run", () => {
    const dir = tempDir();
    const reports = join(dir, 'reports');
    writeRun(join(reports, 'run-old'), {
      results: results(),
      summary: [summaryRow({ accuracy: 0.1 })],
      manifest: manifest({ createdAt: '2026-01-01T00:00:00.000Z' }),
    });
    const newest = writeRun(join(reports, 'run-new'), {
      results: results(),
      summary: cells(),
      manifest: manifest({ createdAt: '2026-06-01T00:00:00.000Z' }),
    });
    const to = join(reports, 'baseline', 'summary.csv');
    const b = memeval(['baseline', 'bless', '--reports', reports, '--to', to]);
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    expect(b.stdout).toContain('run-new');
    expect(readFileSync(to, 'utf8')).toBe(readFileSync(join(newest, 'summary.csv'), 'utf8'));
    expect(parseCsv(readFileSync(to, 'utf8'))).toHaveLength(3);

    const c = memeval(['check', '--baseline', to, '--reports', reports]);
    expect(c.status).toBe(0);
    expect(c.stdout).toContain(newest);

    const none = memeval(['baseline', 'bless', '--reports', join(dir, 'nothing'), '--to', join(dir, 'x.csv')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no run folders under/);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });
});
