import { Random } from '../util/random.js';
import type { FillerSpec } from './schema.js';
import { parseGapMs } from './time.js';

/** One generated session of small talk. */
export interface FillerSession {
  sessionId: string;
  /** Time since the previous event (the step before, or the previous filler session). */
  gapMs: number;
  turns: { user: string; assistant: string }[];
}

/**
 * Filler turns one scenario may generate in all (sessions × turns, over every filler step). Every
 * cell replays them into its own database, so 10,000 × 1,000 per step (what the per-field limits
 * alone allow) ran memeval out of memory after minutes; 100k turns is 200k stored messages, the
 * largest history `memeval bench` measures, and replays in seconds per cell.
 */
export const MAX_FILLER_TURNS = 100_000;

/** Id of the n-th (0-based) session a filler step generates; validation checks these for clashes. */
export function fillerSessionId(prefix: string, n: number): string {
  return `${prefix}-${String(n + 1).padStart(3, '0')}`;
}

// Vocabulary for the templates. Kept clear of the words the built-in scenarios plant as facts, so
// distractors resemble real facts without answering a probe by accident.
const V = {
  city: [
    'Porto',
    'Valencia',
    'Krakow',
    'Osaka',
    'Denver',
    'Lyon',
    'Tallinn',
    'Seville',
    'Quebec',
    'Adelaide',
    'Bergen',
    'Ghent',
    'Cork',
    'Bologna',
    'Austin',
    'Kyoto',
    'Malmo',
    'Leeds',
    'Graz',
    'Halifax',
    'Split',
    'Nantes',
    'Utrecht',
    'Tucson',
  ],
  name: [
    'Priya',
    'Marco',
    'Hannah',
    'Tomasz',
    'Aiko',
    'Daniel',
    'Fatima',
    'Lukas',
    'Sofia',
    'Owen',
    'Ines',
    'Ravi',
    'Greta',
    'Mateo',
    'Yuki',
    'Nora',
    'Emil',
    'Leila',
    'Caleb',
    'Zara',
    'Felix',
    'Maya',
    'Jonas',
    'Amara',
  ],
  relation: [
    'cousin',
    'colleague',
    'neighbour',
    'friend',
    'brother-in-law',
    'manager',
    'classmate',
    'aunt',
    'flatmate',
    'coach',
  ],
  product: [
    'a standing desk',
    'noise-cancelling headphones',
    'an e-reader',
    'a rice cooker',
    'a mechanical keyboard',
    'a road bike',
    'a pour-over kettle',
    'a robot vacuum',
    'a drawing tablet',
    'a camping stove',
    'an air fryer',
    'a smartwatch',
    'a label printer',
    'a hammock',
  ],
  food: [
    'ramen',
    'paella',
    'lentil soup',
    'banana bread',
    'tacos',
    'risotto',
    'dumplings',
    'shakshuka',
    'pad thai',
    'flatbread',
    'chili',
    'pancakes',
    'curry',
    'gnocchi',
  ],
  hobby: [
    'bouldering',
    'birdwatching',
    'pottery',
    'chess',
    'running',
    'knitting',
    'photography',
    'woodworking',
    'baking',
    'kayaking',
    'sketching',
    'board games',
    'yoga',
    'cycling',
  ],
  show: [
    'a heist film',
    'a nature documentary',
    'a cooking competition',
    'a detective series',
    'an old western',
    'a space drama',
    'a stand-up special',
    'a period drama',
    'a sitcom rerun',
  ],
  day: ['Monday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  weather: ['rainy', 'windy', 'foggy', 'sunny', 'humid', 'chilly', 'stormy', 'mild'],
  thing: [
    'the printer',
    'the dishwasher',
    'the wifi router',
    'the car battery',
    'the garden hose',
    'the thermostat',
    'the bike chain',
    'the laptop fan',
  ],
  team: [
    'the planning team',
    'the support desk',
    'the design group',
    'the finance folks',
    'the night shift',
    'the volunteers',
  ],
  pet: ['Biscuit', 'Pepper', 'Mochi', 'Ziggy', 'Olive', 'Rusty', 'Clementine', 'Bean'],
  animal: ['dog', 'cat', 'parrot', 'rabbit', 'tortoise', 'hamster'],
  book: [
    'a mystery novel',
    'a biography of a chef',
    'a history of maps',
    'a sci-fi trilogy',
    'a travel memoir',
    'a book about habits',
  ],
  feeling: ['tired', 'pretty good', 'a bit distracted', 'relaxed', 'busy', 'cheerful', 'restless'],
} as const;

type Slot = keyof typeof V;
type Filled = Record<Slot, string> & { n: string; m: string; price: string };

const USER_TEMPLATES: ((f: Filled) => string)[] = [
  (f) => `The weather here has been ${f.weather} for ${f.n} days straight.`,
  (f) => `My ${f.relation} ${f.name} just moved to ${f.city}.`,
  (f) => `I tried making ${f.food} last night and it turned out okay.`,
  (f) => `${f.name} bought ${f.product} for ${f.price} dollars.`,
  (f) => `I spent the afternoon on ${f.hobby} with ${f.name}.`,
  (f) => `We watched ${f.show} on ${f.day}.`,
  (f) => `${f.thing} broke again on ${f.day}, so I called someone to look at it.`,
  (f) => `My ${f.relation} has a ${f.animal} called ${f.pet}.`,
  (f) => `I'm reading ${f.book} that my ${f.relation} lent me.`,
  (f) => `Feeling ${f.feeling} today after an hour of ${f.hobby}.`,
  (f) => `${f.team} had a meeting in room ${f.n} that ran long.`,
  (f) => `The train to ${f.city} was ${f.m} minutes late.`,
  (f) => `${f.name} is thinking about taking up ${f.hobby}.`,
  (f) => `I might get ${f.product} if it goes on sale.`,
  (f) => `My ${f.relation} ${f.name} recommended a ${f.food} place in ${f.city}.`,
  (f) => `We have ${f.n} guests coming on ${f.day}.`,
  (f) => `I walked ${f.m} minutes to the market because it was ${f.weather}.`,
  (f) => `${f.name} says ${f.city} is lovely this time of year.`,
  (f) => `There was a sale on ${f.food} ingredients, so I stocked up for ${f.day}.`,
  (f) => `I finally fixed ${f.thing} myself in ${f.m} minutes.`,
  (f) => `${f.name}'s ${f.animal} ${f.pet} learned a new trick.`,
  (f) => `I'm ${f.feeling} after a long ${f.day} of ${f.hobby}.`,
  (f) => `My ${f.relation} is flying back from ${f.city} on ${f.day}.`,
  (f) => `I have about ${f.m} minutes a day for ${f.hobby}. Any tips for getting better?`,
  (f) => `I have leftover ${f.food} from ${f.day}. What should I cook with it?`,
];

const ASSISTANT_TEMPLATES: ((f: Filled) => string)[] = [
  (f) => `That sounds nice. ${capitalise(f.weather)} weeks can be a good excuse to stay in.`,
  () => `Thanks for sharing that.`,
  (f) => `${capitalise(f.food)} is a good choice for a quiet evening.`,
  (f) => `I hope ${f.name} enjoys it.`,
  () => `That must have been a long day.`,
  (f) => `${capitalise(f.hobby)} is a great way to unwind.`,
  () => `Good to hear things are going well.`,
  (f) => `${f.city} has a lot going on, from what people say.`,
  () => `Fixing things yourself is satisfying.`,
  (f) => `Starting with ${f.m} minutes a day usually works.`,
  () => `Noted. Let me know how it goes.`,
  (f) => `A ${f.animal} named ${f.pet} sounds charming.`,
  () => `That happens more often than you'd think.`,
  (f) => `Maybe try it again on ${f.day} when you have more time.`,
  () => `Sounds like a busy week.`,
];

/** A cheap string hash (FNV-1a) so two filler steps with one seed still differ by prefix. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function capitalise(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function fill(rng: Random): Filled {
  const f = {} as Filled;
  for (const slot of Object.keys(V) as Slot[]) f[slot] = rng.pick(V[slot]);
  f.n = String(rng.int(2, 60));
  f.m = String(rng.int(5, 95));
  f.price = String(rng.int(20, 900));
  return f;
}

/**
 * Deterministic small talk: `spec.sessions` sessions of `spec.turns` exchanges each. The same
 * spec and seed always give the same text; different seeds give different text. With
 * `distractors` on, about half the user turns carry a second sentence with a fact-like detail
 * (another city, name, price, room number) so retrieval has near misses to reject.
 */
export function generateFillerSessions(spec: FillerSpec, seed: number): FillerSession[] {
  const rng = new Random((seed ^ hashString(spec.session_prefix)) >>> 0);
  const gapMs = parseGapMs(spec.gap);
  // Plain small-talk templates only when distractors are off: no names, cities or prices.
  const plain = [0, 2, 5, 9, 16, 18, 19, 21, 23, 24].map((i) => USER_TEMPLATES[i]);
  const userTemplates = spec.distractors ? USER_TEMPLATES : plain;
  const sessions: FillerSession[] = [];
  for (let n = 0; n < spec.sessions; n++) {
    const turns: FillerSession['turns'] = [];
    for (let t = 0; t < spec.turns; t++) {
      const f = fill(rng);
      let user = capitalise(rng.pick(userTemplates)(f));
      // The second sentence is never a question: the offline reader skips question sentences.
      if (spec.distractors && rng.chance(0.5))
        user += ` ${capitalise(rng.pick(USER_TEMPLATES.slice(0, 23))(fill(rng)))}`;
      const assistant = rng.pick(ASSISTANT_TEMPLATES)(f);
      turns.push({ user, assistant });
    }
    sessions.push({ sessionId: fillerSessionId(spec.session_prefix, n), gapMs, turns });
  }
  return sessions;
}
