import { randomId } from '../random.js';
import { type AnalyticsJob, type Conversation, seedConversations } from './analytics.js';

export interface OAuthClient {
  id: string;
  secret: string;
  grants: string[];
  roles: string[];
}

export interface User {
  id: string;
  name: string;
  email: string;
  state: 'active' | 'inactive';
  version: number;
  presence: { id: string; systemPresence: string; modifiedDate: string };
}

export interface Token {
  token: string;
  clientId: string;
  userId?: string;
  expiresAt: number;
  revoked: boolean;
}

export interface GenesysState {
  clients: Map<string, OAuthClient>;
  users: Map<string, User>;
  meUserId: string;
  queues: { id: string; name: string; memberCount: number }[];
  permissions: { domain: string; entityName: string; action: string }[];
  tokens: Map<string, Token>;
  /** Per-token rate-limit windows. */
  rateWindows: Map<string, { start: number; count: number }>;
  conversations: Conversation[];
  jobs: Map<string, AnalyticsJob>;
}

/** Builds the seeded Genesys state; the same seed always gives the same ids and names. */
export function seedGenesys(random: () => number, now: number): GenesysState {
  const clients = new Map<string, OAuthClient>();
  const add = (c: OAuthClient) => clients.set(c.id, c);
  add({
    id: 'sandbox-client-credentials',
    secret: 'sandbox-secret',
    grants: ['client_credentials'],
    roles: ['admin'],
  });
  add({
    id: 'sandbox-code-client',
    secret: 'sandbox-code-secret',
    grants: ['authorization_code'],
    roles: ['employee'],
  });
  add({ id: 'sandbox-implicit-client', secret: '', grants: ['implicit'], roles: ['employee'] });
  const users = new Map<string, User>();
  const iso = new Date(now).toISOString();
  const first = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'John'];
  for (let i = 0; i < 30; i++) {
    const id = randomId(random);
    const name = `${first[i % first.length]} Sandbox${i}`;
    users.set(id, {
      id,
      name,
      email: `user${i}@sandbox.example`,
      state: 'active',
      version: 1,
      presence: { id: randomId(random), systemPresence: 'Available', modifiedDate: iso },
    });
  }
  const meUserId = [...users.keys()][0] as string;
  const queues = Array.from({ length: 250 }, (_, i) => ({
    id: randomId(random),
    name: `Queue ${String(i + 1).padStart(3, '0')}`,
    memberCount: Math.floor(random() * 50),
  }));
  const permissions = [
    ['directory', 'user', 'view'],
    ['directory', 'user', 'edit'],
    ['routing', 'queue', 'view'],
    ['routing', 'queue', 'edit'],
    ['authorization', 'role', 'view'],
    ['analytics', 'conversationDetail', 'view'],
    ['notifications', 'channel', 'add'],
  ].map(
    ([domain, entityName, action]) => ({ domain, entityName, action }) as GenesysState['permissions'][number],
  );
  return {
    clients,
    users,
    meUserId,
    queues,
    permissions,
    tokens: new Map(),
    rateWindows: new Map(),
    conversations: seedConversations(random, now),
    jobs: new Map(),
  };
}
