import { regexBacktrackingProblem } from '../util/regex-safety.js';
import { fillerSessionId, MAX_FILLER_TURNS } from './filler.js';
import type { Problem } from './load.js';
import type { Scenario } from './schema.js';
import { parseGapMs, parseInstantMs } from './time.js';

/**
 * Checks that need more than one field: users are listed, ids are unique, evidence refers to turns
 * that exist and come before the probe, times move forward. The schema has already passed, so the
 * shapes can be trusted. Returns every problem found (empty when the scenario is sound).
 */
export function crossFieldProblems(s: Scenario): Problem[] {
  const problems: Problem[] = [];
  const report = (path: (string | number)[], message: string) => problems.push({ path, message });

  const users = new Set<string>();
  s.users.forEach((u, i) => (users.has(u) ? report(['users', i], `user "${u}" is listed twice`) : users.add(u)));
  const checkUser = (path: (string | number)[], user: string) => {
    if (!users.has(user)) report(path, `user "${user}" is not listed in users (${s.users.join(', ')})`);
  };

  // Every turn id in the file, so evidence pointing at a later turn gets a precise message.
  const allTurnIds = new Set<string>();
  for (const step of s.steps) {
    if ('session' in step)
      for (const t of step.session.turns) for (const id of [t.id, t.assistant_id]) if (id) allTurnIds.add(id);
  }

  const sessionUser = new Map<string, string>();
  const turnIds = new Set<string>();
  const probeIds = new Set<string>();
  let nowMs = parseInstantMs(s.start);
  let fillerTurns = 0;
  const checkWhen = (path: (string | number)[], when: { at?: string; after?: string }) => {
    if (when.at !== undefined && when.after !== undefined) report(path, 'give at most one of at, after');
    if (when.at !== undefined) {
      const atMs = parseInstantMs(when.at);
      if (atMs < nowMs)
        report(
          [...path, 'at'],
          `${when.at} is before the previous event (${new Date(nowMs).toISOString()}); times must move forward`,
        );
      nowMs = Math.max(nowMs, atMs);
    }
    if (when.after !== undefined) nowMs += parseGapMs(when.after);
  };
  const claimSession = (path: (string | number)[], id: string, user: string) => {
    if (sessionUser.has(id)) report(path, `session id "${id}" is already used`);
    sessionUser.set(id, user);
  };

  s.steps.forEach((step, i) => {
    const at = ['steps', i];
    if ('session' in step) {
      const { session } = step;
      checkUser([...at, 'session', 'user'], session.user);
      claimSession([...at, 'session', 'id'], session.id, session.user);
      checkWhen([...at, 'session'], session);
      session.turns.forEach((t, j) => {
        const tp = [...at, 'session', 'turns', j];
        if (t.assistant_id !== undefined && t.assistant === undefined)
          report([...tp, 'assistant_id'], 'assistant_id needs an assistant reply');
        for (const [key, id] of [
          ['id', t.id],
          ['assistant_id', t.assistant_id],
        ] as const) {
          if (id === undefined) continue;
          if (turnIds.has(id)) report([...tp, key], `turn id "${id}" is already used`);
          turnIds.add(id);
        }
      });
    } else if ('probe' in step) {
      const { probe } = step;
      const pp = [...at, 'probe'];
      checkUser([...pp, 'user'], probe.user);
      if (probeIds.has(probe.id)) report([...pp, 'id'], `probe id "${probe.id}" is already used`);
      probeIds.add(probe.id);
      checkWhen(pp, probe);
      const sessionId = probe.session ?? `probe-${probe.id}`;
      const owner = sessionUser.get(sessionId);
      if (owner === undefined) sessionUser.set(sessionId, probe.user);
      else if (owner !== probe.user)
        report(
          [...pp, probe.session ? 'session' : 'id'],
          `session "${sessionId}" belongs to user "${owner}", not "${probe.user}"`,
        );
      else if (!probe.session) report([...pp, 'id'], `session id "${sessionId}" is already used`);
      probe.evidence.forEach((id, j) => {
        if (turnIds.has(id)) return;
        report(
          [...pp, 'evidence', j],
          allTurnIds.has(id) ? `turn "${id}" is defined after this probe` : `no turn has id "${id}"`,
        );
      });
      if (probe.expect.regex !== undefined) {
        try {
          new RegExp(probe.expect.regex, 'i');
          const risk = regexBacktrackingProblem(probe.expect.regex);
          if (risk) report([...pp, 'expect', 'regex'], risk);
        } catch (err) {
          report([...pp, 'expect', 'regex'], `not a valid regular expression: ${(err as Error).message}`);
        }
      }
      if (probe.kind === 'abstain' && !probe.expect.abstain)
        report([...pp, 'expect'], 'a probe of kind abstain expects abstain: true');
    } else if ('filler' in step) {
      const { filler } = step;
      checkUser([...at, 'filler', 'user'], filler.user);
      fillerTurns += filler.sessions * filler.turns;
      if (fillerTurns > MAX_FILLER_TURNS) {
        report(
          [...at, 'filler'],
          `${filler.sessions} sessions × ${filler.turns} turns brings the scenario's filler to ${fillerTurns} turns; at most ${MAX_FILLER_TURNS} (every cell replays them)`,
        );
        return;
      }
      nowMs += filler.sessions * parseGapMs(filler.gap);
      for (let n = 0; n < filler.sessions; n++)
        claimSession([...at, 'filler', 'session_prefix'], fillerSessionId(filler.session_prefix, n), filler.user);
    } else if ('profile' in step) {
      checkUser([...at, 'profile', 'user'], step.profile.user);
    }
  });
  if (probeIds.size === 0) report(['steps'], 'a scenario needs at least one probe');

  const passes = s.expect?.passes ?? [];
  const fails = s.expect?.fails ?? [];
  fails.forEach(
    (spec, i) => passes.includes(spec) && report(['expect', 'fails', i], `"${spec}" is also listed in passes`),
  );
  return dedupe(problems);
}

/** A filler with many sessions colliding with one id would report the same problem N times. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path.join('.')}\u0000${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
