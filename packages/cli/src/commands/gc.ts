import { readFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import type { AuthOptions, OperationDescriptor } from '@skyport/genesys-cloud';
import { Command } from 'commander';
import { type GlobalOptions, openTarget, type Target } from '../context.js';
import { UsageError } from '../errors.js';
import { findOperation, listOperations, loadCatalog, operationHelp } from '../gc/catalog.js';
import { type GcRequest, parseBody, parseGcWords, parseOperationArgs } from '../gc/params.js';
import { parseOutputFormat } from '../output.js';
import { globals, print } from '../run.js';

const USAGE = `usage: skyport gc <operationId> [--<param> value ...] [--body file|-|json] [--all] [--output json|table|yaml]
       skyport gc --list [words...]        operations whose id, path or tag contains every word
       skyport gc <operationId> --help     the operation's parameters

Calls any Genesys Cloud Platform API operation by its operationId (the SDK method name), e.g.
  skyport gc getUsersMe --expand presence,groups
  skyport gc getRoutingQueues --pageSize 100 --all --output json
  skyport gc postUsers --body user.json          (or --body - to read stdin)
Parameters take their wire name or option key (--If-Match or --ifMatch); arrays repeat the flag or use commas;
booleans are --flag, --flag false or --no-flag; bare words fill path parameters in order.
`;

/** Options of the command: those given before `gc` (parsed by commander), overridden by those after it. */
function optionsOf(cmd: Command, req: GcRequest): GlobalOptions {
  const base = globals(cmd);
  return {
    profile: req.globals.profile ?? base.profile,
    env: req.globals.env ?? base.env,
    output: req.globals.output !== undefined ? parseOutputFormat(req.globals.output) : base.output,
    debug: base.debug || Boolean(req.globals.debug),
  };
}

async function readBody(op: OperationDescriptor, source: string): Promise<unknown> {
  if (source === '-') {
    return parseBody(op, await text(process.stdin), 'stdin');
  }
  if (/^\s*[[{]/.test(source)) return parseBody(op, source, 'the inline body');
  let content: string;
  try {
    content = readFileSync(source, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${op.id} --body: cannot read ${JSON.stringify(source)} (${code === 'ENOENT' ? 'no such file' : (code ?? (err as Error).message)})`,
    );
  }
  return parseBody(op, content, JSON.stringify(source));
}

/** How the command signs in: the token saved by `skyport login` while it is valid, else client credentials. */
function authFor(target: Target): AuthOptions {
  const saved = target.credentials;
  if (saved.genesysAccessToken && (!saved.genesysExpiresAt || saved.genesysExpiresAt > Date.now())) {
    return { type: 'token', accessToken: saved.genesysAccessToken, expiresAt: saved.genesysExpiresAt };
  }
  const { clientId, clientSecret } = target.genesys;
  if (clientId && clientSecret) return { type: 'clientCredentials', clientId, clientSecret };
  if (saved.genesysAccessToken) {
    throw new UsageError(
      `the saved Genesys Cloud token of profile "${target.profile.name}" has expired; run \`skyport login --profile ${target.profile.name}\` again`,
    );
  }
  throw new UsageError(
    `profile "${target.profile.name}" has no Genesys Cloud login; run \`skyport login --profile ${target.profile.name}\` (or set SKYPORT_CLIENT_ID and SKYPORT_CLIENT_SECRET)`,
  );
}

function pageable(op: OperationDescriptor): boolean {
  return Boolean(op.paging) || op.params.some((p) => ['pageNumber', 'cursor', 'after'].includes(p.key));
}

/** Writes an operation's answer: structured data in the chosen format, text and bytes as they are. */
function output(result: unknown, opts: GlobalOptions): void {
  if (result === undefined) return;
  if (result instanceof Uint8Array || result instanceof ArrayBuffer) {
    process.stdout.write(result instanceof ArrayBuffer ? new Uint8Array(result) : result);
    return;
  }
  if (typeof result === 'string') {
    process.stdout.write(result.endsWith('\n') ? result : `${result}\n`);
    return;
  }
  print(result, opts);
}

export function gcCommand(): Command {
  return new Command('gc')
    .description('call any Genesys Cloud operation by its id (`skyport gc --list`, `skyport gc <op> --help`)')
    .usage('<operationId> [--<param> value ...] [--body file|-] [--all]')
    .argument('[words...]', 'operation id, then its parameters as --name value')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (words: string[], _o: unknown, cmd: Command) => {
      const req = parseGcWords(words);
      if (req.list) {
        const catalog = await loadCatalog();
        const rows = listOperations(catalog, req.list).map(({ id, method, path }) => ({ id, method, path }));
        print(rows, optionsOf(cmd, req));
        return;
      }
      if (!req.operationId) {
        if (req.help) {
          process.stdout.write(USAGE);
          return;
        }
        throw new UsageError(`missing operation id\n${USAGE}`);
      }
      const catalog = await loadCatalog();
      const op = findOperation(catalog, req.operationId);
      if (req.help || req.rest.some((w) => w === '--help' || w === '-h')) {
        process.stdout.write(operationHelp(op));
        return;
      }
      const { args } = parseOperationArgs(op, req);
      const opts = optionsOf(cmd, req);
      if (req.all && !pageable(op)) {
        throw new UsageError(`${op.id} --all: the operation does not page (${op.method} ${op.path})`);
      }
      if (req.body !== undefined) {
        const bodyParam = op.params.find((p) => p.in === 'body');
        if (bodyParam) args[bodyParam.key] = await readBody(op, req.body);
      }

      const { createClient, paginate } = await import('@skyport/genesys-cloud');
      const target = await openTarget(opts);
      try {
        const client = createClient({
          apiUrl: target.genesys.apiUrl,
          loginUrl: target.genesys.loginUrl,
          auth: authFor(target),
        });
        try {
          const result = req.all
            ? await paginate(client, op, args).all()
            : await client.call<unknown>(op, args);
          output(result, opts);
        } finally {
          await client.close();
        }
      } finally {
        await target.close();
      }
    });
}
