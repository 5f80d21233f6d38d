import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

/** Error for definitions that cannot be read or understood; `where` names the file/URL or the JSON path. */
export class CodegenError extends Error {
  override readonly name = 'CodegenError';
  constructor(
    message: string,
    readonly where: string,
  ) {
    super(`${message} (at ${where})`);
  }
}

/** Reads a Swagger 2.0 / OpenAPI 3 document (JSON or YAML) from a file path or an http(s) URL. */
export async function loadDocument(input: string): Promise<Record<string, unknown>> {
  let text: string;
  if (/^https?:\/\//i.test(input)) {
    let response: Response;
    try {
      response = await fetch(input, {
        headers: { accept: 'application/json, application/yaml, text/yaml, */*' },
      });
    } catch (error) {
      throw new CodegenError(`cannot fetch the definition: ${(error as Error).message}`, input);
    }
    text = await response.text();
    if (!response.ok) {
      throw new CodegenError(
        `fetching the definition failed with HTTP ${response.status}: ${text.slice(0, 200)}`,
        input,
      );
    }
  } else {
    try {
      text = await readFile(input, 'utf8');
    } catch (error) {
      throw new CodegenError(`cannot read the definition: ${(error as Error).message}`, input);
    }
  }
  return parseDocument(text, input);
}

/** Parses JSON, falling back to YAML (a superset) when the text is not JSON. */
export function parseDocument(text: string, where = '<input>'): Record<string, unknown> {
  let doc: unknown;
  const trimmed = text.trimStart();
  try {
    doc = trimmed.startsWith('{') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 });
  } catch (error) {
    throw new CodegenError(
      `the definition is neither valid JSON nor YAML: ${(error as Error).message}`,
      where,
    );
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new CodegenError('the definition must be an object', where);
  }
  return doc as Record<string, unknown>;
}
