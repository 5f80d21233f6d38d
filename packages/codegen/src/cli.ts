#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { generate } from './generate';
import { CodegenError } from './load';

const USAGE = `Usage: skyport-codegen --input <file|url> --out <dir> [--tables <dir>]

  --input   Swagger 2.0 or OpenAPI 3.x definition (JSON or YAML), a file path or an http(s) URL
  --out     folder for the generated TypeScript (replaced entirely)
  --tables  folder for operations.json and schemas.json (optional)`;

async function main(): Promise<number> {
  let values: { input?: string; out?: string; tables?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        input: { type: 'string', short: 'i' },
        out: { type: 'string', short: 'o' },
        tables: { type: 'string', short: 't' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.input || !values.out) {
    console.error(`--input and --out are required\n\n${USAGE}`);
    return 2;
  }
  const started = Date.now();
  try {
    const result = await generate({ input: values.input, out: values.out, tables: values.tables });
    console.log(
      `generated ${result.operations} operations, ${result.models} models, ${result.tags} tags, ` +
        `${result.compatMethods} compat methods in ${Date.now() - started} ms`,
    );
    return 0;
  } catch (error) {
    if (error instanceof CodegenError) {
      console.error(`skyport-codegen: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main().then((code) => {
  process.exitCode = code;
});
