import { z } from 'zod';

/**
 * The scenario file format (scenarios/*.yaml). Every object is strict so a typo in a key is an
 * error, not a silently ignored field. Types are derived from these schemas; the rest of the code
 * trusts them.
 */

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'ids use letters, digits, ".", "_", ":" and "-"');
const Text = z.string().refine((s) => s.trim().length > 0, 'must not be empty');
/** `3w`, `2d`, `5h`, `30m`, `10s`, or combinations such as `1w2d`. */
export const Gap = z.string().regex(/^(\d+[wdhms])+$/, 'a gap like 3w, 2d, 5h, 30m, 10s or 1w2d');
/** ISO 8601 date or date-time, read as UTC when no offset is given. */
export const Instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO date such as 2024-03-05 or 2024-03-05T09:30:00Z');

export const Turn = z
  .object({
    /** Id for evidence; must be unique within the scenario. */
    id: Id.optional(),
    user: Text,
    /** Scripted reply; when omitted the turn is stored without one. */
    assistant: Text.optional(),
    /** Evidence id of the assistant reply, for facts the assistant stated. */
    assistant_id: Id.optional(),
  })
  .strict();

/** When a session or probe happens: an absolute time or a gap after the previous event. */
const When = { at: Instant.optional(), after: Gap.optional() };

export const SessionStep = z
  .object({
    session: z
      .object({ id: Id, user: Id, ...When, turns: z.array(Turn).min(1) })
      .strict(),
  })
  .strict();

export const Expect = z
  .object({
    /** Correct if the answer contains any of these (after normalisation). */
    any: z.array(z.union([Text, z.number().transform(String)])).min(1).optional(),
    /** Correct if the answer matches this regular expression (case-insensitive). */
    regex: z.string().min(1).optional(),
    /** The right answer is to say it is not known. */
    abstain: z.literal(true).optional(),
  })
  .strict()
  .refine((e) => [e.any, e.regex, e.abstain].filter((x) => x !== undefined).length === 1, 'give exactly one of any, regex, abstain');

export const PROBE_KINDS = ['recall', 'update', 'temporal', 'abstain', 'isolation', 'preference', 'assistant', 'multi-hop', 'profile', 'degradation'] as const;
export const JUDGES = ['contains', 'regex', 'f1', 'abstain'] as const;

export const ProbeStep = z
  .object({
    probe: z
      .object({
        id: Id,
        user: Id,
        /** Session the question is asked in; defaults to a new session `probe-<id>`. */
        session: Id.optional(),
        ...When,
        question: Text,
        expect: Expect,
        /** Turn ids whose stored messages should reach the context. */
        evidence: z.array(Id).default([]),
        kind: z.enum(PROBE_KINDS).default('recall'),
        /** Strings that must appear in neither the context nor the answer. */
        forbidden: z.array(Text).default([]),
        /** Overrides the judge implied by `expect`. */
        judge: z.enum(JUDGES).optional(),
        /** Probes do not write to memory unless this is true. */
        persist: z.boolean().default(false),
      })
      .strict(),
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
      .strict(),
  })
  .strict();

export const RestartStep = z.object({ restart: z.literal(true) }).strict();

export const FaultStep = z
  .object({
    fault: z
      .object({
        /** fail-next-save: the next save throws; store-unavailable: the store cannot be opened for `turns` turns. */
        kind: z.enum(['fail-next-save', 'store-unavailable']),
        turns: z.number().int().positive().default(1),
      })
      .strict(),
  })
  .strict();

export const ProfileStep = z.object({ profile: z.object({ user: Id, key: Text, value: Text }).strict() }).strict();

export const Step = z.union([SessionStep, ProbeStep, FillerStep, RestartStep, FaultStep, ProfileStep]);

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
      .object({ passes: z.array(z.string().min(1)).default([]), fails: z.array(z.string().min(1)).default([]) })
      .strict()
      .optional(),
    /** Budgets this scenario is meant for, when it depends on one (e.g. overflow tests). */
    budgets: z.array(z.number().int().positive()).optional(),
    steps: z.array(Step).min(1),
  })
  .strict();

export type Scenario = z.output<typeof Scenario>;
export type Step = z.output<typeof Step>;
export type Turn = z.output<typeof Turn>;
export type ProbeSpec = z.output<typeof ProbeStep>['probe'];
export type ProbeKind = (typeof PROBE_KINDS)[number];
export type JudgeName = (typeof JUDGES)[number];
export type SessionStep = z.output<typeof SessionStep>;
export type ProbeStep = z.output<typeof ProbeStep>;
export type FillerStep = z.output<typeof FillerStep>;
export type RestartStep = z.output<typeof RestartStep>;
export type FaultStep = z.output<typeof FaultStep>;
export type ProfileStep = z.output<typeof ProfileStep>;
/** The `filler:` body of a filler step. */
export type FillerSpec = FillerStep['filler'];
