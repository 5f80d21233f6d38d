// Parses INI or JSON config text into a validated SkyportConfig; errors name the file and line.
import { parse as parseIni } from 'ini';
import { ConfigError } from '../errors/index.js';
import { emptyConfig, type SkyportConfig } from './types.js';

type Kind = 'string' | 'bool' | 'number' | 'int' | 'level' | 'format';
type Setter = (c: SkyportConfig, v: unknown) => void;

const KEYS: Record<string, Record<string, [Kind, Setter]>> = {
  logging: {
    log_level: ['level', (c, v) => (c.logging.level = v as never)],
    log_format: ['format', (c, v) => (c.logging.format = v as never)],
    log_to_console: ['bool', (c, v) => (c.logging.toConsole = v as boolean)],
    log_file_path: ['string', (c, v) => (c.logging.filePath = v as string)],
    log_response_body: ['bool', (c, v) => (c.logging.logResponseBody = v as boolean)],
    log_request_body: ['bool', (c, v) => (c.logging.logRequestBody = v as boolean)],
  },
  reauthentication: {
    refresh_access_token: ['bool', (c, v) => (c.reauthentication.refreshAccessToken = v as boolean)],
    refresh_token_wait_max: [
      'number',
      (c, v) => (c.reauthentication.refreshTokenWaitMaxSeconds = v as number),
    ],
  },
  general: {
    live_reload_config: ['bool', (c, v) => (c.general.liveReloadConfig = v as boolean)],
    host: ['string', (c, v) => (c.general.host = v as string)],
  },
  gateway: {
    host: ['string', (c, v) => (gw(c).host = v as string)],
    protocol: ['string', (c, v) => (gw(c).protocol = v as string)],
    port: ['int', (c, v) => (gw(c).port = v as number)],
    path_params_login: ['string', (c, v) => (gw(c).pathParamsLogin = v as string)],
    path_params_api: ['string', (c, v) => (gw(c).pathParamsApi = v as string)],
    username: ['string', (c, v) => (gw(c).username = v as string)],
    password: ['string', (c, v) => (gw(c).password = v as string)],
  },
};

function gw(c: SkyportConfig): NonNullable<SkyportConfig['gateway']> {
  if (!c.gateway) c.gateway = { host: '' };
  return c.gateway;
}

export const CONFIG_KEYS: ReadonlyArray<readonly [string, string]> = Object.entries(KEYS).flatMap(
  ([s, keys]) => Object.keys(keys).map((k) => [s, k] as const),
);

function coerce(kind: Kind, raw: unknown, where: string): unknown {
  const fail = (expected: string): never => {
    throw new Error(`${where} must be ${expected} (got ${JSON.stringify(raw)})`);
  };
  switch (kind) {
    case 'string':
      if (typeof raw === 'string') return raw.trim();
      if (typeof raw === 'number') return String(raw);
      return fail('a string');
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim()))
        return raw.trim().toLowerCase() === 'true';
      return fail('true or false');
    case 'number':
    case 'int': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && raw.trim() !== ''
            ? Number(raw)
            : Number.NaN;
      if (!Number.isFinite(n) || (kind === 'int' && !Number.isInteger(n)))
        return fail(kind === 'int' ? 'an integer' : 'a number');
      if (kind === 'number' && n < 0) return fail('a non-negative number');
      return n;
    }
    case 'level': {
      const v =
        typeof raw === 'string'
          ? raw
              .trim()
              .toLowerCase()
              .replace(/^l(?=trace|debug|error|none)/, '')
          : raw;
      if (v === 'trace' || v === 'debug' || v === 'error' || v === 'none') return v;
      return fail('one of trace, debug, error, none');
    }
    case 'format': {
      const v = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
      if (v === 'text' || v === 'json') return v;
      return fail('text or json');
    }
  }
}

type Located = Map<string, number>; // "section.key" → line

