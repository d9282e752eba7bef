import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The value-import graph of the TypeScript sources: file → files it imports values from.
 * Static `import … from` and `export … from` only; `import type`, `export type` and specifiers
 * that are all `type X` are left out, because TypeScript erases them and they cannot form a cycle
 * at run time. Dynamic `import()` is left out too: it runs after every module has initialised.
 */
export type ImportGraph = Map<string, string[]>;

/** Files are named relative to `root`, with forward slashes: `src/cli/main.ts`. */
export function valueImportGraph(root: string, folders: string[]): ImportGraph {
  const files = folders.flatMap((f) => tsFiles(join(root, f)));
  const known = new Set(files.map((f) => rel(root, f)));
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const from = rel(root, file);
    const targets = valueSpecifiers(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => rel(root, resolve(dirname(file), s.replace(/\.js$/, '.ts'))))
      .filter((t) => known.has(t));
    graph.set(from, [...new Set(targets)]);
  }
  return graph;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'templates' ? [] : tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const rel = (root: string, file: string) => relative(root, file).split('\\').join('/');

// `import x, { a, type B } from '…'`, `import * as n from '…'`, `import '…'`, `export { a } from '…'`, `export * from '…'`.
const STATEMENT = /^\s*(import|export)\s+(type\s+)?([^'";()=]*?)\s*(?:from\s*)?['"]([^'"]+)['"]/gm;

/** The module specifiers of a source text's statements that carry at least one value. */
export function valueSpecifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(STATEMENT)) {
    const [, keyword, typeOnly, clause, specifier] = m;
    if (typeOnly) continue;
    if (keyword === 'export' && !/^(\*|\{)/.test(clause)) continue; // `export const x = '…'` is no re-export
    if (carriesValue(clause)) out.push(specifier);
  }
  return out;
}

/** `{ type A, type B }` carries no value; a default import, a namespace, `*` or one plain name does. A bare `import '…'` runs the module. */
function carriesValue(clause: string): boolean {
  const braces = clause.match(/\{([^}]*)\}/);
  const outside = clause
    .replace(/\{[^}]*\}/, '')
    .replace(/,/g, '')
    .trim();
  if (outside !== '') return true;
  if (!braces) return true;
  const names = braces[1]
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return names.some((n) => !n.startsWith('type '));
}

/** One cycle of the graph, as a path that starts and ends at the same file, or null when there is none. */
export function findCycle(graph: ImportGraph): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}

/** Strongly connected components with more than one file (or a file importing itself): every circle at once. */
export function circles(graph: ImportGraph): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indexOf.has(v)) strong(v);
  return out;
}
