import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { MemevalError } from '../errors.js';
import { PACKAGE_ROOT } from '../util/package-root.js';
import { lineOf, parseYamlFile, type YamlFile } from '../util/yaml.js';
import { MAX_MESSAGE_CHARS, Scenario, Step } from './schema.js';
import { crossFieldProblems } from './validate.js';

/** A validated scenario and the file it came from. */
export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

/** The package's own scenarios folder, independent of the working directory. */
export const BUILTIN_SCENARIO_DIR = join(PACKAGE_ROOT, 'scenarios/');

/** The key that names each kind of step, in the order of Step's union options. */
const STEP_KEYS: string[] = Step.options.map((o) => Object.keys(o.shape)[0]);

/** At most this many problems are listed; the rest are counted. */
const MAX_LISTED = 20;

/** How a file is named in messages: relative to the working directory when it is under it. */
function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/**
 * Reads, parses and validates one scenario file. YAML syntax errors name the file and line;
 * schema and cross-field problems name the file and the path inside it (`steps.3.probe.expect`).
 * @throws MemevalError SCENARIO_INVALID listing every problem found.
 */
export function loadScenarioFile(file: string): LoadedScenario {
  const name = displayName(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new MemevalError('BAD_INPUT', `${name}: cannot read scenario file: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return parseScenarioText(decodeScenario(bytes, name), name, file);
}

/**
 * Scenario files bigger than this are refused before parsing: YAML parsing takes ~0.25 s per MB,
 * and no valid scenario comes near it (each message is at most MAX_MESSAGE_CHARS).
 */
export const MAX_SCENARIO_FILE_CHARS = 16 * MAX_MESSAGE_CHARS;

/**
 * The file's text, refusing bytes that are not UTF-8 (decoding them would silently turn them into
 * U+FFFD and change what the scenario says) and files too big to be a scenario, naming the line.
 */
function decodeScenario(bytes: Buffer, name: string): string {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = bytes.toString('utf8');
    const line = lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n').length;
    throw new MemevalError('SCENARIO_INVALID', `${name}:${line}: not valid UTF-8; save the file as UTF-8`);
  }
  const text = bytes.toString('utf8');
  if (text.length > MAX_SCENARIO_FILE_CHARS) {
    const lines = text.split('\n');
    const longest = lines.reduce((best, l, i) => (l.length > lines[best].length ? i : best), 0);
    throw new MemevalError(
      'SCENARIO_INVALID',
      `${name}:${longest + 1}: ${keyOfLongestValue(lines[longest])}: a line of ${lines[longest].length} characters; a message may have at most ${MAX_MESSAGE_CHARS} (and a scenario file ${MAX_SCENARIO_FILE_CHARS})`,
    );
  }
  return text;
}

/**
 * The YAML key whose value takes up most of a huge line (`user` in `- { id: t1, user: "…" }`).
 * Found with indexOf rather than a regex: a backtracking regex over 50 MB of text would hang.
 */
function keyOfLongestValue(line: string): string {
  let best = { key: 'line', span: -1 };
  let at = line.indexOf(': ');
  while (at >= 0) {
    const next = line.indexOf(': ', at + 2);
    const span = (next < 0 ? line.length : next) - at;
    const key = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(line.slice(Math.max(0, at - 40), at))?.[1];
    if (key && span > best.span) best = { key, span };
    at = next;
  }
  return best.key;
}

/** Parses scenario YAML already in memory; `name` is used in messages. */
export function parseScenarioText(text: string, name: string, file = name): LoadedScenario {
  const yaml = parseYamlFile(text, name, 'SCENARIO_INVALID');
  const raw = yaml.raw;
  if (raw === null || raw === undefined)
    throw new MemevalError(
      'SCENARIO_INVALID',
      `${name}: the file is empty; a scenario needs id, description, users and steps`,
    );
  const parsed = Scenario.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => explainIssue(issue, raw));
    throw invalid(name, problems, yaml);
  }
  const problems = crossFieldProblems(parsed.data);
  if (problems.length > 0) throw invalid(name, problems, yaml);
  return { file, scenario: parsed.data };
}

/** One problem: where in the file (path segments) and what is wrong. */
export interface Problem {
  path: (string | number)[];
  message: string;
}

/**
 * Turns a zod issue into problems. A step is a union of six shapes, and zod's own message for a
 * failed union ("Invalid input") says nothing useful; we pick the branch named by the step's key
 * and report that branch's issues instead.
 */
function explainIssue(issue: z.core.$ZodIssue, raw: unknown): Problem[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'invalid_union') {
    const value = valueAt(raw, path);
    const keys = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
    const named = keys.filter((k) => STEP_KEYS.includes(k));
    if (named.length !== 1) {
      const got = keys.length ? `got ${keys.join(', ')}` : 'got no keys';
      return [{ path, message: `a step must have exactly one of ${STEP_KEYS.join(', ')} (${got})` }];
    }
    const branch = issue.errors[STEP_KEYS.indexOf(named[0])] ?? [];
    return branch.flatMap((sub) => explainIssue({ ...sub, path: [...path, ...sub.path] } as z.core.$ZodIssue, raw));
  }
  if (issue.code === 'unrecognized_keys') {
    return [
      { path, message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` },
    ];
  }
  return [{ path, message: issue.message }];
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let v = raw;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

