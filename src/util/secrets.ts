/**
 * Every secret this process holds, and the one function that takes them out of text. Text is
 * scrubbed where it leaves the model layer (replies, errors, replayed recordings) and again where
 * memeval writes (report files, journal, cache files, the store, the error line), so a secret an
 * API echoes back, or one inside an error, never reaches an output — whichever path it took.
 * Internal: not part of the public API.
 */

/** What a secret becomes in every output. */
export const REDACTED = '[redacted]';

/** Shorter values are left alone so ordinary words survive (a key or token is far longer). */
const MIN_SECRET_CHARS = 8;

/** Environment variables memeval or the libraries it drives read credentials from. */
const SECRET_ENV = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'];
/** Variables holding URLs whose user:password part is a credential. */
const URL_ENV = ['ANTHROPIC_BASE_URL', 'HF_ENDPOINT'];
/**
 * Any other variable named like a credential: the process holds it, so no output may show it.
 * Only long values count (a generated token, not `DB_PASSWORD=password`), so that a common word
 * someone used as a password does not vanish from every report.
 */
const SECRET_NAME = /(?:^|_)(?:API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD)$/i;
const MIN_NAMED_SECRET_CHARS = 16;

/** Credentials in any URL (`scheme://user:pass@host`), whether or not this process was given them. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi;

const secrets = new Set<string>();
/** Longest first, so a secret containing another is replaced whole. */
let ordered: string[] = [];
let envRead = false;

/** Adds a value to scrub, in the forms it may appear in (as given and URL-encoded). */
export function addSecret(value: string | undefined | null): void {
  const v = value?.trim();
  if (!v || v.length < MIN_SECRET_CHARS) return;
  const before = secrets.size;
  secrets.add(v);
  secrets.add(encodeURIComponent(v));
  if (secrets.size !== before) ordered = [...secrets].sort((a, b) => b.length - a.length);
}

/** Adds the credentials of a URL: `user:pass` together (short parts too) and each long part alone. */
export function addUrlSecrets(url: string | undefined | null): void {
  if (!url) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (!parsed.username && !parsed.password) return;
  for (const part of [parsed.username, parsed.password]) {
    addSecret(part);
    addSecret(safeDecode(part));
  }
  // The pair is distinctive even when each half is short (`user:pass`).
  const pair = `${parsed.username}:${parsed.password}`;
  if (pair.length >= MIN_SECRET_CHARS) {
    secrets.add(pair);
    secrets.add(safeDecode(pair));
    ordered = [...secrets].sort((a, b) => b.length - a.length);
  }
}

/** Reads the credentials out of an environment (done once for process.env, on the first scrub). */
export function addSecretsFromEnv(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    if (SECRET_ENV.includes(name) || (SECRET_NAME.test(name) && (value?.trim().length ?? 0) >= MIN_NAMED_SECRET_CHARS))
      addSecret(value);
    if (URL_ENV.includes(name)) addUrlSecrets(value);
  }
}

/** The text with every secret of this process, and the credentials of any URL, replaced by `[redacted]`. */
export function scrubSecrets(text: string): string {
  if (!envRead) {
    envRead = true;
    addSecretsFromEnv(process.env);
  }
  let out = text.includes('@') ? text.replace(URL_CREDENTIALS, `$1${REDACTED}@`) : text;
  for (const s of ordered) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
