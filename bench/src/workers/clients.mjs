// One way to make "GET the same small JSON document" per client under test. Each factory gets the server's base
// URL and returns a function performing one request and resolving to the parsed body. A factory throws
// NotAvailable when the package it measures isn't built yet.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export class NotAvailable extends Error {}

// The floor clients send the same bearer token the SDKs send, so every request carries the same headers' work.
const headers = { authorization: 'Bearer bench-token' };

async function load(specifier) {
  try {
    return await import(specifier);
  } catch (error) {
    throw new NotAvailable(`${specifier}: ${error.message.split('\n')[0]}`);
  }
}

function gateway(baseUrl) {
  const url = new URL(baseUrl);
  return {
    host: url.hostname,
    protocol: url.protocol.replace(':', ''),
    port: Number(url.port),
    path_params_login: 'login',
    path_params_api: '',
  };
}

export const clients = {
  async 'undici.request'(baseUrl) {
    const { request } = await load('undici');
    const url = `${baseUrl}/api/v2/users/me`;
    return async () => {
      const { body } = await request(url, { headers });
      return body.json();
    };
  },
  async fetch(baseUrl) {
    const url = `${baseUrl}/api/v2/users/me`;
    return async () => (await fetch(url, { headers })).json();
  },
  async 'node:http'(baseUrl) {
    const http = await import('node:http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const url = `${baseUrl}/api/v2/users/me`;
    return () =>
      new Promise((resolve, reject) => {
        http
          .get(url, { agent, headers }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
            res.on('error', reject);
          })
          .on('error', reject);
      });
  },
  async 'purecloud-platform-client-v2'(baseUrl) {
    const platformClient = require('purecloud-platform-client-v2');
    const client = platformClient.ApiClient.instance;
    client.setGateway(gateway(baseUrl));
    client.setAccessToken('bench-token');
    const users = new platformClient.UsersApi();
    return () => users.getUsersMe();
  },
  async 'particle-api-js'(baseUrl) {
    const Particle = require('particle-api-js');
    const particle = new Particle({ baseUrl });
    return async () =>
      (await particle.getDevice({ deviceId: '0123456789abcdef01234567', auth: 'bench-token' })).body;
  },
  async '@skyport/core'(baseUrl) {
    const { HttpClient } = await load('@skyport/core');
    const client = new HttpClient({ baseUrl, retry: false });
    return () => client.request({ method: 'GET', path: '/api/v2/users/me', auth: 'bench-token' });
  },
  async '@skyport/genesys-cloud'(baseUrl) {
    const { createClient } = await load('@skyport/genesys-cloud');
    const { getUsersMe } = await load('@skyport/genesys-cloud/users');
    // Same gateway settings as the official SDK gets; a fixed token, no retries (one request per call).
    const client = createClient({
      gateway: { host: new URL(baseUrl).hostname, protocol: 'http', port: Number(new URL(baseUrl).port) },
      auth: 'bench-token',
      retry: false,
    });
    return () => getUsersMe(client);
  },
  async '@skyport/genesys-cloud compat'(baseUrl) {
    const platformClient = await load('@skyport/genesys-cloud/compat');
    const client = platformClient.ApiClient.instance;
    client.setGateway(gateway(baseUrl));
    client.setAccessToken('bench-token');
    const users = new platformClient.UsersApi();
    return () => users.getUsersMe();
  },
  async '@skyport/particle'(baseUrl) {
    const { Particle } = await load('@skyport/particle');
    // particle-api-js never retries; retry: false makes the work identical.
    const particle = new Particle({ baseUrl, retry: false });
    return async () =>
      (await particle.getDevice({ deviceId: '0123456789abcdef01234567', auth: 'bench-token' })).body;
  },
};
