// A throwaway certificate authority made with the openssl CLI: a CA, a server certificate for 127.0.0.1 and
// localhost, and a client certificate, for mTLS tests. The files live in a temporary folder until remove().
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  /** The folder holding ca.crt, server.key, server.crt, client.key and client.crt. */
  dir: string;
  /** Absolute path of one of the files above. */
  path(file: 'ca.crt' | 'server.key' | 'server.crt' | 'client.key' | 'client.crt'): string;
  /** PEM contents of one of the files above. */
  pem(file: 'ca.crt' | 'server.key' | 'server.crt' | 'client.key' | 'client.crt'): string;
  /** The client certificate's common name. */
  clientName: string;
  remove(): void;
}

export function createTestCertificates(clientName = 'skyport-client'): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'skyport-test-ca-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = ['-newkey', 'rsa:2048', '-nodes'];
  ssl(
    'req',
    '-x509',
    ...key,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=Skyport Test CA',
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const sign = (name: string, cn: string, extra: string[]) => {
    ssl('req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      ...extra,
    );
  };
  sign('server', 'localhost', ['-extfile', 'server.ext']);
  sign('client', clientName, []);
  return {
    dir,
    path: (file) => join(dir, file),
    pem: (file) => readFileSync(join(dir, file), 'utf8'),
    clientName,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
