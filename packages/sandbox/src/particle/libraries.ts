import type { FastifyInstance, FastifyReply } from 'fastify';
import { createTarGzip, parseTarGzip } from 'nanotar';
import { bodyOf, iso, originOf } from './access.js';
import { type AuthDeps, authenticate } from './auth.js';
import { sendParticleError } from './errors.js';
import { readMultipart } from './firmware.js';
import type { Library, LibraryVersion, ParticleUser } from './state.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const SEMVER = /^\d+\.\d+\.\d+$/;
const SCOPES = ['all', 'official', 'public', 'private', 'mine', 'verified'];

const cmp = (a: string, b: string) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

/** library.properties → key/value pairs. */
function properties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_.]+)\s*=\s*(.*)$/.exec(line);
    if (m?.[1]) out[m[1]] = (m[2] ?? '').trim();
  }
  return out;
}

/** Versions of `lib` the user may see, oldest first. */
const visible = (lib: Library, user: ParticleUser) =>
  lib.versions
    .filter((v) => v.visibility === 'public' || v.ownerId === user.id)
    .sort((a, b) => cmp(a.version, b.version));

function libraryJson(lib: Library, v: LibraryVersion, user: ParticleUser, origin: string) {
  return {
    type: 'libraries',
    id: lib.name,
    links: { download: `${origin}/v1/libraries/${lib.name}/archive/${v.version}.tar.gz` },
    attributes: {
      name: lib.name,
      version: v.version,
      license: v.license,
      author: v.author,
      sentence: v.sentence,
      paragraph: v.paragraph,
      url: v.url,
      repository: v.repository,
      architectures: v.architectures,
      category: v.category,
      visibility: v.visibility,
      mine: v.ownerId === user.id,
      official: lib.official,
      verified: lib.verified,
      installs: lib.installs,
      created_at: iso(v.createdAt),
    },
  };
}

