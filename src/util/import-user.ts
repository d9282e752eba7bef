import { pathToFileURL } from 'node:url';

/** Extensions Node cannot import by itself; only these load tsx (~0.4 s), and only when asked. */
const TYPESCRIPT = /\.[cm]?tsx?$/i;

/**
 * The default export of a user's TS/JS file (a strategy, a `memeval.config.ts`). TypeScript goes
 * through tsx's `tsImport` rather than a bare `import()` after registering tsx: in a project without
 * `"type": "module"` a registered tsx compiles the file to CommonJS, and its `import … from 'memeval'`
 * then fails as a require() of an ES module in a cycle. A CommonJS-compiled default arrives wrapped
 * once more. JavaScript files are imported by Node itself.
 */
export async function importDefault(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  const mod = (
    TYPESCRIPT.test(file) ? await (await import('tsx/esm/api')).tsImport(url, import.meta.url) : await import(url)
  ) as { default?: unknown };
  const value = mod.default;
  if (value && typeof value === 'object' && '__esModule' in value && 'default' in value)
    return (value as { default: unknown }).default;
  return value;
}
