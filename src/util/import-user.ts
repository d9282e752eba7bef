import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

/**
 * The default export of a user's TS/JS file (a strategy, a `memeval.config.ts`). Loaded through
 * tsx's `tsImport` rather than a bare `import()`: in a project without `"type": "module"` a bare
 * import lets tsx compile the file to CommonJS, and its `import … from 'memeval'` then fails as a
 * require() of an ES module in a cycle. A CommonJS-compiled default arrives wrapped once more.
 */
export async function importDefault(file: string): Promise<unknown> {
  const mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
  const value = mod.default;
  if (value && typeof value === 'object' && '__esModule' in value && 'default' in value) return (value as { default: unknown }).default;
  return value;
}
