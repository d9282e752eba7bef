import type { ResultRow } from './columns.js';
import { probeKey } from './probes.js';
import { type XmlElement, xmlDocument, xmlElement } from './xml.js';

/**
 * JUnit XML for CI systems: one testsuite per strategy × model × budget, one testcase per probe
 * (`scenario/probe`). A wrong answer is a <failure> carrying question, expected and answer; a
 * probe that errored is an <error>. With --price-as a probe has one row per priced model; it is
 * listed once, since pricing does not change whether it passed.
 *
 * `knownFailing` (probe keys, see probes.ts) are the probes that already failed in the baseline:
 * a wrong answer to one is <skipped>, not a <failure>, so CI's test view shows what this change
 * broke rather than every probe the suite has never passed. Errors stay errors.
 */
export function junitXml(
  rows: readonly ResultRow[],
  name = 'memeval',
  knownFailing: ReadonlySet<string> = new Set(),
): string {
  const suites = new Map<string, ResultRow[]>();
  const seen = new Set<string>();
  for (const r of rows) {
    const suite = `${r.strategy} · ${r.model} · budget ${r.budget_tokens}`;
    const probeKey = JSON.stringify([suite, r.scenario_id, r.probe_id]);
    if (seen.has(probeKey)) continue;
    seen.add(probeKey);
    let list = suites.get(suite);
    if (!list) suites.set(suite, (list = []));
    list.push(r);
  }
  const wrong = (r: ResultRow) => r.error === null && r.correct !== true;
  const known = (r: ResultRow) => wrong(r) && knownFailing.has(probeKey(r));
  const count = (rs: ResultRow[]) => ({
    tests: rs.length,
    failures: rs.filter((r) => wrong(r) && !known(r)).length,
    errors: rs.filter((r) => r.error !== null).length,
    skipped: rs.filter(known).length,
  });
  const seconds = (r: ResultRow) => (typeof r.total_ms === 'number' ? (r.total_ms / 1000).toFixed(6) : '0');
  const outcome = (r: ResultRow): XmlElement[] => {
    const answer = r.answer ?? '(none)';
    const detail = `kind: ${r.kind}\nquestion: ${r.question ?? ''}\nexpected: ${r.expected ?? ''}\nanswer: ${answer}\njudge: ${r.judge}\nmodel: ${r.model} (${r.model_provider})`;
    if (r.error !== null) return [xmlElement('error', { message: String(r.error) }, detail)];
    if (known(r)) return [xmlElement('skipped', { message: `already failing in the baseline; answered ${answer}` })];
    if (r.correct !== true)
      return [xmlElement('failure', { message: `expected ${r.expected ?? ''}; answered ${answer}` }, detail)];
    return [];
  };
  const testsuites = [...suites].map(([suite, rs]) =>
    xmlElement(
      'testsuite',
      { name: suite, ...count(rs) },
      rs.map((r) =>
        xmlElement(
          'testcase',
          { classname: suite, name: `${r.scenario_id}/${r.probe_id}`, time: seconds(r) },
          outcome(r),
        ),
      ),
    ),
  );
  return xmlDocument(xmlElement('testsuites', { name, ...count([...suites.values()].flat()) }, testsuites));
}
