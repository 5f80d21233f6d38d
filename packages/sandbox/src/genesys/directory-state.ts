import { randomId } from '../random.js';

/** Seeded directory data beyond users and queues: presence definitions, divisions, skills, wrap-up codes, groups. */
export interface PresenceDefinition {
  id: string;
  systemPresence: string;
  label: string;
}

export interface Named {
  id: string;
  name: string;
  version: number;
  dateModified: string;
}

export interface Group extends Named {
  type: 'official' | 'social';
  visibility: 'public' | 'owners' | 'members';
  rulesVisible: boolean;
  description?: string;
  memberIds: string[];
}

export interface DirectoryState {
  presenceDefinitions: PresenceDefinition[];
  divisions: (Named & { homeDivision: boolean })[];
  skills: Named[];
  wrapupCodes: Named[];
  groups: Group[];
  /** Queue id → member user ids. */
  queueMembers: Map<string, string[]>;
}

const SYSTEM_PRESENCES: [string, string][] = [
  ['Available', 'Available'],
  ['Away', 'Away'],
  ['Busy', 'Busy'],
  ['Offline', 'Offline'],
  ['Idle', 'Idle'],
  ['On Queue', 'On Queue'],
  ['Meal', 'Meal'],
  ['Training', 'Training'],
  ['Meeting', 'Meeting'],
  ['Break', 'Break'],
];

export function seedDirectory(
  random: () => number,
  now: number,
  userIds: string[],
  queues: { id: string; memberCount: number }[],
): DirectoryState {
  const iso = new Date(now).toISOString();
  const named = (name: string): Named => ({ id: randomId(random), name, version: 1, dateModified: iso });
  const queueMembers = new Map<string, string[]>();
  queues.forEach((q, i) => {
    const count = Math.min(q.memberCount, userIds.length);
    const members = Array.from({ length: count }, (_, k) => userIds[(i + k) % userIds.length] as string);
    queueMembers.set(q.id, members);
    q.memberCount = members.length;
  });
  return {
    presenceDefinitions: SYSTEM_PRESENCES.map(([systemPresence, label]) => ({
      id: randomId(random),
      systemPresence,
      label,
    })),
    divisions: ['Home', 'Support', 'Sales'].map((n, i) => ({ ...named(n), homeDivision: i === 0 })),
    skills: ['English', 'Spanish', 'French', 'Billing', 'Technical', 'Escalations'].map(named),
    wrapupCodes: ['Resolved', 'Callback requested', 'Transferred', 'No answer', 'Sale'].map(named),
    groups: ['Support Team', 'Sales Team', 'Engineering'].map((n, i) => ({
      ...named(n),
      type: 'official',
      visibility: 'public',
      rulesVisible: false,
      memberIds: userIds.filter((_, k) => k % 3 === i),
    })),
    queueMembers,
  };
}
