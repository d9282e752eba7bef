import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { MemevalError } from '../errors.js';
import { isStrategyPath } from '../strategy/load.js';
import { isStrategyDefinition, parseStrategySpec } from '../strategy/spec.js';
import { importDefault } from '../util/import-user.js';
import { lineOf, parseYamlFile, type YamlFile } from '../util/yaml.js';
import type { OptionTable } from './option-decl.js';
import { GATE_OPTIONS, RUN_OPTIONS, type StrategyEntry } from './options.js';
import { ConfigSchema, type ParsedConfig } from './schema.js';

/** Names looked for in the working directory, in this order; more than one present is an error. */
export const CONFIG_FILE_NAMES = [
  'memeval.config.yaml',
  'memeval.config.yml',
  'memeval.config.ts',
  'memeval.config.mts',
  'memeval.config.js',
  'memeval.config.mjs',
];

/** A validated config and where it came from. */
export interface LoadedConfig {
  /** Absolute path. */
  file: string;
  /** How messages name the file: relative to the working directory when under it. */
  name: string;
  /** Validated, with relative paths already resolved against the file's folder. */
  config: ParsedConfig;
}

/** The config file in `dir`, or null. @throws MemevalError CONFIG when two candidates exist. */
export function findConfigFile(dir = process.cwd()): string | null {
  const found = CONFIG_FILE_NAMES.filter((n) => existsSync(join(dir, n)));
  if (found.length > 1)
    throw new MemevalError(
      'CONFIG',
      `${found.join(' and ')}: more than one config file in ${dir}; keep one or pass -c`,
    );
  return found.length === 1 ? join(dir, found[0]) : null;
}

/** The config file's text; an unreadable file (permissions, a broken disk) is a CONFIG error naming it. */
function readConfigText(file: string, name: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new MemevalError(
      'CONFIG',
      `${name}: cannot read the config file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      { cause: err },
    );
  }
}

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/**
 * Reads and validates a config file (YAML, or a TS/JS module whose default export is the config).
 * @throws MemevalError CONFIG naming the file and the key: `memeval.config.yaml: limit: …`.
 */
export async function loadConfigFile(path: string): Promise<LoadedConfig> {
  const file = resolve(path);
  const name = displayName(file);
  if (!existsSync(file)) throw new MemevalError('CONFIG', `${name}: config file not found`);
  if (statSync(file).isDirectory())
    throw new MemevalError(
      'CONFIG',
      `${name}: is a folder, not a config file (-c names a .yaml, .yml, .ts, .mts, .js or .mjs file)`,
    );
  let raw: unknown;
  let yaml: YamlFile | undefined;
  if (/\.ya?ml$/i.test(file)) {
    yaml = parseYamlFile(readConfigText(file, name), name, 'CONFIG');
    raw = yaml.raw ?? {};
  } else if (/\.[cm]?[jt]s$/i.test(extname(file))) {
    try {
      raw = await importDefault(file);
    } catch (err) {
      throw new MemevalError('CONFIG', `${name}: cannot load config module: ${(err as Error).message}`, { cause: err });
    }
    if (raw === undefined)
      throw new MemevalError(
        'CONFIG',
        `${name}: default export must be the config (export default defineConfig({ … }))`,
      );
  } else {
    throw new MemevalError('CONFIG', `${name}: a config file is .yaml, .yml, .ts, .mts, .js or .mjs`);
  }
  return { file, name, config: resolvePaths(parseConfig(raw, name, yaml), dirname(file)) };
}

/**
 * Validates a config object. @throws MemevalError CONFIG with one line per problem,
 * `name: key.path: message` (and the line, for YAML).
 */
export function parseConfig(raw: unknown, name: string, yaml?: YamlFile): ParsedConfig {
  const parsed = ConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.flatMap(explain).map((p) => {
    const line = yaml && lineOf(yaml, p.path);
    return `${name}: ${p.path.join('.') || '(file)'}: ${p.message}${line ? ` (line ${line})` : ''}`;
  });
  throw new MemevalError('CONFIG', lines.join('\n'));
}

/**
 * zod reports a failed union as "Invalid input"; the branch that got furthest (deepest path)
 * is the one the user meant, so its issues are reported instead.
 */
function explain(issue: z.core.$ZodIssue): { path: (string | number)[]; message: string }[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const depth = (branch: z.core.$ZodIssue[]) => Math.max(...branch.map((i) => i.path.length));
    const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    return best.flatMap((sub) => explain({ ...sub, path: [...issue.path, ...sub.path] } as z.core.$ZodIssue));
  }
  if (issue.code === 'unrecognized_keys')
    return [
      { path, message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` },
    ];
  return [{ path, message: issue.message }];
}

/** Paths in a config file are relative to the file, not to wherever memeval is started. */
function resolvePaths(config: ParsedConfig, dir: string): ParsedConfig {
  const out: Record<string, unknown> = { ...config };
  resolveTable(out, RUN_OPTIONS, dir);
  if (config.gate) resolveTable((out.gate = { ...config.gate }) as Record<string, unknown>, GATE_OPTIONS, dir);
  return out as ParsedConfig;
}

function resolveTable(section: Record<string, unknown>, table: OptionTable, dir: string): void {
  for (const [key, decl] of Object.entries(table)) {
    const value = section[key];
    if (!decl.path || value === undefined || value === null) continue;
    if (key === 'strategies') section[key] = (value as StrategyEntry[]).map((e) => resolveStrategyPath(e, dir));
    else if (key === 'scenarios')
      section[key] = (value as string[]).map((s) => (looksLikePath(s) ? resolve(dir, s) : s));
    else if (key === 'datasets') section[key] = (value as string[]).map((d) => resolveDatasetPath(d, dir));
    else section[key] = resolve(dir, value as string);
  }
}

/** `locomo:./data/locomo10.json`: the part after the dataset name is a path. */
function resolveDatasetPath(spec: string, dir: string): string {
  const colon = spec.indexOf(':');
  return colon > 0 ? `${spec.slice(0, colon)}:${resolve(dir, spec.slice(colon + 1))}` : spec;
}

/** Scenario ids (and id globs) stay as they are; files and folders are paths. */
function looksLikePath(spec: string): boolean {
  return /[\\/]/.test(spec) || /\.ya?ml$/i.test(spec) || spec === '.' || spec === '..';
}

function resolveStrategyPath(entry: StrategyEntry, dir: string): StrategyEntry {
  if (isStrategyDefinition(entry)) return entry;
  if (typeof entry !== 'string')
    return typeof entry.name === 'string' && isStrategyPath(entry.name)
      ? { ...entry, name: resolve(dir, entry.name) }
      : entry;
  const { name } = parseStrategySpec(entry);
  if (!isStrategyPath(name) || isAbsolute(name)) return entry;
  return resolve(dir, name) + entry.trim().slice(name.length);
}
