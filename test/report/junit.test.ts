import { describe, expect, it } from 'vitest';
import type { ResultRow } from '../../src/report/columns.js';
import { junitXml } from '../../src/report/junit.js';
import { probeKey } from '../../src/report/probes.js';

const row = (over: Partial<ResultRow>): ResultRow =>
  ({
    strategy: 'recency',
    model: 'offline',
    model_provider: 'offline',
    budget_tokens: 4000,
    scenario_id: 's',
    probe_id: 'p',
    kind: 'fact',
    question: 'q?',
    expected: '40',
    answer: '40',
    judge: 'contains',
    correct: true,
    error: null,
    total_ms: 1.5,
    ...over,
  }) as ResultRow;

describe('junitXml', () => {
  const rows = [
    row({ probe_id: 'ok' }),
    row({ probe_id: 'wrong', correct: false, answer: '<b>"41"</b> & \u0000' }),
    row({ probe_id: 'err', correct: null, answer: null, error: 'model call failed: 529' }),
    row({ probe_id: 'known', correct: false, answer: 'no idea' }),
  ];
  const xml = junitXml(rows, 'memeval r1', new Set([probeKey(rows[3])]));

  it('counts each outcome once, at both levels', () => {
    expect(xml).toContain('<testsuites name="memeval r1" tests="4" failures="1" errors="1" skipped="1">');
    expect(xml).toContain(
      '<testsuite name="recency · offline · budget 4000" tests="4" failures="1" errors="1" skipped="1">',
    );
  });

  it('escapes every attribute and text, and replaces characters XML 1.0 forbids', () => {
    expect(xml).toContain(
      '<failure message="expected 40; answered &lt;b&gt;&quot;41&quot;&lt;/b&gt; &amp; \uFFFD">kind: fact\nquestion: q?',
    );
    expect(xml).not.toContain('\u0000');
    expect(xml).toContain('<error message="model call failed: 529">');
    expect(xml).toContain('<skipped message="already failing in the baseline; answered no idea"/>');
    expect(xml).toContain('<testcase classname="recency · offline · budget 4000" name="s/ok" time="0.001500"/>');
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
  });
});
