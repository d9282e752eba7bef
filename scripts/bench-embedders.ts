/**
 * Load time and throughput of the embedders.
 *   npx tsx scripts/bench-embedders.ts                 # tiny BERT test model (built into a temp dir) + hash
 *   npx tsx scripts/bench-embedders.ts --model-dir DIR # a real model folder, e.g. all-MiniLM-L6-v2
 * Load time is measured in a fresh process so it includes importing transformers.js/onnxruntime.
 */
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Bench } from 'tinybench';
import { HashEmbedder } from '../src/embedders/hash.js';
import { MiniLmEmbedder } from '../src/embedders/minilm.js';
import type { Embedder } from '../src/embedders/types.js';
import { TINY_BERT_TOPICS, buildTinyBertInTempDir } from '../test/fixtures/tiny-bert/build.js';

const BATCH_SENTENCES = 256;

/** Deterministic chat-sized sentences (8–24 words, some outside the tiny vocabulary). */
function sentences(count: number): string[] {
  const words = [
    ...Object.values(TINY_BERT_TOPICS).flat(),
    'the',
    'my',
    'was',
    'yesterday',
    'Lisbon',
    'because',
    'really',
  ];
  return Array.from(
    { length: count },
    (_, i) =>
      `${Array.from({ length: 8 + ((i * 7) % 17) }, (_, j) => words[(i * 31 + j * 17) % words.length]).join(' ')}.`,
  );
}

async function throughput(name: string, embedder: Embedder): Promise<void> {
  const texts = sentences(BATCH_SENTENCES);
  const bench = new Bench({ name, time: 2000, warmupTime: 300 });
  bench.add(name, async () => {
    await embedder.embed(texts);
  });
  await bench.run();
  const meanMs = bench.tasks[0].result && 'latency' in bench.tasks[0].result ? bench.tasks[0].result.latency.mean : NaN;
  console.log(
    `${name}: ${embedder.id} (${embedder.kind}, ${embedder.dims} dims): ${BATCH_SENTENCES} sentences in ${meanMs.toFixed(1)} ms mean = ${Math.round((BATCH_SENTENCES / meanMs) * 1000)} sentences/s`,
  );
}

if (process.argv[2] === '--load-once') {
  // Child mode: one cold load, printed as JSON for the parent.
  const embedder = await MiniLmEmbedder.load({ modelDir: process.argv[3], environment: {} });
  console.log(JSON.stringify({ loadMs: embedder.loadMs }));
} else {
  const given = process.argv[2] === '--model-dir' ? process.argv[3] : undefined;
  const modelDir = given ?? (await buildTinyBertInTempDir());
  const coldLoadsMs = Array.from({ length: 3 }, () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', process.argv[1], '--load-once', modelDir], {
      encoding: 'utf8',
    });
    return (JSON.parse(out.trim().split('\n').at(-1)!) as { loadMs: number }).loadMs;
  });
  const embedder = await MiniLmEmbedder.load({ modelDir, environment: {} });
  const warmLoad = await MiniLmEmbedder.load({ modelDir, environment: {} });
  console.log(`model: ${modelDir}${given ? '' : ' (tiny BERT test model, not MiniLM)'}`);
  console.log(
    `cold load (fresh process, incl. import): ${coldLoadsMs.map((ms) => ms.toFixed(0)).join(' / ')} ms; warm load (library already imported): ${warmLoad.loadMs.toFixed(0)} ms`,
  );
  await throughput('neural', embedder);
  await throughput('hash', new HashEmbedder());
  await Promise.all([embedder.dispose(), warmLoad.dispose()]);
  if (!given) await rm(dirname(modelDir), { recursive: true, force: true });
}
