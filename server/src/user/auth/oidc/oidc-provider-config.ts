import { type Static, Type } from 'typebox';
import Value from 'typebox/value';
import { ConfigError } from '../../../kernel/config/load-config.ts';
import { OIDC_PRESETS, type OidcPresetName } from './oidc-presets.ts';

/** One sign-in provider as the auth service uses it, presets resolved. */
export interface OidcProviderConfig {
  /** In URLs (`/auth/oidc/<id>/start`) and in `identities.provider`. */
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
  responseMode: 'query' | 'form_post';
}

const ID = '^[a-z][a-z0-9-]{0,31}$';
const common = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  clientId: Type.String({ minLength: 1, maxLength: 500 }),
  clientSecret: Type.String({ minLength: 1, maxLength: 4096 }),
  scopes: Type.Optional(Type.Array(Type.String({ pattern: '^[\\x21-\\x7e]+$' }), { minItems: 1 })),
  responseMode: Type.Optional(Type.Union([Type.Literal('query'), Type.Literal('form_post')])),
};
const issuer = Type.String({ pattern: '^https?://[^\\s?#]+$' });

const GenericEntry = Type.Object(
  { id: Type.String({ pattern: ID }), issuer, ...common },
  { additionalProperties: false },
);
const PresetEntry = Type.Object(
  {
    preset: Type.Union(Object.keys(OIDC_PRESETS).map((name) => Type.Literal(name))),
    id: Type.Optional(Type.String({ pattern: ID })),
    issuer: Type.Optional(issuer),
    ...common,
  },
  { additionalProperties: false },
);

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const invalid = (what: string) => new ConfigError(`Invalid configuration: VEZA_OIDC_PROVIDERS ${what}`);

/** The first schema violation, as a person reads it: `[1].clientId must be string`. */
function describeViolation(schema: typeof GenericEntry | typeof PresetEntry, entry: unknown, index: number) {
  const violation = Value.Errors(schema, entry).find((error) => error.keyword !== 'boolean');
  if (!violation) return `entry ${index} is invalid`;
  const params = violation.params as { additionalProperties?: string[] };
  const where = `[${index}]${violation.instancePath.replaceAll('/', '.')}`;
  if (params.additionalProperties) return `${where} has unknown field "${params.additionalProperties[0]}"`;
  return `${where} ${violation.message}`;
}

/**
 * Parses VEZA_OIDC_PROVIDERS once at start-up. A bad value stops the process with one line naming the
 * variable; the secrets it holds never appear in that line.
 */
export function parseOidcProviders(raw: string | undefined): OidcProviderConfig[] {
  if (!raw) return [];
  let entries: unknown;
  try {
    entries = JSON.parse(raw);
  } catch {
    throw invalid('is not valid JSON');
  }
  if (!Array.isArray(entries)) throw invalid('must be a JSON array of provider objects');
  const providers = entries.map((entry: unknown, index): OidcProviderConfig => {
    const isPreset = typeof entry === 'object' && entry !== null && 'preset' in entry;
    const presetName = isPreset ? (entry as { preset: unknown }).preset : undefined;
    if (isPreset && !Object.hasOwn(OIDC_PRESETS, String(presetName)))
      throw invalid(`[${index}].preset must be one of ${Object.keys(OIDC_PRESETS).join(', ')}`);
    const schema = isPreset ? PresetEntry : GenericEntry;
    if (!Value.Check(schema, entry)) throw invalid(describeViolation(schema, entry, index));
    const given = entry as Static<typeof GenericEntry> | Static<typeof PresetEntry>;
    const preset = 'preset' in given ? OIDC_PRESETS[given.preset as OidcPresetName] : undefined;
    const resolved: OidcProviderConfig = {
      id: given.id ?? preset!.id,
      name: given.name ?? preset?.name ?? given.id!,
      issuer: (given.issuer ?? preset!.issuer).replace(/\/$/, ''),
      clientId: given.clientId,
      clientSecret: given.clientSecret,
      // `openid` is what makes it OIDC (an ID token comes back); it is added when the list forgets it.
      scopes: [...new Set(['openid', ...(given.scopes ?? preset?.scopes ?? ['email', 'profile'])])],
      responseMode: given.responseMode ?? preset?.responseMode ?? 'query',
    };
    const url = new URL(resolved.issuer);
    // Plain HTTP is for a provider on this machine (development, tests); anywhere else tokens would travel
    // in clear and the discovery document could be swapped.
    if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
      throw invalid(`[${index}].issuer must use https:// (http:// only for localhost)`);
    return resolved;
  });
  const seen = new Set<string>();
  for (const provider of providers) {
    if (seen.has(provider.id)) throw invalid(`lists the provider id "${provider.id}" twice`);
    seen.add(provider.id);
  }
  return providers;
}
