import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename, join } from 'node:path';
import { MemevalError, toError } from '../errors.js';
import { DEFAULT_RESPONSE_TIMEOUT_MS, fetchWithResponseTimeout } from './download.js';
import {
  MINILM_REPO_ID,
  MODEL_FILES,
  howToGetModelFiles,
  modelFilesMissingError,
  resolveModelLocation,
  resolveModelSource,
  type ModelSource,
} from './model-source.js';
import { assertTransformersInstalled, importTransformers, type FeatureExtractionPipeline } from './transformers.js';
import type { Embedder } from './types.js';

/** Id of vectors from Xenova/all-MiniLM-L6-v2 loaded by its repository name (cache or download). */
export const MINILM_ID = 'minilm-l6-v2';

export interface MiniLmOptions {
  /** Folder holding the model files; beats MEMEVAL_MODEL_DIR. */
  modelDir?: string;
  /** Allow downloading MINILM_REPO_ID when neither a folder nor the cache has it; beats MEMEVAL_ALLOW_DOWNLOAD. */
  allowDownload?: boolean;
  /** transformers.js cache folder. @default the library's own `.cache/` */
  cacheDir?: string;
  /** Environment to read MEMEVAL_MODEL_DIR, MEMEVAL_ALLOW_DOWNLOAD and HF_ENDPOINT from. @default process.env */
  environment?: NodeJS.ProcessEnv;
  /** @default 10000 */
  responseTimeoutMs?: number;
  /** Texts per model call: bounds the padded tensor a long list would otherwise build. @default 32 */
  batchSize?: number;
}

type Loaded = Exclude<ModelSource, { kind: 'missing' }>;

/**
 * A neural sentence embedder: transformers.js feature extraction with mean pooling over the
 * attention mask and L2 normalisation (how all-MiniLM-L6-v2 was trained to be used). Works with
 * any BERT-shaped model folder; `dims` is read from the model's output, not assumed.
 */
export class MiniLmEmbedder implements Embedder {
  readonly kind = 'neural' as const;

  private constructor(
    readonly id: string,
    readonly dims: number,
    /** Where the files were loaded from, for the one line that says which embedder was used. */
    readonly source: Loaded,
    /** Wall-clock time of the load (import, session creation, probe), for reports and benchmarks. */
    readonly loadMs: number,
    private readonly extractor: FeatureExtractionPipeline,
    private readonly batchSize: number,
  ) {}

  /** Finds the files (folder, cache, or an opted-in download) and loads the pipeline. */
  static async load(options: MiniLmOptions = {}): Promise<MiniLmEmbedder> {
    const startedMs = performance.now();
    assertTransformersInstalled();
    const location = resolveModelLocation(options, options.environment);
    const source = resolveModelSource(location);
    if (source.kind === 'missing') throw modelFilesMissingError(source, location.cacheDir);
    const extractor = await openPipeline(
      source,
      options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS,
      location.cacheDir,
    );
    const id = source.kind === 'model-dir' ? await localModelId(source.dir) : MINILM_ID;
    const [probe] = await runBatch(extractor, ['dimension probe']);
    const loadMs = performance.now() - startedMs;
    return new MiniLmEmbedder(id, probe.length, source, loadMs, extractor, options.batchSize ?? 32);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await runBatch(this.extractor, texts.slice(start, start + this.batchSize))));
    }
    return vectors;
  }

  /** Releases the ONNX session. */
  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }
}

async function runBatch(extractor: FeatureExtractionPipeline, texts: string[]): Promise<Float32Array[]> {
  if (texts.length === 0) return [];
  const output = await extractor(texts, { pooling: 'mean', normalize: true });
  const [rows, dims] = output.dims;
  const data = output.data as Float32Array;
  // Copies, so each vector owns its memory and the tensor can be freed.
  const vectors = Array.from({ length: rows }, (_, r) => data.slice(r * dims, (r + 1) * dims));
  output.dispose();
  return vectors;
}

async function openPipeline(
  source: Loaded,
  responseTimeoutMs: number,
  cacheDir: string,
): Promise<FeatureExtractionPipeline> {
  // Imported here, not at the top: it takes ~0.4 s and loads onnxruntime, which a run on the
  // hash embedder never needs (and it is an optional package).
  const { env, pipeline } = await importTransformers();
  const download = source.kind === 'download';
  const saved = { cacheDir: env.cacheDir, remoteHost: env.remoteHost, fetch: env.fetch };
  // Set on every load so remote access is on only for an opted-in download, whatever came before.
  env.allowRemoteModels = download;
  if (download) {
    Object.assign(env, {
      cacheDir,
      remoteHost: source.remoteHost,
      fetch: fetchWithResponseTimeout(saved.fetch, responseTimeoutMs),
    });
  }
  try {
    return await pipeline('feature-extraction', download ? MINILM_REPO_ID : source.dir, {
      local_files_only: !download,
      // fp32 on CPU reads onnx/model.onnx, the file MODEL_FILES names and huggingface-cli fetches.
      dtype: 'fp32',
      device: 'cpu',
    });
  } catch (err) {
    throw loadError(source, toError(err), cacheDir);
  } finally {
    Object.assign(env, saved, { allowRemoteModels: false });
  }
}

function loadError(source: Loaded, cause: Error, cacheDir: string): MemevalError {
  if (source.kind === 'download') {
    const reason = cause.cause instanceof Error ? `${cause.message} (${cause.cause.message})` : cause.message;
    return new MemevalError(
      'MODEL_FILES_MISSING',
      `could not download ${MINILM_REPO_ID} from ${source.remoteHost}: ${reason}. ${howToGetModelFiles(cacheDir)}`,
      { cause },
    );
  }
  return new MemevalError('BAD_INPUT', `embedding model in ${source.dir} could not be loaded: ${cause.message}`, {
    cause,
  });
}

/**
 * Vectors from different models must never meet in one store, and a folder name says little
 * (two fine-tunes can share it), so a local model's id carries a hash of its files' contents.
 */
async function localModelId(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of MODEL_FILES) {
    hash.update(`${file}\0`);
    for await (const chunk of createReadStream(join(dir, file))) hash.update(chunk as Buffer);
  }
  return `local:${basename(dir)}:${hash.digest('hex').slice(0, 12)}`;
}
