import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CodegenError, emitAll, generate, loadDocument, loadModel, normalise } from '../src/index';
import { copyRuntime, tempDir, typecheck } from './helpers';

const yamlFixture = fileURLToPath(new URL('./fixtures/petstore.openapi.yaml', import.meta.url));
const swaggerFixture = fileURLToPath(new URL('./fixtures/quirks.swagger.json', import.meta.url));

async function serve(handler: (path: string) => { status: number; body: string; type?: string }) {
  const server = createServer((req, res) => {
    const { status, body, type } = handler(req.url ?? '/');
    res.writeHead(status, { 'content-type': type ?? 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

describe('OpenAPI 3 input in YAML', () => {
  it('normalises parameters, request bodies, multipart uploads, binary responses and schemas', async () => {
    const model = await loadModel(yamlFixture);
    expect(model.tags).toEqual(['Pets', 'Photos']);
    const list = model.operations.find((o) => o.id === 'listPets');
    expect(list?.params.map((p) => [p.name, p.key, p.in, p.collectionFormat])).toEqual([
      ['limit', 'limit', 'query', undefined],
      ['tags', 'tags', 'query', 'multi'],
      ['X-Request-Id', 'xRequestId', 'header', undefined],
    ]);
    expect(list?.responses['200']).toEqual({ $ref: '#/definitions/PetPage' });
    const create = model.operations.find((o) => o.id === 'createPet');
    expect(create?.params).toEqual([
      { name: 'body', key: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/Pet' } },
    ]);
    expect(create?.responses).toEqual({ '201': { $ref: '#/definitions/Pet' } });
    const upload = model.operations.find((o) => o.id === 'uploadPhoto');
    expect(upload?.consumes).toEqual(['multipart/form-data']);
    expect(upload?.params.map((p) => [p.name, p.in, p.required, p.schema.type])).toEqual([
      ['petId', 'path', true, 'string'],
      ['image', 'formData', true, 'file'],
      ['caption', 'formData', false, 'string'],
    ]);
    const photo = model.operations.find((o) => o.id === 'getPhoto');
    expect(photo?.produces).toEqual(['image/png']);
  });

  it('generates code that type-checks, with nullable, oneOf and allOf types', async () => {
    const dir = await tempDir('oas3');
    await copyRuntime(dir);
    const result = await generate({ input: yamlFixture, out: join(dir, 'src/generated') });
    expect(result).toEqual({ operations: 4, models: 4, tags: 2, compatMethods: 5 });
    const models = await readFile(join(dir, 'src/generated/models.ts'), 'utf8');
    expect(models).toContain('  nickname?: string | null;');
    expect(models).toContain("  kind?: 'cat' | 'dog';");
    expect(models).toContain('  owner?: Person | string;');
    expect(models).toMatch(/export type Person = Named & \{\n {2}pets\?: Array<Pet>;\n\};/);
    const photos = await readFile(join(dir, 'src/generated/api/photos.ts'), 'utf8');
    expect(photos).toMatch(/getPhotoOperation[\s\S]*?responseType: 'binary'/);
    const pets = await readFile(join(dir, 'src/generated/api/pets.ts'), 'utf8');
    expect(pets).toContain("paging: 'nextUri'");
    await writeFile(
      join(dir, 'src/usage.ts'),
      `import type { OperationInvoker } from './runtime/descriptor';
import { createPet, listPets } from './generated/api/pets';
import { PhotosApi } from './generated/compat';
declare const client: OperationInvoker;
export async function run(): Promise<string> {
  const page = await listPets(client, { limit: 5, tags: ['a'], xRequestId: 'r' });
  const pet = await createPet(client, { body: { name: 'Rex', nickname: null, owner: { name: 'Ada', pets: [] } } });
  await new PhotosApi(client).uploadPhoto('p1', new Blob([]), { caption: 'c' });
  // @ts-expect-error body is required
  await createPet(client, {});
  return (page.entities?.[0]?.name ?? '') + pet.name;
}
`,
    );
    const { code, output } = await typecheck(dir);
    expect(output).toBe('');
    expect(code).toBe(0);
  });
});

describe('inputs from URLs', () => {
  it('reads a definition served over http (JSON and YAML)', async () => {
    const json = await readFile(swaggerFixture, 'utf8');
    const yaml = await readFile(yamlFixture, 'utf8');
    const server = await serve((path) =>
      path === '/spec.json'
        ? { status: 200, body: json }
        : path === '/spec.yaml'
          ? { status: 200, body: yaml, type: 'application/yaml' }
          : { status: 404, body: '{"message":"no such spec"}' },
    );
    try {
      const fromUrl = await loadModel(`${server.url}/spec.json`);
      expect(emitAll(fromUrl)).toEqual(emitAll(await loadModel(swaggerFixture)));
      const yamlFromUrl = await loadModel(`${server.url}/spec.yaml`);
      expect(yamlFromUrl.operations).toHaveLength(4);
      const failure = await loadDocument(`${server.url}/missing.json`).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(CodegenError);
      expect((failure as CodegenError).message).toContain('HTTP 404');
      expect((failure as CodegenError).message).toContain('no such spec');
      expect((failure as CodegenError).where).toBe(`${server.url}/missing.json`);
    } finally {
      await server.close();
    }
  });
});

describe('bad input', () => {
  it('names what is wrong and where', async () => {
    const dir = await tempDir('bad');
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "swagger": "2.0", ');
    await expect(loadDocument(broken)).rejects.toThrow(/neither valid JSON nor YAML.*broken\.json/);
    await expect(loadDocument(join(dir, 'absent.yaml'))).rejects.toThrow(/cannot read the definition/);
    expect(() => normalise({ info: {} }, 'x.json')).toThrow(/Swagger 2\.0.*OpenAPI 3\.x.*\(at x\.json\)/);
    expect(() =>
      normalise(
        {
          swagger: '2.0',
          paths: {
            '/a': {
              get: { responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Nope' } } } },
            },
          },
        },
        'y.json',
      ),
    ).toThrow('unresolved reference #/definitions/Nope (at y.json#/paths//a/get/responses/200)');
    expect(() =>
      normalise(
        { swagger: '2.0', paths: { '/a': { get: { parameters: [{ in: 'query' }], responses: {} } } } },
        'z.json',
      ),
    ).toThrow(/a parameter needs a string `name` and `in` \(at z\.json#\/paths\/\/a\/get\)/);
  });

  it('refuses to wipe a folder that does not hold generated output', async () => {
    const dir = await tempDir('guard');
    await writeFile(join(dir, 'precious.ts'), 'export {};');
    await expect(generate({ input: swaggerFixture, out: dir })).rejects.toThrow(/refusing to overwrite/);
    expect(await readFile(join(dir, 'precious.ts'), 'utf8')).toBe('export {};');
  });
});

describe('CLI', () => {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

  it('generates from --input into --out and --tables, and explains bad usage', async () => {
    const dir = await tempDir('cli');
    const ok = spawnSync(
      process.execPath,
      [cli, '--input', swaggerFixture, '--out', join(dir, 'out'), '--tables', join(dir, 'tables')],
      { encoding: 'utf8' },
    );
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^generated 7 operations, 9 models, 5 tags, 10 compat methods in \d+ ms\n$/);
    expect(JSON.parse(await readFile(join(dir, 'tables/operations.json'), 'utf8')).operations).toHaveLength(
      7,
    );

    const missing = spawnSync(process.execPath, [cli, '--out', join(dir, 'x')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--input and --out are required');

    const bad = spawnSync(
      process.execPath,
      [cli, '--input', join(dir, 'nope.json'), '--out', join(dir, 'y')],
      {
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^skyport-codegen: cannot read the definition: .*nope\.json/);
  });
});
