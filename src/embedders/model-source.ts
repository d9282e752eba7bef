import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { MemevalError } from '../errors.js';
import { TRANSFORMERS_PACKAGE, transformersEntry } from './transformers.js';

/** The Hugging Face repository memeval's neural embedder uses. */
export const MINILM_REPO_ID = 'Xenova/all-MiniLM-L6-v2';

/** What a model folder must hold for the feature-extraction pipeline (fp32 weights on CPU). */
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;

export const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';

/**
 * transformers.js caches downloads in `.cache/` inside its own package folder (its `env.cacheDir`).
 * Computed here without importing the library, which takes ~0.4 s and loads onnxruntime: a run
 * that ends up on the hash embedder should not pay for that.
 */
export function defaultCacheDir(): string {
  // Without the package there is no cache; the folder it would have is still a useful name in messages.
  const entry = transformersEntry() ?? join(process.cwd(), 'node_modules', TRANSFORMERS_PACKAGE, 'dist', 'index.js');
  return join(dirname(dirname(entry)), '.cache');
}

/** Settings for finding (or, when allowed, downloading) the model files, all resolved. */
export interface ModelLocation {
  /** --model-dir or MEMEVAL_MODEL_DIR: a folder holding MODEL_FILES. */
  modelDir?: string;
  /** Where transformers.js keeps downloaded repositories. */
  cacheDir: string;
  /** Download MINILM_REPO_ID when it is neither in modelDir nor in the cache. */
  allowDownload: boolean;
  remoteHost: string;
}

/** Where the model files come from, decided before transformers.js is asked to load anything. */
export type ModelSource =
  | { kind: 'model-dir'; dir: string }
  | { kind: 'cache'; dir: string }
  | { kind: 'download'; cacheDir: string; remoteHost: string }
  /** `explicit`: the user named the folder, so falling back to another embedder would hide a mistake. */
  | { kind: 'missing'; dir: string; missingFiles: string[]; explicit: boolean };

export function missingModelFiles(dir: string): string[] {
  return MODEL_FILES.filter((file) => !existsSync(join(dir, file)));
}

/**
 * Order: the folder the user named; else the transformers cache; else a download, only when the
 * user opted in (never implicitly: memeval must behave the same on a machine without network).
 */
export function resolveModelSource(location: ModelLocation): ModelSource {
  if (location.modelDir !== undefined) {
    const dir = resolve(location.modelDir);
    const missingFiles = missingModelFiles(dir);
    return missingFiles.length > 0
      ? { kind: 'missing', dir, missingFiles, explicit: true }
      : { kind: 'model-dir', dir };
  }
  const cached = join(location.cacheDir, MINILM_REPO_ID);
  const missingFiles = missingModelFiles(cached);
  if (missingFiles.length === 0) return { kind: 'cache', dir: cached };
  if (location.allowDownload) return { kind: 'download', cacheDir: location.cacheDir, remoteHost: location.remoteHost };
  return { kind: 'missing', dir: cached, missingFiles, explicit: false };
}

/** The one place that says how to get the model files; every missing-files error ends with it. */
export function howToGetModelFiles(cacheDir: string): string {
  return (
    `To get them: on a machine with network, run once with --embedder minilm and MEMEVAL_ALLOW_DOWNLOAD=1 (fills ${join(cacheDir, MINILM_REPO_ID)}), ` +
    `or download ${MINILM_REPO_ID} elsewhere (e.g. \`huggingface-cli download ${MINILM_REPO_ID} --local-dir all-MiniLM-L6-v2\`) ` +
    `and point --model-dir or MEMEVAL_MODEL_DIR at a folder holding ${MODEL_FILES.join(', ')}. See docs/embedders.md.`
  );
}

export function modelFilesMissingError(
  source: Extract<ModelSource, { kind: 'missing' }>,
  cacheDir: string,
): MemevalError {
  const paths = source.missingFiles.map((file) => join(source.dir, file)).join(', ');
  const where = source.explicit ? `model folder ${source.dir}` : `transformers cache ${source.dir}`;
  return new MemevalError(
    'MODEL_FILES_MISSING',
    `embedding model files missing in ${where}: ${paths}. ${howToGetModelFiles(cacheDir)}`,
  );
}

/** Environment variables this module reads; everything else in the environment is ignored. */
const EnvSchema = z.object({
  MEMEVAL_MODEL_DIR: z.string().min(1).optional(),
  MEMEVAL_ALLOW_DOWNLOAD: z.enum(['0', '1', 'true', 'false']).optional(),
  /** The Hugging Face convention for a mirror, honoured so a mirror inside a closed network works. */
  HF_ENDPOINT: z.url().optional(),
});

/**
 * Resolves flags and environment into a ModelLocation: a flag (option) beats its environment
 * variable. An empty MEMEVAL_MODEL_DIR counts as unset (shells leave them behind).
 */
export function resolveModelLocation(
  options: { modelDir?: string; allowDownload?: boolean; cacheDir?: string },
  environment: NodeJS.ProcessEnv = process.env,
): ModelLocation {
  const parsed = EnvSchema.safeParse({
    MEMEVAL_MODEL_DIR: environment.MEMEVAL_MODEL_DIR || undefined,
    MEMEVAL_ALLOW_DOWNLOAD: environment.MEMEVAL_ALLOW_DOWNLOAD || undefined,
    HF_ENDPOINT: environment.HF_ENDPOINT || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MemevalError('CONFIG', `environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  const env = parsed.data;
  const remoteHost = env.HF_ENDPOINT ?? DEFAULT_REMOTE_HOST;
  return {
    modelDir: options.modelDir || env.MEMEVAL_MODEL_DIR,
    cacheDir: options.cacheDir ?? defaultCacheDir(),
    allowDownload:
      options.allowDownload ?? (env.MEMEVAL_ALLOW_DOWNLOAD === '1' || env.MEMEVAL_ALLOW_DOWNLOAD === 'true'),
    remoteHost: remoteHost.endsWith('/') ? remoteHost : `${remoteHost}/`,
  };
}
