import type { FastifyInstance } from 'fastify';
import { pageOf, paging } from './access.js';
import { type AuthDeps, authenticate } from './auth.js';
import { sendParticleError } from './errors.js';

/** Platforms the sandbox knows: name → platform id. */
export const PLATFORMS: Record<string, number> = {
  Photon: 6,
  P1: 8,
  Electron: 10,
  Argon: 12,
  Boron: 13,
  BSoM: 23,
  B5SoM: 25,
  Tracker: 26,
  P2: 32,
  MSoM: 35,
};
const GEN2 = [6, 8, 10];
const GEN3 = [12, 13, 23, 25, 26, 32];

interface OsRelease {
  version: string;
  platforms: number[];
  prerelease: boolean;
  featured: boolean;
  releaseDate: string;
}

/** Device OS releases served by /v1/build_targets and /v1/device-os/versions, newest first. */
export const DEVICE_OS: OsRelease[] = [
  {
    version: '6.3.2',
    platforms: [...GEN3, 35],
    prerelease: false,
    featured: true,
    releaseDate: '2025-06-10',
  },
  {
    version: '6.4.0-rc.1',
    platforms: [...GEN3, 35],
    prerelease: true,
    featured: false,
    releaseDate: '2025-08-01',
  },
  {
    version: '6.2.1',
    platforms: [...GEN3, 35],
    prerelease: false,
    featured: false,
    releaseDate: '2024-11-20',
  },
  { version: '5.9.0', platforms: GEN3, prerelease: false, featured: true, releaseDate: '2024-09-12' },
  { version: '5.8.0', platforms: GEN3, prerelease: false, featured: false, releaseDate: '2024-05-02' },
  { version: '4.2.0', platforms: GEN3, prerelease: false, featured: true, releaseDate: '2023-12-05' },
  {
    version: '2.3.1',
    platforms: [...GEN2, 12, 13, 23, 25, 26],
    prerelease: false,
    featured: true,
    releaseDate: '2022-11-30',
  },
];

/** 5.8.0 → 5800; a pre-release counts below its release (6.4.0-rc.1 → 6399). */
export function moduleVersion(v: string): number {
  const [core = '', pre] = v.split('-');
  const [a = 0, b = 0, c = 0] = core.split('.').map(Number);
  return a * 1000 + b * 100 + c - (pre ? 1 : 0);
}

function defaultVersion(platform: number): string | undefined {
  return DEVICE_OS.find((r) => !r.prerelease && r.platforms.includes(platform))?.version;
}

/** GET /v1/build_targets and /v1/device-os/versions[/:version]. */
export function registerCatalog(app: FastifyInstance, deps: AuthDeps): void {
  app.get('/v1/build_targets', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const q = request.query as Record<string, unknown>;
    if (q.featured !== undefined && q.featured !== 'true' && q.featured !== 'false')
      return sendParticleError(reply, 400, 'featured must be true or false');
    const releases = q.featured === 'true' ? DEVICE_OS.filter((r) => r.featured) : DEVICE_OS;
    const ids = [...new Set(DEVICE_OS.flatMap((r) => r.platforms))];
    return {
      targets: releases.map((r) => ({
        platforms: r.platforms,
        prereleases: r.prerelease ? r.platforms : [],
        firmware_vendor: 'Particle',
        version: r.version,
      })),
      platforms: PLATFORMS,
      default_versions: Object.fromEntries(ids.map((id) => [String(id), defaultVersion(id)])),
    };
  });

  const releaseJson = (r: OsRelease, platform: number) => ({
    version: r.version,
    internal_version: moduleVersion(r.version),
    module_version: moduleVersion(r.version),
    platform_id: platform,
    release_date: r.releaseDate,
    prerelease: r.prerelease,
  });
  const platformOf = (raw: unknown): number | null | undefined => {
    if (raw === undefined) return null;
    const n = Number(raw);
    return Number.isInteger(n) && Object.values(PLATFORMS).includes(n) ? n : undefined;
  };

  app.get('/v1/device-os/versions', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const q = request.query as Record<string, unknown>;
    const platform = platformOf(q.platform_id);
    if (platform === undefined)
      return sendParticleError(reply, 400, `platform_id ${String(q.platform_id)} is not a known platform`);
    let internal: number | undefined;
    if (q.internal_version !== undefined) {
      internal = Number(q.internal_version);
      if (!Number.isInteger(internal))
        return sendParticleError(reply, 400, 'internal_version must be an integer');
    }
    const p = paging(reply, q, { perPage: 20, max: 100 });
    if (!p) return reply;
    const rows = DEVICE_OS.flatMap((r) =>
      r.platforms.filter((id) => platform === null || id === platform).map((id) => releaseJson(r, id)),
    ).filter((r) => internal === undefined || r.internal_version === internal);
    return pageOf(rows, p).items;
  });

  app.get<{ Params: { version: string } }>('/v1/device-os/versions/:version', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const q = request.query as Record<string, unknown>;
    const platform = platformOf(q.platform_id);
    if (platform === undefined)
      return sendParticleError(reply, 400, `platform_id ${String(q.platform_id)} is not a known platform`);
    const r = DEVICE_OS.find((x) => x.version === request.params.version);
    if (!r)
      return sendParticleError(
        reply,
        404,
        'Device OS version not found',
        `no version ${request.params.version}`,
      );
    if (platform !== null && !r.platforms.includes(platform))
      return sendParticleError(
        reply,
        404,
        'Device OS version not found',
        `${r.version} is not built for platform ${platform}`,
      );
    return {
      ...releaseJson(r, platform ?? (r.platforms[0] as number)),
      platforms: r.platforms,
      release_notes: `Device OS ${r.version} (sandbox)`,
      modules: [
        { prefix_info: { module_function: 'system-part', module_version: moduleVersion(r.version) } },
        {
          prefix_info: {
            module_function: 'bootloader',
            module_version: Math.floor(moduleVersion(r.version) / 10),
          },
        },
      ],
    };
  });
}
