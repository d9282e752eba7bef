import { createRequire } from 'node:module';
import { MemevalError } from '../errors.js';

/**
 * @huggingface/transformers is an optional peer: it and onnxruntime are ~460 MB that only the
 * MiniLM embedder uses, so memeval installs without them and loads them only for MiniLM.
 */
export const TRANSFORMERS_PACKAGE = '@huggingface/transformers';

/** The one line that tells a user how to add the optional package. */
export const TRANSFORMERS_INSTALL_HINT = `npm install ${TRANSFORMERS_PACKAGE}@4 (on npm 10 with ONNXRUNTIME_NODE_INSTALL_CUDA=skip, so onnxruntime does not try to download CUDA)`;

/** The part of a feature-extraction pipeline memeval calls, typed here so memeval builds without the package. */
export interface FeatureTensor {
  dims: number[];
  data: unknown;
  dispose(): void;
}
export interface FeatureExtractionPipeline {
  (texts: string[], options: { pooling: 'mean'; normalize: boolean }): Promise<FeatureTensor>;
  dispose(): Promise<void>;
}

export interface TransformersEnv {
  allowRemoteModels: boolean;
  cacheDir: string | null;
  remoteHost: string;
  fetch: typeof fetch;
}

interface TransformersModule {
  env: TransformersEnv;
  pipeline(
    task: 'feature-extraction',
    model: string,
    options: Record<string, unknown>,
  ): Promise<FeatureExtractionPipeline>;
}

/** The package's entry file, or null when it is not installed (resolving costs nothing; importing ~0.4 s). */
export function transformersEntry(): string | null {
  try {
    return createRequire(import.meta.url).resolve(TRANSFORMERS_PACKAGE);
  } catch {
    return null;
  }
}

/** Checked before anything else about MiniLM: without the package, missing model files are beside the point. */
export function assertTransformersInstalled(): void {
  if (transformersEntry() === null) {
    throw new MemevalError(
      'DEPENDENCY_MISSING',
      `--embedder minilm needs the optional package ${TRANSFORMERS_PACKAGE}, which is not installed: ${TRANSFORMERS_INSTALL_HINT}`,
    );
  }
}

export async function importTransformers(): Promise<TransformersModule> {
  assertTransformersInstalled();
  // A variable specifier keeps TypeScript from requiring the package's types at build time.
  const name: string = TRANSFORMERS_PACKAGE;
  return (await import(name)) as TransformersModule;
}
