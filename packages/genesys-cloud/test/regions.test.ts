// Regions table and environment resolution (pure functions), and how createClient picks its URLs.
import { ConfigError } from '@skyport/core';
import { describe, expect, it } from 'vitest';
import { createClient, regions, resolveEnvironment } from '../src/index';

describe('regions', () => {
  it('every region has consistent API, login and streaming hosts', () => {
    expect(Object.keys(regions).length).toBeGreaterThanOrEqual(18);
    for (const [key, r] of Object.entries(regions)) {
      expect(r.aws.replace(/-/g, '_')).toBe(key);
      expect(r.apiUrl).toBe(`https://api.${r.domain}`);
      expect(r.loginUrl).toBe(`https://login.${r.domain}`);
      expect(r.streamingUrl).toBe(`wss://streaming.${r.domain}`);
    }
    expect(regions.eu_west_1.domain).toBe('mypurecloud.ie');
    expect(regions.ap_southeast_2.domain).toBe('mypurecloud.com.au');
  });

  it('environment accepts a domain, an API host, an API URL, a region key or an AWS region', () => {
    const ie = { apiUrl: 'https://api.mypurecloud.ie', loginUrl: 'https://login.mypurecloud.ie' };
    for (const v of [
      'mypurecloud.ie',
      'api.mypurecloud.ie',
      'https://api.mypurecloud.ie',
      'https://api.mypurecloud.ie/',
      'eu_west_1',
      'eu-west-1',
      'login.mypurecloud.ie',
    ]) {
      expect(resolveEnvironment(v), v).toMatchObject(ie);
    }
    expect(resolveEnvironment('usw2.pure.cloud').streamingUrl).toBe('wss://streaming.usw2.pure.cloud');
    expect(resolveEnvironment('http://127.0.0.1:4010')).toEqual({
      apiUrl: 'http://127.0.0.1:4010',
      loginUrl: 'http://127.0.0.1:4010/login',
      streamingUrl: 'ws://127.0.0.1:4010',
    });
    // A named host keeps its scheme (http: ws, https: wss) and port on all three hosts.
    expect(resolveEnvironment('http://api.example.test:8080')).toEqual({
      apiUrl: 'http://api.example.test:8080',
      loginUrl: 'http://login.example.test:8080',
      streamingUrl: 'ws://streaming.example.test:8080',
    });
    expect(resolveEnvironment('https://login.mypurecloud.de:8443')).toEqual({
      apiUrl: 'https://api.mypurecloud.de:8443',
      loginUrl: 'https://login.mypurecloud.de:8443',
      streamingUrl: 'wss://streaming.mypurecloud.de:8443',
    });
  });

  it('bad environments are ConfigErrors naming the value', () => {
    expect(() => resolveEnvironment('')).toThrow(ConfigError);
    expect(() => resolveEnvironment('https://api.mypurecloud.ie/api/v2')).toThrow(/without path/);
    expect(() => resolveEnvironment('ftp://mypurecloud.ie')).toThrow(/http or https/);
    expect(() => resolveEnvironment('not a host')).toThrow(ConfigError);
  });

  it('createClient: environment, region, gateway and explicit URLs', () => {
    expect(createClient().environment.apiUrl).toBe('https://api.mypurecloud.com');
    expect(createClient({ region: 'ap_northeast_1' }).environment.loginUrl).toBe(
      'https://login.mypurecloud.jp',
    );
    expect(createClient({ environment: 'mypurecloud.de' }).environment.apiUrl).toBe(
      'https://api.mypurecloud.de',
    );
    expect(
      createClient({ gateway: { host: 'gw.example.com', pathParamsLogin: 'login', pathParamsApi: 'api' } })
        .environment,
    ).toEqual({ apiUrl: 'https://gw.example.com/api', loginUrl: 'https://gw.example.com/login' });
    expect(() => createClient({ region: 'mars_1' as never })).toThrow(/unknown region "mars_1"/);
    expect(() => createClient({ region: 'eu_west_1', environment: 'mypurecloud.ie' })).toThrow(/only one of/);
    expect(() => createClient({ apiUrl: 'nope' })).toThrow('apiUrl must be an http(s) URL (got "nope")');
  });
});
