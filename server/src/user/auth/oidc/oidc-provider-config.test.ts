import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../kernel/config/load-config.ts';
import { parseOidcProviders } from './oidc-provider-config.ts';

const refusal = (raw: string) => {
  try {
    parseOidcProviders(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${raw}`);
};

describe('VEZA_OIDC_PROVIDERS', () => {
  it('is empty when unset', () => {
    expect(parseOidcProviders(undefined)).toEqual([]);
  });

  it('reads a generic provider and adds the openid scope when missing', () => {
    const [provider] = parseOidcProviders(
      JSON.stringify([
        {
          id: 'corp',
          issuer: 'https://id.corp.example/',
          clientId: 'c',
          clientSecret: 's',
          scopes: ['email'],
        },
      ]),
    );
    expect(provider).toEqual({
      id: 'corp',
      name: 'corp',
      issuer: 'https://id.corp.example',
      clientId: 'c',
      clientSecret: 's',
      scopes: ['openid', 'email'],
      responseMode: 'query',
    });
  });

  it('fills issuer, name and scopes from a preset, and lets the entry override them', () => {
    const [google, gitlab, apple] = parseOidcProviders(
      JSON.stringify([
        { preset: 'google', clientId: 'g', clientSecret: 's' },
        {
          preset: 'gitlab',
          id: 'our-gitlab',
          issuer: 'https://git.example.org',
          clientId: 'l',
          clientSecret: 's',
        },
        { preset: 'apple', clientId: 'a', clientSecret: 'jwt' },
      ]),
    );
    expect(google).toMatchObject({
      id: 'google',
      name: 'Google',
      issuer: 'https://accounts.google.com',
      scopes: ['openid', 'email', 'profile'],
    });
    expect(gitlab).toMatchObject({ id: 'our-gitlab', name: 'GitLab', issuer: 'https://git.example.org' });
    expect(apple).toMatchObject({
      id: 'apple',
      issuer: 'https://appleid.apple.com',
      responseMode: 'form_post',
    });
  });

  it('refuses bad input with one line naming the variable and never the secret', () => {
    const cases: [string, RegExp][] = [
      ['{not json', /is not valid JSON/],
      ['{"id":"x"}', /must be a JSON array/],
      ['[{"id":"x","issuer":"https://x.example","clientSecret":"hunter2"}]', /\[0\] .*clientId/],
      [
        '[{"id":"x","issuer":"https://x.example","clientId":"c","clientSecret":"hunter2","extra":1}]',
        /\[0\] has unknown field "extra"/,
      ],
      [
        '[{"preset":"myspace","clientId":"c","clientSecret":"hunter2"}]',
        /\[0\]\.preset must be one of google, microsoft, gitlab, apple/,
      ],
      [
        '[{"id":"Bad Id","issuer":"https://x.example","clientId":"c","clientSecret":"hunter2"}]',
        /\[0\]\.id must match/,
      ],
      [
        '[{"id":"x","issuer":"http://x.example","clientId":"c","clientSecret":"hunter2"}]',
        /\[0\]\.issuer must use https/,
      ],
      [
        '[{"preset":"google","clientId":"c","clientSecret":"hunter2"},{"preset":"google","clientId":"d","clientSecret":"hunter2"}]',
        /provider id "google" twice/,
      ],
    ];
    for (const [raw, expected] of cases) {
      const message = refusal(raw);
      expect(message, raw).toMatch(/^Invalid configuration: VEZA_OIDC_PROVIDERS /);
      expect(message, raw).toMatch(expected);
      expect(message, raw).not.toContain('hunter2');
      expect(message, raw).not.toContain('\n');
    }
  });

  it('accepts plain HTTP for a provider on this machine only', () => {
    for (const host of ['localhost:8080', '127.0.0.1:9000', '[::1]:9000'])
      expect(
        parseOidcProviders(
          JSON.stringify([{ id: 'dev', issuer: `http://${host}`, clientId: 'c', clientSecret: 's' }]),
        ),
      ).toHaveLength(1);
  });
});