/** Checks INI structure line by line and records where each key is. */
function scanIni(text: string, file: string | undefined): Located {
  const where: Located = new Map();
  let section = '';
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      const m = /^\[([^\]]+)\]$/.exec(line);
      if (!m)
        throw new ConfigError(`malformed section header ${JSON.stringify(line)}`, { file, line: i + 1 });
      section = m[1]!.trim().toLowerCase();
      continue;
    }
    const m = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!m)
      throw new ConfigError(`expected "key = value", got ${JSON.stringify(line)}`, { file, line: i + 1 });
    if (!section) throw new ConfigError(`key ${m[1]} appears before any [section]`, { file, line: i + 1 });
    where.set(`${section}.${m[1]!.trim().toLowerCase()}`, i + 1);
  }
  return where;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function parseJson(text: string, file: string | undefined): { data: unknown; where: Located } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    const pos = /position (\d+)/.exec(msg);
    const lc = /line (\d+)/.exec(msg);
    const line = lc ? Number(lc[1]) : pos ? lineOfOffset(text, Number(pos[1])) : undefined;
    throw new ConfigError(`invalid JSON: ${msg}`, { cause, file, ...(line ? { line } : {}) });
  }
  // Locate keys for value errors: the first `"key"` after the section's `"section"`.
  const where: Located = new Map();
  for (const [section, keys] of Object.entries(KEYS)) {
    const sIdx = text.search(new RegExp(`"${section}"\\s*:`));
    if (sIdx < 0) continue;
    for (const key of Object.keys(keys)) {
      const kIdx = text.slice(sIdx + 1).search(new RegExp(`"${key}"\\s*:`));
      if (kIdx >= 0) where.set(`${section}.${key}`, lineOfOffset(text, sIdx + 1 + kIdx));
    }
  }
  return { data, where };
}

export function parseConfigText(text: string, file?: string): SkyportConfig {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  const isJson = trimmed.startsWith('{') || (file?.toLowerCase().endsWith('.json') ?? false);
  let data: unknown;
  let where: Located;
  if (isJson) {
    ({ data, where } = parseJson(trimmed === '' ? '{}' : text.replace(/^\uFEFF/, ''), file));
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new ConfigError('JSON config must be an object of sections', { file, line: 1 });
    }
  } else {
    where = scanIni(text, file);
    data = parseIni(text);
  }
  const config = emptyConfig();
  if (file) config.file = file;
  for (const [sectionName, section] of Object.entries(data as Record<string, unknown>)) {
    const s = sectionName.toLowerCase();
    const keys = KEYS[s];
    if (!keys) {
      config.warnings.push(`unknown section [${sectionName}] ignored`);
      continue;
    }
    if (typeof section !== 'object' || section === null || Array.isArray(section)) {
      throw new ConfigError(`section ${sectionName} must be an object`, { file });
    }
    for (const [keyName, raw] of Object.entries(section as Record<string, unknown>)) {
      const k = keyName.toLowerCase();
      const spec = keys[k];
      if (!spec) {
        config.warnings.push(`unknown key ${sectionName}.${keyName} ignored`);
        continue;
      }
      const line = where.get(`${s}.${k}`);
      try {
        spec[1](config, coerce(spec[0], raw, `${s}.${k}`));
      } catch (err) {
        throw new ConfigError(err instanceof Error ? err.message : String(err), {
          file,
          ...(line ? { line } : {}),
        });
      }
    }
  }
  if (config.gateway && !config.gateway.host) {
    throw new ConfigError('gateway section needs a host', { file, ...(where.get('gateway.port') ? {} : {}) });
  }
  return config;
}

/** Environment overrides: SKYPORT_<SECTION>_<KEY>, e.g. SKYPORT_LOGGING_LOG_LEVEL=debug, SKYPORT_GENERAL_HOST. */
export function applyEnv(config: SkyportConfig, env: Record<string, string | undefined>): SkyportConfig {
  for (const [section, key] of CONFIG_KEYS) {
    const name = `SKYPORT_${section}_${key}`.toUpperCase();
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const spec = KEYS[section]![key]!;
    try {
      spec[1](config, coerce(spec[0], raw, name));
    } catch (err) {
      throw new ConfigError(`environment variable ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (config.gateway && !config.gateway.host)
    throw new ConfigError('gateway settings need a host (SKYPORT_GATEWAY_HOST)');
  return config;
}
