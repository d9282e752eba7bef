import { describe, expect, it } from 'vitest';
import { buildTimeline, TURN_SPACING_MS, type TimelineEvent } from '../../src/runner/timeline.js';
import { Scenario } from '../../src/scenario/schema.js';

const T0 = Date.UTC(2024, 0, 1, 9);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function timeline(steps: unknown[], extra: object = {}): TimelineEvent[] {
  return buildTimeline(Scenario.parse({ id: 't', description: 'd', users: ['u', 'v'], steps, ...extra }));
}

describe('buildTimeline', () => {
  it('places sessions at, or a gap after, the previous event; turns one second apart', () => {
    const events = timeline([
      {
        session: {
          id: 's1',
          user: 'u',
          turns: [{ id: 'a', user: 'one', assistant: 'ok', assistant_id: 'a2' }, { user: 'two' }],
        },
      },
      { session: { id: 's2', user: 'u', after: '2d', turns: [{ user: 'three' }] } },
      { session: { id: 's3', user: 'v', at: '2024-02-01T10:00:00Z', turns: [{ user: 'four' }] } },
      { probe: { id: 'p', user: 'u', after: '5h', question: 'q?', expect: { any: ['x'] } } },
    ]);
    expect(events.map((e) => [e.type, e.atMs])).toEqual([
      ['turn', T0],
      ['turn', T0 + TURN_SPACING_MS],
      ['turn', T0 + 2 * DAY],
      ['turn', Date.UTC(2024, 1, 1, 10)],
      ['probe', Date.UTC(2024, 1, 1, 15)],
    ]);
    expect(events[0]).toMatchObject({
      userId: 'u',
      sessionId: 's1',
      userText: 'one',
      assistantText: 'ok',
      userExtId: 'a',
      assistantExtId: 'a2',
      filler: false,
    });
    expect(events[4]).toMatchObject({ sessionId: 'probe-p' });
  });

  it('expands filler sessions one gap apart, deterministically, and keeps restarts, faults and profile steps in place', () => {
    const steps = [
      { filler: { user: 'u', sessions: 3, turns: 2, gap: '1d' } },
      { restart: true },
      { fault: { kind: 'store-unavailable', turns: 2 } },
      { profile: { user: 'u', key: 'k', value: 'v' } },
      { probe: { id: 'p', user: 'u', question: 'q?', expect: { abstain: true } } },
    ];
    const a = timeline(steps);
    expect(a.filter((e) => e.type === 'turn')).toHaveLength(6);
    expect(a.filter((e) => e.type === 'turn').map((e) => e.atMs)).toEqual([
      T0 + DAY,
      T0 + DAY + 1000,
      T0 + 2 * DAY,
      T0 + 2 * DAY + 1000,
      T0 + 3 * DAY,
      T0 + 3 * DAY + 1000,
    ]);
    expect(a.slice(6).map((e) => e.type)).toEqual(['restart', 'fault', 'profile', 'probe']);
    expect(a.slice(6).every((e) => e.atMs === T0 + 3 * DAY + 1000)).toBe(true);
    expect(timeline(steps)).toEqual(a);
    const reseeded = buildTimeline(Scenario.parse({ id: 't', description: 'd', users: ['u', 'v'], steps }), 99);
    expect(reseeded.map((e) => (e.type === 'turn' ? e.userText : e.type))).not.toEqual(
      a.map((e) => (e.type === 'turn' ? e.userText : e.type)),
    );
  });
});
