import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { committedTables } from './helpers';

describe('schemas.json', () => {
  it('compiles with ajv (draft-07) and validates real payloads against referenced models', async () => {
    const schemas = JSON.parse(await readFile(join(committedTables, 'schemas.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'gc', definitions: schemas.definitions });
    const validateUser = ajv.compile({ $ref: 'gc#/definitions/UserMe' });
    expect(validateUser({ id: 'u1', name: 'Ada', version: 3, manager: { id: 'm', version: 1 } })).toBe(true);
    expect(validateUser({ id: 'u1', name: 'Ada' })).toBe(false); // `version` is required
    expect(validateUser({ version: 'three' })).toBe(false);
    expect(JSON.stringify(validateUser.errors)).toContain('/version');
  });
});
