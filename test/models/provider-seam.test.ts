import { describe, expect, it } from 'vitest';
import { JUDGE_PROVIDERS } from '../../src/judges/index.js';
import type { JudgeProvider } from '../../src/judges/types.js';
import { OfflineModel } from '../../src/models/offline.js';
import { createModel, MODEL_PROVIDERS, type ModelProvider } from '../../src/models/registry.js';
import type { ChatModel } from '../../src/models/types.js';
import { runMatrix } from '../../src/runner/run.js';

/** Adds an entry to a registry for the length of `body`: what "one line in the registry" does. */
async function withEntry<T>(list: readonly T[], entry: T, body: () => Promise<void>): Promise<void> {
  (list as T[]).push(entry);
  try {
    await body();
  } finally {
    (list as T[]).splice(list.indexOf(entry), 1);
  }
}

/** A provider outside the tree: its models answer like the offline reader, under their own id. */
const ECHO: ModelProvider = {
  id: 'echo',
  note: 'echo: the offline reader under another name, for tests',
  matches: (id) => id.startsWith('echo-'),
  create: (id): ChatModel => {
    const reader = new OfflineModel();
    return { id, provider: 'echo', complete: (request) => reader.complete(request) };
  },
};

/** A judge provider outside the tree: correct when the answer is not an abstention. */
const ANSWERED: JudgeProvider = {
  prefix: 'answered',
  promptVersion: 'answered-v1',
  modelId: (name) => name.slice('answered:'.length),
  create: (model) => ({
    name: `answered:${model.id}`,
    accepts: () => true,
    judge: async ({ answer }) => ({ correct: answer !== "I don't know.", score: answer !== "I don't know." ? 1 : 0 }),
  }),
};

const quiet = {
  log: () => {},
  outDir: null,
  scenarios: ['same-session-recall'],
  strategies: ['recency'],
  claude: { cache: { mode: 'off' as const } },
};

describe('a new model provider is one entry in MODEL_PROVIDERS', () => {
  it('the built-in providers give their models their own id', () => {
    expect(MODEL_PROVIDERS.map((p) => p.id)).toEqual(['offline', 'anthropic']);
    expect(createModel('offline').provider).toBe('offline');
  });

  it('runs through a whole run, labelled and noted as itself, with no other file edited', async () => {
    await withEntry(MODEL_PROVIDERS, ECHO, async () => {
      const result = await runMatrix({ ...quiet, models: ['echo-1'] });
      expect(result.rows.length).toBeGreaterThan(0);
      expect(new Set(result.rows.map((r) => `${r.model} ${r.model_provider}`))).toEqual(new Set(['echo-1 echo']));
      expect(result.manifest.models).toEqual([{ id: 'echo-1', provider: 'echo', note: ECHO.note }]);
    });
  });
});

describe('a new judge provider is one entry in JUDGE_PROVIDERS', () => {
  it('judges every probe of a run on the model the run built for it', async () => {
    await withEntry(JUDGE_PROVIDERS, ANSWERED, async () => {
      const result = await runMatrix({ ...quiet, judge: 'answered:offline' });
      expect(new Set(result.rows.map((r) => r.judge))).toEqual(new Set(['answered:offline']));
      const { judge } = result.manifest.providers as { judge: unknown };
      expect(judge).toEqual({ model: 'offline', provider: 'offline', promptVersion: 'answered-v1' });
    });
  });
});
