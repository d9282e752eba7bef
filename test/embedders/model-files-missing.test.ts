import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MiniLmEmbedder } from '../../src/embedders/minilm.js';
import { createEmbedder } from '../../src/embedders/registry.js';
import { MemevalError, exitCodeFor } from '../../src/errors.js';
import { buildTinyBertInTempDir } from '../fixtures/tiny-bert/build.js';
import { MISSING } from '../helpers/optional.js';

async function rejection(promise: Promise<unknown>): Promise<MemevalError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MemevalError);
  return err as MemevalError;
}

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'memeval-missing-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('minilm without its model files', () => {
  it('an empty --model-dir gives MODEL_FILES_MISSING (exit 2) naming each missing path and how to get them', async () => {
    const err = await rejection(createEmbedder('minilm', { modelDir: scratch }));
    expect(err.code).toBe('MODEL_FILES_MISSING');
    expect(exitCodeFor(err)).toBe(2);
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      expect(err.message).toContain(join(scratch, file));
    }
    expect(err.message).toContain('--model-dir');
    expect(err.message).toContain('MEMEVAL_MODEL_DIR');
    expect(err.message).toContain('huggingface-cli download Xenova/all-MiniLM-L6-v2');
    expect(err.message).toContain('MEMEVAL_ALLOW_DOWNLOAD=1');
  });

  it('names only the files that are actually missing', async () => {
    await writeFile(join(scratch, 'config.json'), '{"model_type":"bert"}');
    await writeFile(join(scratch, 'tokenizer.json'), '{}');
    const err = await rejection(MiniLmEmbedder.load({ modelDir: scratch, environment: {} }));
    expect(err.message).toContain(join(scratch, 'onnx/model.onnx'));
    expect(err.message).toContain(join(scratch, 'tokenizer_config.json'));
    expect(err.message).not.toContain(join(scratch, 'config.json'));
  });

  it('reads MEMEVAL_MODEL_DIR when no folder is passed', async () => {
    const err = await rejection(MiniLmEmbedder.load({ environment: { MEMEVAL_MODEL_DIR: scratch } }));
    expect(err.code).toBe('MODEL_FILES_MISSING');
    expect(err.message).toContain(join(scratch, 'config.json'));
  });

  it('with no folder and an empty cache, names the cache path it looked in', async () => {
    const err = await rejection(MiniLmEmbedder.load({ cacheDir: scratch, environment: {} }));
    expect(err.code).toBe('MODEL_FILES_MISSING');
    expect(err.message).toContain(join(scratch, 'Xenova/all-MiniLM-L6-v2', 'config.json'));
  });

  it('a corrupt model file is BAD_INPUT naming the folder, not a crash', async (ctx) => {
    if (MISSING.transformers) ctx.skip(MISSING.transformers);
    const modelDir = await buildTinyBertInTempDir();
    await writeFile(join(modelDir, 'onnx', 'model.onnx'), 'not a protobuf');
    const err = await rejection(MiniLmEmbedder.load({ modelDir, environment: {} }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toContain(modelDir);
    await rm(dirname(modelDir), { recursive: true, force: true });
  });

  it('rejects a malformed MEMEVAL_ALLOW_DOWNLOAD, naming the variable', async () => {
    const err = await rejection(
      MiniLmEmbedder.load({ cacheDir: scratch, environment: { MEMEVAL_ALLOW_DOWNLOAD: 'yes' } }),
    );
    expect(err.code).toBe('CONFIG');
    expect(err.message).toContain('MEMEVAL_ALLOW_DOWNLOAD');
  });
});

describe('downloads', () => {
  // A server that accepts connections and never answers: what a black-holed network looks like.
  let server: Server;
  let port: number;
  let connections: number;
  const sockets = new Set<Socket>();
  beforeEach(async () => {
    connections = 0;
    server = createServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('are never attempted unless the user opts in', async () => {
    const err = await rejection(
      MiniLmEmbedder.load({ cacheDir: scratch, environment: { HF_ENDPOINT: `http://127.0.0.1:${port}` } }),
    );
    expect(err.code).toBe('MODEL_FILES_MISSING');
    expect(connections).toBe(0);
  });

  it('when opted in and the host does not answer, fail fast with a clear message', async (ctx) => {
    if (MISSING.transformers) ctx.skip(MISSING.transformers);
    const err = await rejection(
      MiniLmEmbedder.load({
        cacheDir: scratch,
        environment: { HF_ENDPOINT: `http://127.0.0.1:${port}`, MEMEVAL_ALLOW_DOWNLOAD: '1' },
        responseTimeoutMs: 300,
      }),
    );
    expect(err.code).toBe('MODEL_FILES_MISSING');
    expect(err.message).toContain(`could not download Xenova/all-MiniLM-L6-v2 from http://127.0.0.1:${port}/`);
    expect(err.message).toContain('within 300 ms');
    expect(err.message).toContain('--model-dir');
    // The message names the 300 ms response timeout: the load gave up on the silent host by itself.
    expect(connections).toBeGreaterThan(0);
  });
});
