import { describe, expect, it } from 'vitest';
import { MemevalError } from '../../src/errors.js';
import { shardFromEnvironment } from '../../src/runner/scheduler-shard.js';

function usageError(env: Record<string, string>): string {
  try {
    shardFromEnvironment(env);
  } catch (err) {
    expect(err).toBeInstanceOf(MemevalError);
    expect((err as MemevalError).code).toBe('USAGE');
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('shardFromEnvironment', () => {
  it('is null when no scheduler variable is set', () => {
    expect(shardFromEnvironment({ PATH: '/bin', SLURM_JOB_ID: '7', JOB_COMPLETION_INDEX: '' })).toBeNull();
  });

  it('reads a Kubernetes Indexed Job: 0-based index, the count passed in', () => {
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '2', MEMEVAL_SHARD_COUNT: '3' })).toEqual({
      k: 3,
      n: 3,
      from: 'kubernetes',
      variables: { JOB_COMPLETION_INDEX: '2', MEMEVAL_SHARD_COUNT: '3' },
    });
    expect(usageError({ JOB_COMPLETION_INDEX: '0' })).toMatch(
      /JOB_COMPLETION_INDEX is set \(kubernetes\) but MEMEVAL_SHARD_COUNT is not.*completions/,
    );
    expect(usageError({ JOB_COMPLETION_INDEX: '3', MEMEVAL_SHARD_COUNT: '3' })).toMatch(
      /shard 4 of 3 is past the count/,
    );
  });

  it('reads a SLURM array by rank in its range, step included', () => {
    const slurm = (id: number, min: number, max: number, count: number, step?: number) =>
      shardFromEnvironment({
        SLURM_ARRAY_TASK_ID: String(id),
        SLURM_ARRAY_TASK_MIN: String(min),
        SLURM_ARRAY_TASK_MAX: String(max),
        SLURM_ARRAY_TASK_COUNT: String(count),
        ...(step === undefined ? {} : { SLURM_ARRAY_TASK_STEP: String(step) }),
      });
    expect(slurm(0, 0, 2, 3)).toMatchObject({ k: 1, n: 3, from: 'slurm' });
    expect(slurm(7, 5, 7, 3)).toMatchObject({ k: 3, n: 3 });
    expect(slurm(4, 0, 6, 4, 2)).toMatchObject({ k: 3, n: 4 });
    // --array=1,4,9: three tasks whose ranks SLURM does not tell them.
    expect(() => slurm(4, 1, 9, 3)).toThrow(/not one evenly stepped range.*--array=0-2/);
    expect(usageError({ SLURM_ARRAY_TASK_ID: '1' })).toMatch(/^SLURM_ARRAY_TASK_MIN: expected a whole number/);
  });

  it('reads a CI matrix from MEMEVAL_SHARD_INDEX/COUNT, ahead of any scheduler variable', () => {
    expect(
      shardFromEnvironment({ MEMEVAL_SHARD_INDEX: '1', MEMEVAL_SHARD_COUNT: '4', SLURM_ARRAY_TASK_ID: '9' }),
    ).toMatchObject({ k: 2, n: 4, from: 'memeval' });
    expect(shardFromEnvironment({ CI_NODE_INDEX: '2', CI_NODE_TOTAL: '2' })).toMatchObject({
      k: 2,
      n: 2,
      from: 'gitlab',
    });
    expect(shardFromEnvironment({ CIRCLE_NODE_INDEX: '0', CIRCLE_NODE_TOTAL: '1' })).toMatchObject({ k: 1, n: 1 });
    expect(shardFromEnvironment({ BUILDKITE_PARALLEL_JOB: '4', BUILDKITE_PARALLEL_JOB_COUNT: '5' })).toMatchObject({
      k: 5,
      n: 5,
      from: 'buildkite',
    });
    expect(usageError({ MEMEVAL_SHARD_INDEX: 'one', MEMEVAL_SHARD_COUNT: '2' })).toMatch(
      /^MEMEVAL_SHARD_INDEX: expected a whole number ≥ 0 for the shard index; got "one"/,
    );
    expect(usageError({ CI_NODE_INDEX: '0', CI_NODE_TOTAL: '2' })).toMatch(
      /^CI_NODE_INDEX: expected a whole number ≥ 1/,
    );
  });
});
