// The parts of undici the Node transport uses, loaded on the first request.
//
// `import('undici')` loads everything undici has (fetch, WebSocket, EventSource, cache, cookies, mocks): about
// 95 ms and 16 MiB on the bench machine. The transport needs only the Agent (its pools and HTTP/1.1 client),
// and the request API: loaded from their own modules (undici 6 has no `exports` map) that is about 45 ms and
// 11 MiB, most of it undici compiling its llhttp WebAssembly parser. A proxy needs the whole package (see
// loadProxyAgent). If a future undici moves those files, the whole package is loaded instead, so a layout change
// costs time, never a failure.
import type { Dispatcher, ProxyAgent } from 'undici';

export type AgentClass = new (options: import('undici').Agent.Options) => Dispatcher;
export type ProxyAgentClass = new (options: ProxyAgent.Options) => Dispatcher;
/** undici's request API, called with the dispatcher as `this` (what `undici.request` does after URL parsing). */
export type RequestFn = (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

export interface UndiciParts {
  Agent: AgentClass;
  request: RequestFn;
  loadProxyAgent(): Promise<ProxyAgentClass>;
  /** Reason phrases by status code (undici's request API gives only the code). */
  statusText: Record<number, string | undefined>;
  /** true when the individual modules were found (false: the whole package was loaded). */
  partial: boolean;
}

type Cjs<T> = { default: T };

/** Imports undici's Agent and request modules (a parameter of loadParts so tests can try another layout). */
export type DeepImport = () => Promise<[Cjs<AgentClass>, Cjs<RequestFn>]>;

const importDeep: DeepImport = () =>
  Promise.all([
    import('undici/lib/dispatcher/agent.js') as Promise<Cjs<AgentClass>>,
    import('undici/lib/api/api-request.js') as Promise<Cjs<RequestFn>>,
  ]);

export async function loadParts(deep: DeepImport = importDeep): Promise<UndiciParts> {
  const http = await import('node:http');
  try {
    const [agent, request] = await deep();
    if (typeof agent.default !== 'function' || typeof request.default !== 'function')
      throw new Error('layout');
    return {
      Agent: agent.default,
      request: request.default,
      // The ProxyAgent tunnels with `client.connect()`, an API method that undici's index adds to every
      // dispatcher: a proxy needs the whole package.
      loadProxyAgent: async () => (await import('undici')).ProxyAgent as unknown as ProxyAgentClass,
      statusText: http.STATUS_CODES,
      partial: true,
    };
  } catch {
    const undici = await import('undici');
    const whole = undici.request;
    return {
      Agent: undici.Agent as unknown as AgentClass,
      request(this: Dispatcher, options: Dispatcher.RequestOptions) {
        const { origin, path, ...rest } = options;
        return whole(new URL(path, origin), { ...rest, dispatcher: this } as never);
      },
      loadProxyAgent: async () => undici.ProxyAgent as unknown as ProxyAgentClass,
      statusText: http.STATUS_CODES,
      partial: false,
    };
  }
}

let loading: Promise<UndiciParts> | undefined;
/** Set once loaded, so requests after the first use the parts without an await. */
export let undiciParts: UndiciParts | undefined;

export function loadUndiciParts(): Promise<UndiciParts> {
  loading ??= loadParts().then((parts) => {
    undiciParts = parts;
    return parts;
  });
  return loading;
}
