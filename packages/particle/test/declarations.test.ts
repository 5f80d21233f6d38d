// The built declaration files as a TypeScript user's project meets them: strict, skipLibCheck off, under each module
// resolution projects use, including the legacy `node10` one that ignores `exports` (`@skyport/particle/modular`
// then resolves through `typesVersions`). Needs `npm run build -w @skyport/core -w @skyport/particle` first.
import { type Resolution, typecheckProject } from '@skyport/test-support';
import { describe, expect, it } from 'vitest';

const source = `
import Particle from '@skyport/particle';
import { getEventStream, listDevices, login, particleWith } from '@skyport/particle/modular';

export async function run(): Promise<unknown[]> {
  const full = new Particle();
  const Small = particleWith({ login, listDevices, getEventStream });
  const small = new Small();
  const { body } = await small.login({ username: 'u', password: 'p' });
  const devices = await full.listDevices({ auth: body.access_token });
  const stream = await small.getEventStream({ deviceId: 'mine', auth: body.access_token });
  stream.on('event', (e) => console.log(e.name));
  return [devices.statusCode];
}
`;

describe('declaration files', () => {
  it.each<Resolution>(['nodenext', 'node10', 'bundler'])(
    'type-check in a strict %s project with skipLibCheck off',
    async (resolution) => {
      const { code, errors } = await typecheckProject(source, ['core', 'particle'], resolution);
      expect(errors).toEqual([]);
      expect(code).toBe(0);
    },
    120_000,
  );
});
