import { MemevalError } from '../errors.js';
import type { JudgeName } from '../scenario/schema.js';
import { abstainJudge } from './abstain.js';
import { CLAUDE_JUDGE_PROVIDER } from './claude.js';
import { containsJudge } from './contains.js';
import { f1Judge } from './f1.js';
import { regexJudge } from './regex.js';
import type { Expectation, Judge, JudgeProvider } from './types.js';

/** Built-in judges by name; adding one is one file in this folder plus one line here. */
export const JUDGES = {
  contains: containsJudge,
  regex: regexJudge,
  f1: f1Judge,
  abstain: abstainJudge,
} satisfies Record<JudgeName, Judge>;

/**
 * Judges named `<prefix>:<model id>` that call a model, e.g. `claude:claude-haiku-4-5`; a
 * provider is one file in this folder plus one line here (see JudgeProvider).
 */
export const JUDGE_PROVIDERS: readonly JudgeProvider[] = [CLAUDE_JUDGE_PROVIDER];

/** The provider of a `<prefix>:<model id>` judge name, or undefined for a rule-based judge's name. */
export function judgeProviderFor(name: string): JudgeProvider | undefined {
  return JUDGE_PROVIDERS.find((p) => name.startsWith(`${p.prefix}:`));
}

/** `--judge auto` (the default): each probe is judged by the judge its expectation implies. */
export const AUTO_JUDGE = 'auto';

/**
 * Resolves a rule-based judge's name from the CLI or a scenario. A provider's judge needs the
 * run's models, so the run builds it (judgeProviderFor). @throws MemevalError UNKNOWN_NAME
 */
export function resolveJudge(name: string): Judge {
  const builtin = (JUDGES as Record<string, Judge>)[name];
  if (builtin) return builtin;
  const known = [AUTO_JUDGE, ...Object.keys(JUDGES), ...JUDGE_PROVIDERS.map((p) => `${p.prefix}:<model>`)];
  throw new MemevalError('UNKNOWN_NAME', `unknown judge "${name}"; known: ${known.join(', ')}`);
}

/** The judge an expectation implies when nobody chose one. */
export function impliedJudge(expect: Expectation): Judge {
  if (expect.abstain) return JUDGES.abstain;
  if (expect.regex !== undefined) return JUDGES.regex;
  return JUDGES.contains;
}

/**
 * Who judges a probe: the run's judge when it can judge this expectation (an abstention is never
 * judged by f1, for instance), else the probe's own `judge`, else the implied one.
 */
export function judgeForProbe(expect: Expectation, probeJudge: Judge | undefined, runJudge: Judge | undefined): Judge {
  if (runJudge?.accepts(expect)) return runJudge;
  return probeJudge ?? impliedJudge(expect);
}