/** Builds the error: one line per problem, `file: path: message (line N)`. */
function invalid(name: string, problems: Problem[], yaml: YamlFile): MemevalError {
  const lines = problems.slice(0, MAX_LISTED).map((p) => {
    const where = p.path.length ? `${p.path.join('.')}: ` : '';
    const line = lineOf(yaml, p.path);
    return `${name}: ${where}${p.message}${line ? ` (line ${line})` : ''}`;
  });
  if (problems.length > MAX_LISTED) lines.push(`${name}: … and ${problems.length - MAX_LISTED} more problem(s)`);
  return new MemevalError('SCENARIO_INVALID', lines.join('\n'));
}

/** Options for {@link loadScenarios}. */
export interface LoadScenariosOptions {
  /** Keep only scenarios with at least one of these tags. */
  tags?: string[];
  /** Where built-in scenarios live. @default the package's scenarios/ folder */
  builtinDir?: string;
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * A built-in scenario is kept in `<id>.yaml` (a test holds every built-in to that), so one id is
 * one file to parse rather than all of them; a file whose id differs falls back to the full list.
 */
function builtinNamed(builtinDir: string, id: string): LoadedScenario | undefined {
  const file = join(builtinDir, `${id}.yaml`);
  if (!/^[\w.-]+$/.test(id) || !existsSync(file)) return undefined;
  const loaded = loadScenarioFile(file);
  return loaded.scenario.id === id ? loaded : undefined;
}

/**
 * Resolves `--scenario` values: each a built-in scenario id (or a glob over ids), a file, a
 * directory of .yaml files, or a glob over paths. No specs means every built-in scenario.
 * Returns scenarios sorted by id so runs are ordered the same way every time.
 * @throws MemevalError BAD_INPUT for a spec matching nothing, SCENARIO_INVALID for a bad file or
 * two scenarios sharing an id.
 */
export function loadScenarios(specs: string[], opts: LoadScenariosOptions = {}): LoadedScenario[] {
  const builtinDir = opts.builtinDir ?? BUILTIN_SCENARIO_DIR;
  let builtins: LoadedScenario[] | undefined;
  const allBuiltins = () => (builtins ??= yamlFilesIn(builtinDir).map(loadScenarioFile));
  const byFile = new Map<string, LoadedScenario>();
  const add = (s: LoadedScenario) => byFile.set(resolve(s.file), s);

  if (specs.length === 0) allBuiltins().forEach(add);
  for (const spec of specs) {
    const path = resolve(spec);
    if (existsSync(path)) {
      if (statSync(path).isDirectory()) {
        const files = yamlFilesIn(path);
        if (files.length === 0) throw new MemevalError('BAD_INPUT', `${spec}: directory has no .yaml scenario files`);
        files.forEach((f) => add(loadScenarioFile(f)));
      } else add(loadScenarioFile(path));
      continue;
    }
    const looksLikePath = /[\\/]/.test(spec) || /\.ya?ml$/.test(spec);
    if (GLOB_CHARS.test(spec)) {
      const matched = looksLikePath
        ? globFiles(spec)
        : allBuiltins().filter((s) => globToRegExp(spec).test(s.scenario.id));
      if (matched.length === 0)
        throw new MemevalError(
          'BAD_INPUT',
          `--scenario ${spec}: matches no ${looksLikePath ? 'files' : 'built-in scenario ids'}`,
        );
      for (const m of matched) add(typeof m === 'string' ? loadScenarioFile(m) : m);
      continue;
    }
    const builtin = looksLikePath
      ? undefined
      : (builtinNamed(builtinDir, spec) ?? allBuiltins().find((s) => s.scenario.id === spec));
    if (!builtin) {
      const known = looksLikePath
        ? ''
        : `; built-in ids: ${allBuiltins()
            .map((s) => s.scenario.id)
            .sort()
            .join(', ')}`;
      throw new MemevalError(
        'BAD_INPUT',
        `--scenario ${spec}: no built-in scenario, file or directory by that name${known}`,
      );
    }
    add(builtin);
  }

  const loaded = [...byFile.values()].sort((a, b) =>
    a.scenario.id < b.scenario.id ? -1 : a.scenario.id > b.scenario.id ? 1 : 0,
  );
  for (let i = 1; i < loaded.length; i++) {
    if (loaded[i].scenario.id === loaded[i - 1].scenario.id) {
      throw new MemevalError(
        'SCENARIO_INVALID',
        `${displayName(loaded[i].file)}: id: "${loaded[i].scenario.id}" is also the id of ${displayName(loaded[i - 1].file)}`,
      );
    }
  }
  const tags = opts.tags ?? [];
  const kept = tags.length === 0 ? loaded : loaded.filter((s) => s.scenario.tags.some((t) => tags.includes(t)));
  if (kept.length === 0 && tags.length > 0)
    throw new MemevalError('BAD_INPUT', `no scenario has any of the tags ${tags.join(', ')}`);
  return kept;
}

function yamlFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * A small glob: `*` and `?` within a path segment, `**` across segments, `{a,b}` alternatives and
 * `[...]` classes. Node 20 has no fs.glob and we keep dependencies fixed.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
        if (glob[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',' && re.lastIndexOf('(?:') > re.lastIndexOf(')')) re += '|';
    else if (c === '[' || c === ']') re += c;
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Files matching a path glob, searched from the longest directory prefix without glob characters. */
function globFiles(glob: string): string[] {
  const abs = resolve(glob).split('\\').join('/');
  const segments = abs.split('/');
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  const root = segments.slice(0, firstGlob).join('/') || '/';
  if (!existsSync(root)) return [];
  const re = globToRegExp(abs);
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = `${dir === '/' ? '' : dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (depth < 20 && entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full, depth + 1);
      } else if (re.test(full)) out.push(full);
    }
  };
  walk(root, 0);
  return out;
}
