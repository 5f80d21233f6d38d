// The parsing rules of `skyport gc` on descriptors shaped like the generated ones. The current Genesys spec declares
// no parameter enums, so the enum rules are checked here with a descriptor that has one.
import type { OperationDescriptor } from '@skyport/genesys-cloud';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { parseGcWords, parseOperationArgs } from '../src/gc/params.js';

const op: OperationDescriptor = {
  id: 'getThings',
  method: 'GET',
  path: '/api/v2/things/{thingId}',
  tags: ['Things'],
  params: [
    { name: 'thingId', key: 'thingId', in: 'path', required: true, type: 'string' },
    { name: 'sortOrder', key: 'sortOrder', in: 'query', type: 'string', enum: ['ascending', 'descending'] },
    {
      name: 'state',
      key: 'state',
      in: 'query',
      type: 'array',
      items: 'string',
      enum: ['active', 'inactive'],
    },
    { name: 'pageSize', key: 'pageSize', in: 'query', type: 'integer' },
    { name: 'ratio', key: 'ratio', in: 'query', type: 'number' },
    { name: 'ids', key: 'ids', in: 'query', type: 'array', items: 'integer', collectionFormat: 'csv' },
    { name: 'deep', key: 'deep', in: 'query', type: 'boolean' },
    { name: 'If-Match', key: 'ifMatch', in: 'header', type: 'string' },
    { name: 'supportedContent.id', key: 'supportedContentId', in: 'query', type: 'string' },
    { name: 'output', key: 'output', in: 'query', type: 'string' },
    { name: 'after', key: 'after', in: 'query', type: 'string', format: 'date-time' },
  ],
  responseType: 'json',
};

const parse = (...words: string[]) => {
  const req = parseGcWords([op.id, ...words]);
  return parseOperationArgs(op, req);
};
const fails = (words: string[], message: string) => {
  expect(() => parse(...words)).toThrow(UsageError);
  expect(() => parse(...words)).toThrow(message);
};

describe('skyport gc parameter parsing', () => {
  it('converts values by type and accepts wire names, keys and spelling variants', () => {
    const { args, request } = parse(
      't1',
      '--sortOrder',
      'Descending',
      '--state',
      'active',
      '--state=inactive',
      '--pageSize',
      '25',
      '--ratio',
      '-0.5',
      '--ids',
      '1,2',
      '--ids',
      '3',
      '--deep',
      '--if-match',
      '"v1"',
      '--supportedContent.id',
      'sc',
      '--output',
      'raw',
      '--all',
    );
    expect(args).toEqual({
      thingId: 't1',
      sortOrder: 'descending',
      state: ['active', 'inactive'],
      pageSize: 25,
      ratio: -0.5,
      ids: [1, 2, 3],
      deep: true,
      ifMatch: '"v1"',
      supportedContentId: 'sc',
      output: 'raw',
    });
    // `--output` is the operation's own parameter here, so the output format stays untouched
    expect(request.globals.output).toBeUndefined();
    expect(request.all).toBe(true);
    expect(parse('--thingId', 't2', '--ifMatch', 'x', '--no-deep').args).toEqual({
      thingId: 't2',
      ifMatch: 'x',
      deep: false,
    });
    expect(parse('t3', '--deep', 'false').args.deep).toBe(false);
  });

  it('names the parameter and the allowed values for a bad enum, also inside arrays', () => {
    fails(
      ['t', '--sortOrder', 'sideways'],
      'getThings --sortOrder: "sideways" is not one of ascending, descending',
    );
    fails(['t', '--state', 'active,gone'], 'getThings --state: "gone" is not one of active, inactive');
  });

  it('names the parameter for wrong types, repeats, missing values and required parameters', () => {
    fails(['t', '--pageSize', '2.5'], 'getThings --pageSize: expected an integer, got "2.5"');
    fails(['t', '--ratio', 'lots'], 'getThings --ratio: expected a number, got "lots"');
    fails(['t', '--ids', '1,x'], 'getThings --ids: expected an integer, got "x"');
    fails(['t', '--deep=yes'], 'getThings --deep: expected true or false, got "yes"');
    fails(['t', '--after', 'yesterday'], 'getThings --after: expected a date-time');
    fails(['t', '--pageSize', '1', '--pageSize', '2'], 'getThings --pageSize given more than once');
    fails(['t', '--pageSize'], '--pageSize needs a value');
    fails(['t', '--pageSize', '--deep'], '--pageSize needs a value');
    fails([], 'getThings: missing required parameter --thingId');
    fails(['t', 'extra'], 'getThings: unexpected argument "extra"');
    fails(
      ['t', '--colour', 'red'],
      'getThings has no parameter --colour (parameters: --thingId, --sortOrder',
    );
    fails(['t', '--body', '{}'], 'getThings takes no body');
  });

  it('reads the flags of gc itself before the operation id', () => {
    const req = parseGcWords(['--output', 'yaml', '--profile', 'prod', 'getUsersMe', '--expand', 'presence']);
    expect(req).toMatchObject({
      operationId: 'getUsersMe',
      globals: { output: 'yaml', profile: 'prod' },
      rest: ['--expand', 'presence'],
    });
    expect(parseGcWords(['--list', 'routing', 'queues']).list).toEqual(['routing', 'queues']);
    expect(parseGcWords(['--help']).help).toBe(true);
    expect(() => parseGcWords(['--expand', 'x', 'getUsersMe'])).toThrow('--expand before the operation id');
  });
});
