import Value from 'typebox/value';
import { type Config, type ConfigKey, ConfigSchema, settingOptions } from './config-schema.ts';

/** A bad setting: its message is one line naming the variable and what it expects. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const keys = Object.keys(ConfigSchema.properties) as ConfigKey[];

function coerce(key: ConfigKey, raw: string): unknown {
  const schema = ConfigSchema.properties[key] as { type?: string };
  if (schema.type === 'integer') return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (schema.type === 'boolean')
    return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  return raw;
}

/** Reads and validates the configuration from environment variables (empty values count as unset). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const candidate: Record<string, unknown> = {};
  for (const key of keys) {
    const raw = env[settingOptions(key).env];
    if (raw !== undefined && raw !== '') candidate[key] = coerce(key, raw);
  }
  Object.assign(candidate, overrides);
  const withDefaults = Value.Default(ConfigSchema, candidate) as Record<string, unknown>;
  for (const key of keys) {
    const schema = ConfigSchema.properties[key];
    const value = withDefaults[key];
    if (value === undefined) continue;
    if (!Value.Check(schema, value)) {
      const { env: name, secret, description } = settingOptions(key);
      const shown = secret ? '(redacted)' : JSON.stringify(value);
      throw new ConfigError(`Invalid configuration: ${name} must be ${description}, got ${shown}`);
    }
  }
  return withDefaults as Config;
}

/** The configuration as `veza config` shows it: secrets and URL passwords replaced by ***. */
export function redactedConfig(config: Config): Record<string, { env: string; value: unknown }> {
  const out: Record<string, { env: string; value: unknown }> = {};
  for (const key of keys) {
    const { env, secret } = settingOptions(key);
    let value: unknown = config[key];
    if (secret && typeof value === 'string') value = redactSecret(value);
    out[key] = { env, value: value ?? null };
  }
  return out;
}

function redactSecret(value: string): string {
  try {
    const url = new URL(value);
    if (!url.password && !url.username) return value;
    if (url.password) url.password = '***';
    else url.username = '***';
    return url.toString();
  } catch {
    return '***';
  }
}
