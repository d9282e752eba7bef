import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../helpers/csv.js';
import { memevalCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const FIXTURE = join(import.meta.dirname, '../fixtures/scenarios/runner-mini.yaml');
const PLAN = [
  'run',
  '--scenario',
  FIXTURE,
  '--scenario',
  'same-session-recall',
  '--strategy',
  'recency,recency:scope=session,hybrid',
  '--budget',
  '4000,300',
];

/** A CSV without its `*_ms` timing columns: what must be byte-identical between runs. */
function untimed(file: string): string {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  const keep = header.map((h, i) => (h.endsWith('_ms') ? -1 : i)).filter((i) => i >= 0);
  return [header, ...rows].map((r) => keep.map((i) => r[i]).join('\u0001')).join('\n');
}

const SCHEDULERS: Record<string, (i: number) => Record<string, string>> = {
  kubernetes: (i) => ({ JOB_COMPLETION_INDEX: String(i), MEMEVAL_SHARD_COUNT: '3' }),
  slurm: (i) => ({
    SLURM_ARRAY_TASK_ID: String(i + 1),
    SLURM_ARRAY_TASK_MIN: '1',
    SLURM_ARRAY_TASK_MAX: '3',
    SLURM_ARRAY_TASK_COUNT: '3',
  }),
  memeval: (i) => ({ MEMEVAL_SHARD_INDEX: String(i), MEMEVAL_SHARD_COUNT: '3' }),
};

describe('shards from the scheduler', () => {
  it.each(Object.keys(SCHEDULERS))(
    '%s: three shards from its variables merge (by glob) into the unsharded run, timing columns aside',
    (scheduler) => {
      const out = tempDir();
      const full = memevalCli([...PLAN, '--out', join(out, 'full')]);
      expect(full.stderr).not.toMatch(/shard/);
      expect(full.status).toBe(0);
      const fullDir = join(out, 'full', readdirSync(join(out, 'full'))[0]);

      for (let i = 0; i < 3; i++) {
        // Each shard in its own folder, as a fleet's downloaded artifacts are laid out.
        const r = memevalCli([...PLAN, '--out', join(out, 'artifacts', `shard-${i}`)], {
          env: SCHEDULERS[scheduler](i),
        });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr).toContain(`shard ${i + 1}/3 from ${scheduler}`);
        const dir = join(out, 'artifacts', `shard-${i}`);
        const manifest = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0], 'run.json'), 'utf8'));
        expect(manifest.shard).toMatchObject({ k: i + 1, n: 3, from: scheduler, totalCells: 12 });
      }

      const merged = memevalCli(['merge', join(out, 'artifacts/*/run-*.shard-*'), '--out', join(out, 'merged')]);
      expect(merged.stderr).toBe('');
      expect(merged.status).toBe(0);
      expect(merged.stdout).toContain('from 3 shard(s)');
      for (const file of ['results.csv', 'summary.csv'])
        expect(untimed(join(out, 'merged', file))).toBe(untimed(join(fullDir, file)));
      const mergedManifest = JSON.parse(readFileSync(join(out, 'merged', 'run.json'), 'utf8'));
      expect(mergedManifest.mergedFrom.map((m: { shardFrom: string }) => m.shardFrom)).toEqual([
        scheduler,
        scheduler,
        scheduler,
      ]);
    },
  );

  it('--shard auto without a scheduler, a half-set Indexed Job, and a glob of nothing are one-line errors, exit 2', () => {
    const out = tempDir();
    const auto = memevalCli([...PLAN, '--out', out, '--shard', 'auto']);
    expect(auto.status).toBe(2);
    expect(auto.stderr.trim()).toMatch(
      /^memeval: --shard auto: no scheduler detected \(none of MEMEVAL_SHARD_INDEX, JOB_COMPLETION_INDEX, .*SLURM_ARRAY_TASK_ID is set\)/,
    );
    const half = memevalCli([...PLAN, '--out', out], { env: { JOB_COMPLETION_INDEX: '1' } });
    expect(half.status).toBe(2);
    expect(half.stderr.trim().split('\n')).toHaveLength(1);
    expect(half.stderr).toContain('JOB_COMPLETION_INDEX is set (kubernetes) but MEMEVAL_SHARD_COUNT is not');
    // --shard none runs the whole matrix inside a scheduler's job; an explicit k/n wins over the variables.
    const none = memevalCli([...PLAN, '--out', join(out, 'none'), '--shard', 'none'], {
      env: { JOB_COMPLETION_INDEX: '1', MEMEVAL_SHARD_COUNT: '3' },
    });
    expect(none.status).toBe(0);
    expect(readdirSync(join(out, 'none'))[0]).not.toContain('shard');
    const explicit = memevalCli([...PLAN, '--out', join(out, 'explicit'), '--shard', '2/2'], {
      env: { JOB_COMPLETION_INDEX: '0', MEMEVAL_SHARD_COUNT: '3' },
    });
    expect(explicit.status).toBe(0);
    expect(readdirSync(join(out, 'explicit'))[0]).toMatch(/\.shard-2-of-2$/);
    const nothing = memevalCli(['merge', join(out, 'nowhere/*'), '--out', join(out, 'm')]);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain('nowhere/* matches no run folder');
  });

  it('merge still refuses shards of different plans, whatever scheduler numbered them', () => {
    const out = tempDir();
    const env = (i: number) => ({ MEMEVAL_SHARD_INDEX: String(i), MEMEVAL_SHARD_COUNT: '2' });
    expect(memevalCli([...PLAN, '--out', join(out, 'a')], { env: env(0) }).status).toBe(0);
    expect(memevalCli([...PLAN, '--budget', '500', '--out', join(out, 'b')], { env: env(1) }).status).toBe(0);
    const merged = memevalCli(['merge', join(out, '*/run-*'), '--out', join(out, 'merged')]);
    expect(merged.status).toBe(2);
    expect(merged.stderr).toMatch(/is run run-\w+, .* is run run-\w+; shards of one run share its inputs and id/);
  });
});
