import { z } from 'zod';
import { parseInstantMs } from './time.js';

/**
 * The scenario file format (scenarios/*.yaml). Every object is strict so a typo in a key is an
 * error, not a silently ignored field. Types are derived from these schemas; the rest of the code
 * trusts them.
 */

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'ids use letters, digits, ".", "_", ":" and "-"');
const Text = z.string().refine((s) => s.trim().length > 0, 'must not be empty');
/**
 * Longest message a scenario may script (~250k tokens, more than a Claude context window holds).
 * Longer ones are rejected rather than truncated: a test of memory should say what it sends.
 */
export const MAX_MESSAGE_CHARS = 1_000_000;
const Message = z
  .string()
  .max(MAX_MESSAGE_CHARS, `a message may have at most ${MAX_MESSAGE_CHARS} characters`)
  .refine((s) => s.trim().length > 0, 'must not be empty');
/** `3w`, `2d`, `5h`, `30m`, `10s`, or combinations such as `1w2d`. */
export const Gap = z
  .string()
  .regex(/^(\d+[wdhms])+$/, 'expected a gap like 3w, 2d, 5h, 30m, 10s or 1w2d')
  .describe('time after the previous event: 3w, 2d, 5h, 30m, 10s or combinations like 1w2d');
/** ISO 8601 date or date-time, read as UTC when no offset is given. */
export const Instant = z
  .string()
  .refine((s) => isInstant(s), 'expected an ISO date such as 2024-03-05 or 2024-03-05T09:30:00Z')
  .describe('ISO 8601 date or date-time; UTC unless an offset is given');

function isInstant(s: string): boolean {
  try {
    parseInstantMs(s);
    return true;
  } catch {
    return false;
  }
}

/** `name` or `name:key=value,key=value`: a strategy and its options, as `--strategy` takes them. */
export const StrategySpecText = z
  .string()
  .regex(
    /^[A-Za-z0-9_./-]+(:[A-Za-z0-9_-]+=[^,=]+(,[A-Za-z0-9_-]+=[^,=]+)*)?$/,
    'expected a strategy spec like name or name:key=value,key=value',
  )
  .describe('strategy spec: name or name:key=value,key=value');

export const Turn = z
  .object({
    /** Id for evidence; must be unique within the scenario. */
    id: Id.optional().describe('evidence id of the user message; unique within the scenario'),
    /**
     * What the user says. Omitted only for a reply with no user turn before it: a session the
     * assistant opens (LongMemEval has 5 such sessions; LoCoMo sessions opened by speaker_b).
     */
    user: Message.optional().describe('what the user says; omitted only for a reply that opens a session'),
    /** Scripted reply; when omitted the turn is stored without one. */
    assistant: Message.optional().describe('scripted assistant reply; omitted = stored without one'),
    /** Evidence id of the assistant reply, for facts the assistant stated. */
    assistant_id: Id.optional().describe('evidence id of the assistant reply'),
  })
  .strict()
  .refine((t) => t.user !== undefined || t.assistant !== undefined, 'give user, assistant or both');

/** When a session or probe happens: an absolute time or a gap after the previous event. */
const When = { at: Instant.optional(), after: Gap.optional() };
const WHEN_NOTE = 'at most one of at (absolute time) and after (gap after the previous event)';

export const SessionStep = z
  .object({
    session: z
      // No turns is allowed: a session that only holds probes (`probe.session` names it).
      .object({ id: Id, user: Id, ...When, turns: z.array(Turn).default([]) })
      .strict()
      .describe(`a conversation session of one user; ${WHEN_NOTE}`),
  })
  .strict();

export const Expect = z
  .object({
    /** Correct if the answer contains any of these (after normalisation). */
    any: z
      .array(z.union([Text, z.number().transform(String)]))
      .min(1)
      .optional()
      .describe('correct if the answer contains any of these'),
    /** Correct if the answer matches this regular expression (case-insensitive). */
    regex: z.string().min(1).optional().describe('correct if the answer matches (case-insensitive)'),
    /** The right answer is to say it is not known. */
    abstain: z.literal(true).optional().describe('correct if the answer says it does not know'),
  })
  .strict()
  .refine(
    (e) => [e.any, e.regex, e.abstain].filter((x) => x !== undefined).length === 1,
    'give exactly one of any, regex, abstain',
  );

export const PROBE_KINDS = [
  'recall',
  'update',
  'temporal',
  'abstain',
  'isolation',
  'preference',
  'assistant',
  'multi-hop',
  'profile',
  'degradation',
] as const;
/** Names a probe's `judge:` may give; the judges themselves are JUDGES in src/judges/index.ts. */
export const JUDGE_NAMES = ['contains', 'regex', 'f1', 'abstain'] as const;

