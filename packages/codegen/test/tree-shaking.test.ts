import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { committedCode, tempDir } from './helpers';

describe('per-tag modules', () => {
  it('importing one operation bundles only that operation', async () => {
    const dir = await tempDir('shake');
    const entry = join(dir, 'entry.ts');
    await writeFile(
      entry,
      `import { getUsersMe } from ${JSON.stringify(join(committedCode, 'api/users'))};\n(globalThis as any).f = getUsersMe;\n`,
    );
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
    });
    const text = result.outputFiles[0]?.text ?? '';
    expect(text).toContain('/api/v2/users/me');
    expect(text).not.toContain('/api/v2/users/{userId}');
    expect(text).not.toContain('/api/v2/groups');
    expect(text.length).toBeLessThan(1000);
  });

  it('a compat class pulls in its own descriptors only', async () => {
    const dir = await tempDir('shake-compat');
    const entry = join(dir, 'entry.ts');
    await writeFile(
      entry,
      `import { VoicemailApi } from ${JSON.stringify(join(committedCode, 'compat'))};\n(globalThis as any).c = VoicemailApi;\n`,
    );
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
    });
    const text = result.outputFiles[0]?.text ?? '';
    expect(text).toContain('/api/v2/voicemail/me/policy');
    expect(text).not.toContain('/api/v2/users/me');
  });
});