/** Firmware libraries: list/search, get, versions, contribute (.tar.gz), publish, delete, archive download. */
export function registerLibraries(app: FastifyInstance, deps: AuthDeps): void {
  const find = (reply: FastifyReply, user: ParticleUser, name: string) => {
    const lib = deps.state().libraries.get(name.toLowerCase());
    if (!lib || visible(lib, user).length === 0) {
      sendParticleError(reply, 404, 'Library not found', `no library ${JSON.stringify(name)}`);
      return undefined;
    }
    return lib;
  };

  app.get('/v1/libraries', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const q = request.query as Record<string, string | undefined>;
    const page = q.page === undefined ? 1 : Number(q.page);
    const limit = q.limit === undefined ? 10 : Number(q.limit);
    if (!Number.isInteger(page) || page < 1)
      return sendParticleError(reply, 400, 'page must be a positive integer');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return sendParticleError(reply, 400, 'limit must be an integer from 1 to 100');
    const scope = q.scope ?? 'all';
    const excluded = (q.excludeScopes ?? '').split(',').filter(Boolean);
    for (const s of [scope, ...excluded])
      if (!SCOPES.includes(s))
        return sendParticleError(reply, 400, `scope must be one of ${SCOPES.join(', ')}`);
    const sortKey = q.sort ?? 'name';
    const sorters: Record<string, (a: Library, b: Library) => number> = {
      name: (a, b) => a.name.localeCompare(b.name),
      installs: (a, b) => a.installs - b.installs,
      popularity: (a, b) => a.installs - b.installs,
      date: (a, b) => (a.versions.at(-1)?.createdAt ?? 0) - (b.versions.at(-1)?.createdAt ?? 0),
    };
    const sorter = sorters[sortKey.replace(/^-/, '')];
    if (!sorter)
      return sendParticleError(
        reply,
        400,
        `sort must be one of ${Object.keys(sorters).join(', ')} (prefix - for descending)`,
      );
    const archs = (q.architectures ?? '').split(',').filter(Boolean);
    const inScope = (lib: Library, latest: LibraryVersion, s: string) =>
      s === 'all' ||
      (s === 'official' && lib.official) ||
      (s === 'verified' && lib.verified) ||
      (s === 'public' && latest.visibility === 'public') ||
      (s === 'private' && latest.visibility === 'private') ||
      (s === 'mine' && latest.ownerId === user.id);
    const rows: { lib: Library; latest: LibraryVersion }[] = [];
    for (const lib of deps.state().libraries.values()) {
      const latest = visible(lib, user).at(-1);
      if (!latest) continue;
      if (q.filter && !lib.name.toLowerCase().includes(q.filter.toLowerCase())) continue;
      if (q.category && latest.category !== q.category) continue;
      if (archs.length && !latest.architectures.some((a) => a === '*' || archs.includes(a))) continue;
      if (!inScope(lib, latest, scope) || excluded.some((s) => inScope(lib, latest, s))) continue;
      rows.push({ lib, latest });
    }
    rows.sort((a, b) => sorter(a.lib, b.lib) * (sortKey.startsWith('-') ? -1 : 1));
    const origin = originOf(request);
    return {
      data: rows
        .slice((page - 1) * limit, page * limit)
        .map((r) => libraryJson(r.lib, r.latest, user, origin)),
    };
  });

  app.get<{ Params: { name: string } }>('/v1/libraries/:name', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const lib = find(reply, user, request.params.name);
    if (!lib) return reply;
    const wanted = (request.query as Record<string, string | undefined>).version;
    const versions = visible(lib, user);
    const v = wanted ? versions.find((x) => x.version === wanted) : versions.at(-1);
    if (!v)
      return sendParticleError(
        reply,
        404,
        'Library version not found',
        `${lib.name} has no version ${wanted}`,
      );
    return { data: libraryJson(lib, v, user, originOf(request)) };
  });

  app.get<{ Params: { name: string } }>('/v1/libraries/:name/versions', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const lib = find(reply, user, request.params.name);
    if (!lib) return reply;
    const q = request.query as Record<string, string | undefined>;
    const page = q.page === undefined ? 1 : Number(q.page);
    const limit = q.limit === undefined ? 10 : Number(q.limit);
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(limit) || limit < 1 || limit > 100)
      return sendParticleError(
        reply,
        400,
        'page must be a positive integer and limit an integer from 1 to 100',
      );
    const origin = originOf(request);
    const versions = visible(lib, user).reverse();
    return {
      data: versions.slice((page - 1) * limit, page * limit).map((v) => libraryJson(lib, v, user, origin)),
    };
  });

  app.post('/v1/libraries', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    if (!request.isMultipart())
      return sendParticleError(reply, 400, 'Expected a multipart/form-data body with the library archive');
    const { files } = await readMultipart(request);
    const archive = files[0];
    if (!archive) return sendParticleError(reply, 400, 'archive (a .tar.gz of the library) is required');
    let entries: { name: string; text: string }[];
    try {
      const parsed = await parseTarGzip(new Uint8Array(archive.data));
      entries = parsed.map((f) => ({ name: f.name.replace(/^\.\//, ''), text: f.text }));
    } catch (e) {
      return sendParticleError(reply, 400, 'archive is not a valid .tar.gz', (e as Error).message);
    }
    // The library may sit at the archive root or in one top-level folder.
    const propsEntry = entries.find((f) => /^([^/]+\/)?library\.properties$/.test(f.name));
    if (!propsEntry) return sendParticleError(reply, 400, 'library.properties is missing from the archive');
    const root = propsEntry.name.slice(0, -'library.properties'.length);
    if (!entries.some((f) => f.name.startsWith(`${root}src/`) && /\.(h|hpp|cpp|c)$/.test(f.name)))
      return sendParticleError(reply, 400, 'the archive has no sources under src/');
    const props = properties(propsEntry.text);
    const name = props.name ?? '';
    if (!NAME.test(name))
      return sendParticleError(
        reply,
        400,
        'library.properties: name must be letters, digits, ., - or _ (at most 63)',
      );
    const version = props.version ?? '';
    if (!SEMVER.test(version))
      return sendParticleError(reply, 400, 'library.properties: version must be x.y.z');
    if (!props.author) return sendParticleError(reply, 400, 'library.properties: author is required');
    const state = deps.state();
    let lib = state.libraries.get(name.toLowerCase());
    if (lib?.versions.some((v) => v.ownerId !== user.id))
      return sendParticleError(reply, 403, `library ${name} belongs to another author`);
    if (lib?.versions.some((v) => v.version === version))
      return sendParticleError(reply, 400, `version ${version} of ${name} already exists`);
    if (!lib) {
      lib = { name, official: false, verified: false, installs: 0, versions: [] };
      state.libraries.set(name.toLowerCase(), lib);
    }
    const v: LibraryVersion = {
      version,
      author: props.author,
      sentence: props.sentence ?? '',
      paragraph: props.paragraph ?? '',
      url: props.url ?? '',
      repository: props.repository ?? '',
      license: props.license ?? '',
      architectures: (props.architectures ?? '*').split(',').map((a) => a.trim()),
      category: props.category ?? 'Other',
      visibility: 'private',
      ownerId: user.id,
      createdAt: deps.ctx.now(),
      archive: archive.data,
    };
    lib.versions.push(v);
    return reply.code(201).send({ data: libraryJson(lib, v, user, originOf(request)) });
  });

  // Publishing makes the newest private version public.
  app.patch<{ Params: { name: string } }>('/v1/libraries/:name', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const lib = find(reply, user, request.params.name);
    if (!lib) return reply;
    if (bodyOf(request).visibility !== 'public')
      return sendParticleError(reply, 400, "visibility must be 'public'");
    const priv = visible(lib, user).filter((v) => v.visibility === 'private' && v.ownerId === user.id);
    const v = priv.at(-1);
    if (!v) return sendParticleError(reply, 400, `${lib.name} has no private version of yours to publish`);
    v.visibility = 'public';
    return { data: libraryJson(lib, v, user, originOf(request)) };
  });

  app.delete<{ Params: { name: string } }>('/v1/libraries/:name', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const lib = find(reply, user, request.params.name);
    if (!lib) return reply;
    const force = bodyOf(request).force;
    const mine = lib.versions.filter((v) => v.ownerId === user.id);
    if (mine.length === 0) return sendParticleError(reply, 403, `library ${lib.name} is not yours`);
    const hasPublic = mine.some((v) => v.visibility === 'public');
    if (hasPublic && !(force === true || force === 'true'))
      return sendParticleError(reply, 400, `library ${lib.name} is public; pass force to delete it`);
    lib.versions = lib.versions.filter((v) => v.ownerId !== user.id);
    if (lib.versions.length === 0) deps.state().libraries.delete(lib.name.toLowerCase());
    return reply.code(204).send();
  });

  // Archives are served without auth, like the cloud's download links (particle-api-js downloadFile sends none).
  app.get<{ Params: { name: string; file: string } }>(
    '/v1/libraries/:name/archive/:file',
    async (request, reply) => {
      const lib = deps.state().libraries.get(request.params.name.toLowerCase());
      const version = request.params.file.replace(/\.tar\.gz$/, '');
      const v = lib?.versions.find((x) => x.version === version && x.visibility === 'public');
      if (!lib || !v) return sendParticleError(reply, 404, 'Library archive not found');
      const data = Buffer.isBuffer(v.archive)
        ? v.archive
        : Buffer.from(
            await createTarGzip(v.archive.map((f) => ({ name: `${lib.name}/${f.name}`, data: f.data }))),
          );
      return reply.type('application/gzip').send(data);
    },
  );
}