export const ProbeStep = z
  .object({
    probe: z
      .object({
        id: Id,
        user: Id,
        /** Session the question is asked in; defaults to a new session `probe-<id>`. */
        session: Id.optional(),
        ...When,
        question: Message,
        expect: Expect,
        /** Turn ids whose stored messages should reach the context. */
        evidence: z.array(Id).default([]).describe('turn ids whose stored messages should reach the context'),
        kind: z.enum(PROBE_KINDS).default('recall'),
        /** Strings that must appear in neither the context nor the answer. */
        forbidden: z.array(Text).default([]).describe('strings that must appear in neither the context nor the answer'),
        /** Strings that make the answer wrong: "the old value must not be the answer". */
        forbid_in_answer: z
          .array(Text)
          .default([])
          .describe('an answer containing any of these is wrong (column forbidden_in_answer)'),
        /** Overrides the judge implied by `expect`. */
        judge: z.enum(JUDGE_NAMES).optional(),
        /** Probes do not write to memory unless this is true. */
        persist: z.boolean().default(false).describe('store the question and answer in memory'),
        /** Benchmark category carried to results.csv: LoCoMo's category integer, LongMemEval's question_type. */
        category: z.union([z.number().int(), Id]).optional(),
      })
      .strict()
      .describe(`a question asked through the chatbot and judged; ${WHEN_NOTE}`),
  })
  .strict();

export const FillerStep = z
  .object({
    filler: z
      .object({
        user: Id,
        sessions: z.number().int().positive().max(10_000),
        turns: z.number().int().positive().max(1_000),
        /** Gap between filler sessions. */
        gap: Gap.default('1d'),
        /** Seeds the generator; defaults to the scenario seed. */
        seed: z.number().int().optional(),
        /** Mix in distractor facts (other cities, names, numbers) that resemble real ones. */
        distractors: z.boolean().default(true),
        /** Prefix of generated session ids. */
        session_prefix: Id.default('filler'),
      })
      .strict()
      .describe('generated, seeded small talk: sessions × turns'),
  })
  .strict();

export const RestartStep = z
  .object({ restart: z.literal(true).describe('close and reopen the store, as after a process restart') })
  .strict();

export const FaultStep = z
  .object({
    fault: z
      .object({
        /** fail-next-save: the next save throws; store-unavailable: the store cannot be opened for `turns` turns. */
        kind: z.enum(['fail-next-save', 'store-unavailable']),
        turns: z.number().int().positive().default(1),
      })
      .strict()
      .describe('inject a store fault'),
  })
  .strict();

export const ProfileStep = z
  .object({
    profile: z
      .object({ user: Id, key: Text, value: Text })
      .strict()
      .describe('set a profile fact (reaches the model through the system prefix)'),
  })
  .strict();

export const Step = z.union([SessionStep, ProbeStep, FillerStep, RestartStep, FaultStep, ProfileStep]);

/** Budget for scenarios that do not name their own and runs without `--budget`. */
export const DEFAULT_BUDGET_TOKENS = 4000;

export const Scenario = z
  .object({
    id: Id,
    description: Text,
    tags: z.array(Id).default([]),
    /** Users the scenario involves; every step's user must be listed. */
    users: z.array(Id).min(1),
    /** Clock start. @default 2024-01-01T09:00:00Z */
    start: Instant.default('2024-01-01T09:00:00Z'),
    seed: z.number().int().default(1),
    /** Which strategy specs are designed to pass (all probes correct) and to fail; used by the suite's own tests. */
    expect: z
      .object({ passes: z.array(StrategySpecText).default([]), fails: z.array(StrategySpecText).default([]) })
      .strict()
      .optional(),
    /** Budgets this scenario is meant for, when it depends on one (e.g. overflow tests); else DEFAULT_BUDGET_TOKENS. */
    budgets: z.array(z.number().int().positive()).optional(),
    steps: z.array(Step).min(1),
  })
  .strict();

export type Scenario = z.output<typeof Scenario>;
export type Step = z.output<typeof Step>;
export type Turn = z.output<typeof Turn>;
export type ProbeSpec = z.output<typeof ProbeStep>['probe'];
export type ProbeKind = (typeof PROBE_KINDS)[number];
export type JudgeName = (typeof JUDGE_NAMES)[number];
export type SessionStep = z.output<typeof SessionStep>;
export type ProbeStep = z.output<typeof ProbeStep>;
export type FillerStep = z.output<typeof FillerStep>;
export type RestartStep = z.output<typeof RestartStep>;
export type FaultStep = z.output<typeof FaultStep>;
export type ProfileStep = z.output<typeof ProfileStep>;
/** The `filler:` body of a filler step. */
export type FillerSpec = FillerStep['filler'];
