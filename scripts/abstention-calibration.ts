/**
 * Abstention precision and recall of the offline reader, with the whole history in front of it
 * (no memory strategy in between: this measures the reader's "I don't know." rule, not memory).
 *
 *   npx tsx scripts/abstention-calibration.ts [--longmemeval <file>] [--locomo <file>] [--sweep]
 *
 * Sources: the built-in scenarios (probes with `expect: { abstain: true }`), a LongMemEval file
 * (`_abs` question ids) and LoCoMo (category 5). It compares the default rule with the same
 * reader letting one supported content term be enough (the rule before issue 17); --sweep also
 * tries other thresholds for the one-term case.
 * precision = abstained on a question that should abstain / all abstentions;
 * recall = abstained on a question that should abstain / all questions that should abstain.
 */
import { readDataset } from '../src/datasets/index.js';
import { DONT_KNOW, OfflineModel, type OfflineModelOptions } from '../src/models/offline.js';
import type { ChatMessage } from '../src/models/types.js';
import { generateFillerSessions } from '../src/scenario/filler.js';
import { loadScenarios } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/schema.js';

interface Question {
  history: ChatMessage[];
  system: string | undefined;
  question: string;
  shouldAbstain: boolean;
}

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

/** Every question of a scenario with the history its user had when it was asked. */
function questionsOf(scenario: Scenario, abstains: (probeId: string, expectsAbstain: boolean) => boolean): Question[] {
  const history = new Map<string, ChatMessage[]>();
  const profile = new Map<string, string[]>();
  const of = <T>(m: Map<string, T[]>, user: string) => m.get(user) ?? m.set(user, []).get(user)!;
  const out: Question[] = [];
  for (const step of scenario.steps) {
    if ('session' in step) {
      const h = of(history, step.session.user);
      for (const t of step.session.turns) {
        if (t.user) h.push({ role: 'user', content: t.user });
        if (t.assistant) h.push({ role: 'assistant', content: t.assistant });
      }
    } else if ('filler' in step) {
      const h = of(history, step.filler.user);
      for (const s of generateFillerSessions(step.filler, step.filler.seed ?? scenario.seed))
        for (const t of s.turns) h.push({ role: 'user', content: t.user }, { role: 'assistant', content: t.assistant });
    } else if ('profile' in step) {
      of(profile, step.profile.user).push(`- ${step.profile.key}: ${step.profile.value}`);
    } else if ('probe' in step) {
      const p = step.probe;
      const facts = profile.get(p.user);
      out.push({
        history: [...of(history, p.user)],
        system: facts ? `Known facts about the user:\n${facts.join('\n')}` : undefined,
        question: p.question,
        shouldAbstain: abstains(p.id, p.expect.abstain === true),
      });
    }
  }
  return out;
}

async function datasetQuestions(name: 'longmemeval' | 'locomo', file: string): Promise<Question[]> {
  const out: Question[] = [];
  for await (const item of readDataset(name, file)) {
    const abstention = new Map(item.probes.map((p) => [p.probeId, p.abstention]));
    out.push(...questionsOf(item.scenario, (id) => abstention.get(id) === true));
  }
  return out;
}

function score(questions: Question[], options: OfflineModelOptions) {
  const model = new OfflineModel(options);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const q of questions) {
    const abstained =
      model.answer({ system: q.system, messages: [...q.history, { role: 'user', content: q.question }] }) === DONT_KNOW;
    if (abstained && q.shouldAbstain) tp++;
    else if (abstained) fp++;
    else if (q.shouldAbstain) fn++;
  }
  const precision = tp + fp === 0 ? Number.NaN : tp / (tp + fp);
  const recall = tp + fn === 0 ? Number.NaN : tp / (tp + fn);
  return { questions: questions.length, shouldAbstain: tp + fn, abstained: tp + fp, precision, recall };
}

const sources: [string, Question[]][] = [
  ['built-in suite', loadScenarios([]).flatMap((s) => questionsOf(s.scenario, (_id, abstain) => abstain))],
];
const lme = arg('longmemeval') ?? '/work/shared/datasets/longmemeval/longmemeval_oracle.json';
const locomo = arg('locomo') ?? '/work/shared/datasets/locomo/locomo10.json';
sources.push(['LongMemEval oracle', await datasetQuestions('longmemeval', lme)]);
sources.push(['LoCoMo', await datasetQuestions('locomo', locomo)]);

const rules: [string, OfflineModelOptions][] = [
  ['one supported term is enough (as before)', { minScoreOneTerm: 0 }],
  ['default', {}],
];
if (args.includes('--sweep'))
  for (const minScoreOneTerm of [0.5, 0.6, 0.75, 1.01])
    rules.push([`one supported term needs coverage ≥ ${minScoreOneTerm}`, { minScoreOneTerm }]);

const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`);
console.log('| source | rule | questions | should abstain | abstained | precision | recall |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [source, questions] of sources)
  for (const [rule, options] of rules) {
    const r = score(questions, options);
    console.log(
      `| ${source} | ${rule} | ${r.questions} | ${r.shouldAbstain} | ${r.abstained} | ${pct(r.precision)} | ${pct(r.recall)} |`,
    );
  }
