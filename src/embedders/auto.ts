import { HashEmbedder } from './hash.js';
import { MiniLmEmbedder, type MiniLmOptions } from './minilm.js';
import { resolveModelLocation, resolveModelSource } from './model-source.js';
import { TRANSFORMERS_INSTALL_HINT, TRANSFORMERS_PACKAGE, transformersEntry } from './transformers.js';
import type { Embedder } from './types.js';

/** One line naming the embedder, whether it is neural or lexical, and where its model came from. */
export function describeEmbedder(embedder: Embedder, detail: string): string {
  return `embedder: ${embedder.id} (${embedder.kind}, ${embedder.dims} dims) ${detail}`;
}

/**
 * MiniLM when its files are present (the named folder or the transformers cache), otherwise
 * the hash embedder; logs exactly one line saying which. It never downloads: a default must
 * behave the same with and without network. A folder the user named that lacks files is an
 * error, not a fallback, since a silent switch to lexical vectors would hide the mistake.
 */
export async function createAutoEmbedder(
  options: MiniLmOptions & { log?: (message: string) => void },
): Promise<Embedder> {
  const log = options.log ?? (() => {});
  const location = resolveModelLocation({ ...options, allowDownload: false }, options.environment);
  const source = resolveModelSource(location);
  if (location.modelDir === undefined && transformersEntry() === null) {
    const hash = new HashEmbedder();
    log(
      describeEmbedder(
        hash,
        `— MiniLM needs ${TRANSFORMERS_PACKAGE}, which is not installed: ${TRANSFORMERS_INSTALL_HINT}`,
      ),
    );
    return hash;
  }
  if (source.kind === 'missing' && !source.explicit) {
    const hash = new HashEmbedder();
    log(describeEmbedder(hash, `— MiniLM files not found in ${source.dir}; docs/embedders.md says how to get them`));
    return hash;
  }
  const minilm = await MiniLmEmbedder.load({ ...options, allowDownload: false });
  log(
    describeEmbedder(
      minilm,
      `from ${minilm.source.kind === 'download' ? 'download' : minilm.source.dir}, loaded in ${Math.round(minilm.loadMs)} ms`,
    ),
  );
  return minilm;
}
