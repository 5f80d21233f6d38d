import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, tagFileName } from '../src/index';
import { copyRuntime, haveSpecs, spec2017, tempDir, typecheck } from './helpers';

describe.skipIf(!haveSpecs)('the 2017 published definition', () => {
  it('generates without errors and the result type-checks', async () => {
    const dir = await tempDir('2017');
    await copyRuntime(dir);
    const result = await generate({
      input: spec2017,
      out: join(dir, 'src/generated'),
      tables: join(dir, 'tables'),
    });
    expect(result.operations).toBe(841);
    expect(result.models).toBe(733);
    expect(result.tags).toBe(39);

    // Real-world content: enums become literal unions, deprecated operations are marked.
    const models = await readFile(join(dir, 'src/generated/models.ts'), 'utf8');
    expect(models).toMatch(/: '[A-Za-z_]+' \| '[A-Za-z_]+'/);
    const all = JSON.parse(await readFile(join(dir, 'tables/operations.json'), 'utf8'));
    const deprecated = all.operations.filter((o: { deprecated?: boolean }) => o.deprecated);
    expect(deprecated.length).toBeGreaterThan(0);
    const first = deprecated[0] as { id: string; tags: string[] };
    const module = await readFile(
      join(dir, 'src/generated/api', `${tagFileName(first.tags[0] as string)}.ts`),
      'utf8',
    );
    expect(module).toMatch(new RegExp(`@deprecated[\\s\\S]*?export function ${first.id}\\(`));
    // No prose from the specification is copied into code.
    expect(models).not.toMatch(/\/\*\*/);

    const { code, output } = await typecheck(dir);
    expect(output).toBe('');
    expect(code).toBe(0);
  });
});
