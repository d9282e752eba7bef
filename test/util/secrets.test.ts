import { describe, expect, it } from 'vitest';
import { addSecret, addSecretsFromEnv, addUrlSecrets, scrubSecrets } from '../../src/util/secrets.js';

describe('scrubSecrets', () => {
  it('replaces every secret added, as given and URL-encoded, longest first; short values are left alone', () => {
    addSecret('sk-ant-unit-0123456789abcdef');
    addSecret('sk-ant-unit-0123456789abcdef-longer');
    addSecret('short');
    expect(scrubSecrets('a sk-ant-unit-0123456789abcdef-longer b sk-ant-unit-0123456789abcdef c')).toBe(
      'a [redacted] b [redacted] c',
    );
    expect(scrubSecrets('a short word')).toBe('a short word');
    addSecret('p@ss/w0rd+unit-secret');
    expect(scrubSecrets(`x=${encodeURIComponent('p@ss/w0rd+unit-secret')}`)).toBe('x=[redacted]');
  });

  it('takes credential-named variables and URL credentials from an environment, not other variables', () => {
    addSecretsFromEnv({
      MY_SERVICE_API_KEY: 'svc-key-unit-11112222',
      DEPLOY_TOKEN: 'tok-unit-33334444',
      DB_PASSWORD: 'password',
      HOME: '/home/someone-unit',
      ANTHROPIC_BASE_URL: 'https://envuser:envpass-unit-5555@proxy.example/',
    });
    expect(scrubSecrets('svc-key-unit-11112222 tok-unit-33334444 /home/someone-unit envpass-unit-5555')).toBe(
      '[redacted] [redacted] /home/someone-unit [redacted]',
    );
    // A short value under a credential-like name is not taken: a common word must survive in reports.
    expect(scrubSecrets('the password field')).toBe('the password field');
  });

  it('scrubs the user:password pair of a URL even when each half is short, and credentials in any URL', () => {
    addUrlSecrets('http://user:pass@127.0.0.1:9/');
    expect(scrubSecrets('failed: user:pass rejected')).toBe('failed: [redacted] rejected');
    expect(scrubSecrets('fetch http://someone:else@host.example/v1 failed')).toBe(
      'fetch http://[redacted]@host.example/v1 failed',
    );
    expect(scrubSecrets('mail me at ana@example.com')).toBe('mail me at ana@example.com');
    expect(scrubSecrets('no url here')).toBe('no url here');
  });
});
