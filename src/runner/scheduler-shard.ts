import { MemevalError } from '../errors.js';
import type { Shard } from './shard.js';

/** Which scheduler a shard's index and count were read from (`shard.from` in run.json). */
export const SHARD_SOURCES = ['memeval', 'kubernetes', 'slurm', 'gitlab', 'circleci', 'buildkite'] as const;
export type ShardSource = (typeof SHARD_SOURCES)[number];

/** A shard read from the environment, with the variables it was read from (recorded in run.json). */
export interface DetectedShard extends Shard {
  from: ShardSource;
  variables: Record<string, string>;
}

type Env = Record<string, string | undefined>;

/** The count every pair below falls back to when its scheduler does not export one (Kubernetes). */
export const SHARD_COUNT_VAR = 'MEMEVAL_SHARD_COUNT';

/**
 * Index/count pairs, first match wins. The memeval pair comes first so a CI matrix can always say
 * exactly what it means (GitHub Actions exports no matrix position: `strategy.job-index` and
 * `strategy.job-total` are passed in as MEMEVAL_SHARD_INDEX/COUNT). Indexes are 0-based here,
 * as every scheduler numbers them; `--shard k/n` is 1-based, so k = index + 1.
 */
const PAIRS: readonly { from: ShardSource; index: string; count: string; base: 0 | 1 }[] = [
  { from: 'memeval', index: 'MEMEVAL_SHARD_INDEX', count: SHARD_COUNT_VAR, base: 0 },
  // An Indexed Job exports its index but not `completions`; the manifest passes the count in.
  { from: 'kubernetes', index: 'JOB_COMPLETION_INDEX', count: SHARD_COUNT_VAR, base: 0 },
  { from: 'gitlab', index: 'CI_NODE_INDEX', count: 'CI_NODE_TOTAL', base: 1 },
  { from: 'circleci', index: 'CIRCLE_NODE_INDEX', count: 'CIRCLE_NODE_TOTAL', base: 0 },
  { from: 'buildkite', index: 'BUILDKITE_PARALLEL_JOB', count: 'BUILDKITE_PARALLEL_JOB_COUNT', base: 0 },
];

/** The variables whose presence means "a scheduler started this process as one of a fleet". */
export const SHARD_INDEX_VARS: readonly string[] = [...PAIRS.map((p) => p.index), 'SLURM_ARRAY_TASK_ID'];

/** Every variable detection reads, so tests (and a child's clean environment) can clear them all. */
export const SCHEDULER_SHARD_VARS: readonly string[] = [
  ...new Set([
    ...PAIRS.flatMap((p) => [p.index, p.count]),
    'SLURM_ARRAY_TASK_ID',
    'SLURM_ARRAY_TASK_COUNT',
    'SLURM_ARRAY_TASK_MIN',
    'SLURM_ARRAY_TASK_MAX',
    'SLURM_ARRAY_TASK_STEP',
  ]),
];

const set = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

function wholeNumber(env: Env, name: string, min: number): number {
  const text = set(env, name);
  const n = text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min)
    throw new MemevalError(
      'USAGE',
      `${name}: expected a whole number ≥ ${min} for the shard ${name.includes('COUNT') || name.includes('TOTAL') ? 'count' : 'index'}; got ${text === undefined ? 'nothing (unset)' : JSON.stringify(text)}`,
    );
  return n;
}

function checked(shard: DetectedShard): DetectedShard {
  if (shard.k > shard.n) {
    const vars = Object.entries(shard.variables)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    throw new MemevalError(
      'USAGE',
      `${vars}: shard ${shard.k} of ${shard.n} is past the count; the ${shard.from} index and count disagree`,
    );
  }
  return shard;
}

/**
 * A SLURM array's task as a shard. SLURM numbers tasks by the `--array` range, not from 0, so
 * k is the task's rank in min..max by the step. A list with gaps (`--array=1,4,9`) has no rank
 * SLURM tells a task, and is refused rather than guessed at.
 */
function slurmShard(env: Env): DetectedShard {
  const id = wholeNumber(env, 'SLURM_ARRAY_TASK_ID', 0);
  const min = wholeNumber(env, 'SLURM_ARRAY_TASK_MIN', 0);
  const max = wholeNumber(env, 'SLURM_ARRAY_TASK_MAX', min);
  const count = wholeNumber(env, 'SLURM_ARRAY_TASK_COUNT', 1);
  const step = set(env, 'SLURM_ARRAY_TASK_STEP') === undefined ? 1 : wholeNumber(env, 'SLURM_ARRAY_TASK_STEP', 1);
  const variables: Record<string, string> = {
    SLURM_ARRAY_TASK_ID: String(id),
    SLURM_ARRAY_TASK_MIN: String(min),
    SLURM_ARRAY_TASK_MAX: String(max),
    SLURM_ARRAY_TASK_COUNT: String(count),
  };
  if (set(env, 'SLURM_ARRAY_TASK_STEP') !== undefined) variables.SLURM_ARRAY_TASK_STEP = String(step);
  if ((max - min) % step !== 0 || (max - min) / step + 1 !== count || (id - min) % step !== 0 || id < min)
    throw new MemevalError(
      'USAGE',
      `SLURM_ARRAY_TASK_ID=${id} (min ${min}, max ${max}, step ${step}, count ${count}): the array is not one evenly stepped range, so a task's shard is unknown; submit with --array=0-${count - 1} or pass --shard k/n`,
    );
  return checked({ k: (id - min) / step + 1, n: count, from: 'slurm', variables });
}

/**
 * The shard this process is, read from the scheduler that started it, or null when none is
 * detected. Invalid or half-set variables (an index without a count) are errors naming the
 * variable: running the whole matrix on every machine of a fleet is the mistake to prevent.
 */
export function shardFromEnvironment(env: Env): DetectedShard | null {
  for (const p of PAIRS) {
    if (set(env, p.index) === undefined) continue;
    const index = wholeNumber(env, p.index, p.base);
    if (set(env, p.count) === undefined)
      throw new MemevalError(
        'USAGE',
        `${p.index} is set (${p.from}) but ${p.count} is not: set ${p.count} to the number of shards${p.from === 'kubernetes' ? " (the Job's completions)" : ''}, or pass --shard k/n`,
      );
    const n = wholeNumber(env, p.count, 1);
    return checked({
      k: index - p.base + 1,
      n,
      from: p.from,
      variables: { [p.index]: String(index), [p.count]: String(n) },
    });
  }
  if (set(env, 'SLURM_ARRAY_TASK_ID') !== undefined) return slurmShard(env);
  return null;
}
