// The built declaration files as a TypeScript user's project meets them: strict, skipLibCheck off (an error anywhere
// in dist/*.d.ts would fail the user's `tsc`), under each module resolution projects use, including the legacy
// `node10` one that ignores `exports` (subpaths then resolve through `typesVersions`).
// Needs `npm run build -w @skyport/core -w @skyport/genesys-cloud` first.
import { type Resolution, typecheckProject } from '@skyport/test-support';
import { describe, expect, it } from 'vitest';

const source = `
import { createClient, paginate, type GenesysClient, type Models } from '@skyport/genesys-cloud';
import { createClient as createModularClient, pkce } from '@skyport/genesys-cloud/modular';
import platformClient from '@skyport/genesys-cloud/compat';
import * as compat from '@skyport/genesys-cloud/compat';
import { withApis } from '@skyport/genesys-cloud/facade';
import { getUsersMe } from '@skyport/genesys-cloud/users';
import { getRoutingQueues } from '@skyport/genesys-cloud/routing';
import * as conversations from '@skyport/genesys-cloud/conversations';

const client: GenesysClient = createClient({ environment: 'mypurecloud.ie', auth: 'token' });
export async function run(): Promise<unknown[]> {
  const me: Models.UserMe = await getUsersMe(client, { expand: ['presence'] });
  const api = withApis(client);
  const viaFacade = await api.users.getUsersMe();
  const viaCompat = await new platformClient.UsersApi().getUsersMe({ expand: ['presence'] });
  // The official SDK's type names: Models.X and <Class>.<operationId>Options.
  const compatOptions: compat.UsersApi.getUsersMeOptions = { expand: ['presence'] };
  const user: compat.Models.UserMe = await new compat.UsersApi().getUsersMe(compatOptions);
  const names: string[] = [];
  for await (const q of paginate(client, getRoutingQueues, { pageSize: 100 })) names.push(q.name ?? '');
  // An operation declared under Analytics and re-exported by Conversations, with its options type.
  const options: conversations.PostAnalyticsConversationsDetailsQueryOptions = {
    body: { interval: '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z' },
  };
  const found: Models.AnalyticsConversationQueryResponse =
    await conversations.postAnalyticsConversationsDetailsQuery(client, options);
  const modular = createModularClient({ auth: pkce({ clientId: 'c', redirectUri: 'https://app.example/' }) });
  return [me.id, viaFacade.id, viaCompat.id, user.id, names, found.totalHits, modular.environment.apiUrl];
}
`;

describe('declaration files', () => {
  it.each<Resolution>(['nodenext', 'node10', 'bundler'])(
    'type-check in a strict %s project with skipLibCheck off',
    async (resolution) => {
      const { code, errors } = await typecheckProject(source, ['core', 'genesys-cloud'], resolution);
      expect(errors).toEqual([]);
      expect(code).toBe(0);
    },
    180_000,
  );

  it('a type error in the project is reported (the check can fail)', async () => {
    const { code, errors } = await typecheckProject(
      "import type { Models } from '@skyport/genesys-cloud';\nexport const me: Models.UserMe = { id: 42 };\n",
      ['core', 'genesys-cloud'],
      'nodenext',
    );
    expect(code).not.toBe(0);
    expect(errors.join('\n')).toMatch(/TS2322/);
  }, 180_000);

  // TypeScript written against the official package, as its users write it; only the import line changes.
  const officialStyle = (from: string, style: 'default' | 'namespace') => `
${style === 'default' ? `import platformClient from '${from}';` : `import * as platformClient from '${from}';`}

const client = platformClient.ApiClient.instance;
client.setEnvironment(platformClient.PureCloudRegionHosts.eu_west_1);
export async function run(): Promise<unknown[]> {
  await client.loginClientCredentialsGrant('id', 'secret');
  const usersApi = new platformClient.UsersApi();
  const opts: platformClient.UsersApi.getUsersOptions = { pageSize: 25, pageNumber: 1 };
  const users: platformClient.Models.UserEntityListing = await usersApi.getUsers(opts);
  const me: platformClient.Models.UserMe = await usersApi.getUsersMe({ expand: ['presence'] });
  const body: platformClient.Models.QueueRequest = { name: 'q' };
  const queue: platformClient.Models.Queue = await new platformClient.RoutingApi().postRoutingQueues(body);
  // An operation under two tags: each class names its options.
  const byId: platformClient.ConversationsApi.getAnalyticsConversationsDetailsOptions = { id: ['c1'] };
  const same: platformClient.AnalyticsApi.getAnalyticsConversationsDetailsOptions = byId;
  await new platformClient.ConversationsApi().getAnalyticsConversationsDetails(same);
  return [users.entities?.length, me.id, queue.id];
}
`;

  it.each<[string, 'default' | 'namespace', Resolution]>([
    ['purecloud-platform-client-v2', 'default', 'node10'],
    ['@skyport/genesys-cloud/compat', 'default', 'node10'],
    ['@skyport/genesys-cloud/compat', 'default', 'nodenext'],
    ['@skyport/genesys-cloud/compat', 'namespace', 'bundler'],
  ])(
    'code typed with the official type names type-checks against %s (%s import, %s)',
    async (from, style, resolution) => {
      // skipLibCheck stays off: the official declaration file type-checks on its own.
      const { code, errors } = await typecheckProject(
        officialStyle(from, style),
        ['core', 'genesys-cloud'],
        resolution,
        ['purecloud-platform-client-v2'],
      );
      expect(errors).toEqual([]);
      expect(code).toBe(0);
    },
    180_000,
  );
});
