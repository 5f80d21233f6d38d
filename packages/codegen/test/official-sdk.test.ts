import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedCode } from './helpers';

// Facts from the official package's type declarations (a devDependency of this test only).
const require = createRequire(import.meta.url);
const officialTypes = require.resolve('purecloud-platform-client-v2/index.d.ts');

/** Splits an argument list at top-level commas. */
function splitArgs(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if ('{<(['.includes(ch)) depth++;
    if ('}>)]'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** `ClassName.method` → number of positional arguments before `opts`, and whether `opts` exists. */
async function officialMethods(): Promise<Map<string, { positional: number; opts: boolean }>> {
  const text = await readFile(officialTypes, 'utf8');
  const methods = new Map<string, { positional: number; opts: boolean }>();
  for (const cls of text.matchAll(/declare class (\w+Api) \{([\s\S]*?)\n\}/g)) {
    for (const m of (cls[2] as string).matchAll(/^\s+(\w+)\((.*)\): Promise<.*>;/gm)) {
      const args = splitArgs(m[2] as string);
      const opts = args.some((a) => a.startsWith('opts?'));
      methods.set(`${cls[1]}.${m[1]}`, { positional: args.length - (opts ? 1 : 0), opts });
    }
  }
  return methods;
}

async function ourMethods(): Promise<Map<string, { positional: number; opts: boolean }>> {
  const dir = join(committedCode, 'compat');
  const methods = new Map<string, { positional: number; opts: boolean }>();
  for (const file of (await readdir(dir)).filter(
    (f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'classes.ts',
  )) {
    const text = await readFile(join(dir, file), 'utf8');
    const cls = file.replace(/\.ts$/, '');
    for (const m of text.matchAll(/^ {2}(\w+)\((.*)\): Promise<.*>;$/gm)) {
      const args = splitArgs(m[2] as string);
      const opts = args.some((a) => a.startsWith('opts?'));
      methods.set(`${cls}.${m[1]}`, { positional: args.length - (opts ? 1 : 0), opts });
    }
  }
  return methods;
}

describe('compat classes against purecloud-platform-client-v2', () => {
  it('have the same 87 classes and 3,468 methods, with the same positional arity and an opts argument', async () => {
    const [theirs, ours] = await Promise.all([officialMethods(), ourMethods()]);
    expect(theirs.size).toBe(3468);
    expect(new Set([...ours.keys()].map((k) => k.split('.')[0])).size).toBe(87);
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    const mismatches = [...ours].filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(theirs.get(k)));
    expect(mismatches).toEqual([]);
  });
});
