import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { SHARD_COUNT_VAR } from '../../src/runner/scheduler-shard.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const read = (file: string) => readFileSync(join(EXAMPLES, file), 'utf8');

describe('scheduler examples', () => {
  it('the Kubernetes Indexed Job passes MEMEVAL_SHARD_COUNT equal to completions, runs --shard auto, then merges', () => {
    const docs = parseAllDocuments(read('kubernetes/indexed-job.yaml')).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS();
    });
    const [shards, merge] = docs.filter((d) => d.kind === 'Job');
    expect(shards.spec.completionMode).toBe('Indexed');
    const container = shards.spec.template.spec.containers[0];
    const count = container.env.find((e: { name: string }) => e.name === SHARD_COUNT_VAR);
    expect(Number(count.value)).toBe(shards.spec.completions);
    expect(container.args.join(' ')).toContain('memeval run --shard auto');
    expect(merge.spec.template.spec.containers[0].args.join(' ')).toMatch(/memeval merge .*&&\s+npx memeval check/);
  });

  it('the GitHub Actions matrix sets MEMEVAL_SHARD_INDEX/COUNT from the job position, uploads, merges, checks', () => {
    const wf = parse(read('github-actions/sharded.yml'));
    expect(wf.jobs.shard.env).toEqual({
      MEMEVAL_SHARD_INDEX: '${{ strategy.job-index }}',
      MEMEVAL_SHARD_COUNT: '${{ strategy.job-total }}',
    });
    const runs = (job: { steps: { run?: string }[] }) => job.steps.map((s) => s.run ?? '').join('\n');
    expect(runs(wf.jobs.shard)).toContain('memeval run --shard auto');
    expect(wf.jobs.merge.needs).toBe('shard');
    expect(runs(wf.jobs.merge)).toMatch(/memeval merge 'artifacts\/\*\/run-\*\.shard-\*'[\s\S]*memeval check/);
  });

  it('the SLURM array script runs --shard auto and submits a dependent merge', () => {
    const sh = read('slurm/array.sh');
    expect(sh).toMatch(/^#SBATCH --array=0-\d+$/m);
    expect(sh).toContain('memeval run --shard auto');
    expect(sh).toMatch(/--dependency="afterok:\$SLURM_ARRAY_JOB_ID"[\s\S]*memeval merge/);
  });
});
