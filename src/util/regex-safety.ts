/**
 * A static check that keeps an expectation's regex out of catastrophic backtracking (V8's regex
 * engine backtracks: `(a+)+$` against 30 "a"s and a "b" takes minutes). Decided at validation,
 * so a verdict never depends on how fast the machine is:
 *
 * - no repeated group that holds a repeat or alternatives (`(a+)+`, `(a|aa)*`, `(\d+){2,}`):
 *   star height 1, which rules out exponential backtracking;
 * - at most MAX_UNBOUNDED_REPEATS unbounded repeats (`*`, `+`, `{n,}`) in all, which bounds the
 *   polynomial kind (`.*.*.*.*x`) to a square of the answer's length;
 * - the answer tested is at most MAX_JUDGED_CHARS long (judges/regex.ts), far more than a reply
 *   of the default 1024 output tokens, so the square stays small.
 */
export const MAX_UNBOUNDED_REPEATS = 2;
export const MAX_REGEX_CHARS = 1_000;

interface Group {
  /** Holds a repeat of any kind, or `|`. */
  repeats: boolean;
  /** Holds an unbounded repeat. */
  unbounded: boolean;
  alternatives: boolean;
}

/** A repeat at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, lazy or not): its length and whether it is unbounded; null if none. */
function repeatAt(source: string, i: number): { length: number; unbounded: boolean; many: boolean } | null {
  const c = source[i];
  let length = 0;
  let unbounded = false;
  let many = false;
  if (c === '*' || c === '+') [length, unbounded, many] = [1, true, true];
  else if (c === '?') [length, unbounded, many] = [1, false, false];
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (!m) return null;
    length = m[0].length;
    unbounded = m[2] !== undefined && m[3] === '';
    many = unbounded || Number(m[3] ?? m[1]) > 1;
  } else return null;
  if (source[i + length] === '?') length++;
  return { length, unbounded, many };
}

/** Why `source` may backtrack catastrophically, or null when it passes the rules above. */
export function regexBacktrackingProblem(source: string): string | null {
  if (source.length > MAX_REGEX_CHARS) return `a regex may have at most ${MAX_REGEX_CHARS} characters`;
  const stack: Group[] = [{ repeats: false, unbounded: false, alternatives: false }];
  let unboundedTotal = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const top = stack[stack.length - 1];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // A character class is one atom; skip to its closing bracket.
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (c === '(') {
      stack.push({ repeats: false, unbounded: false, alternatives: false });
      // `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`: the `?` opens the group, it repeats nothing.
      const prefix = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(source.slice(i + 1));
      if (prefix) i += prefix[0].length;
      continue;
    }
    if (c === '|') {
      top.alternatives = true;
      continue;
    }
    if (c === ')') {
      const group = stack.length > 1 ? stack.pop()! : top;
      const parent = stack[stack.length - 1];
      const repeat = repeatAt(source, i + 1);
      if (repeat && ((repeat.unbounded && (group.repeats || group.alternatives)) || (repeat.many && group.unbounded))) {
        return `the group ending at character ${i + 1} is repeated and holds ${group.repeats ? 'a repeat' : 'alternatives'} itself (nested quantifiers backtrack catastrophically); repeat the inner part only, or bound it: (ab)+ not (a+b)+`;
      }
      parent.repeats ||= group.repeats || group.alternatives || repeat !== null;
      parent.unbounded ||= group.unbounded || (repeat?.unbounded ?? false);
      if (repeat) {
        if (repeat.unbounded) unboundedTotal++;
        i += repeat.length;
      }
      continue;
    }
    const repeat = repeatAt(source, i);
    if (repeat) {
      top.repeats = true;
      if (repeat.unbounded) {
        top.unbounded = true;
        unboundedTotal++;
      }
      i += repeat.length - 1;
    }
  }
  if (unboundedTotal > MAX_UNBOUNDED_REPEATS) {
    return `a regex may hold at most ${MAX_UNBOUNDED_REPEATS} unbounded repeats (*, +, {n,}); this one has ${unboundedTotal}, and each more multiplies the backtracking by the answer's length`;
  }
  return null;
}
