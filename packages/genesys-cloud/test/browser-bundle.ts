// An app bundled for browsers as users' bundlers do it (esbuild, ESM, browser conditions), resolved from this folder
// so that @skyport/genesys-cloud is the built package.
import { build } from 'esbuild';

/** Bundles `contents`: `text` is the output, `inputs` the files it took (as esbuild's metafile names them). */
export async function browserBundle(contents: string, { minify = false } = {}) {
  const out = await build({
    stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { text: out.outputFiles[0]?.text ?? '', inputs: Object.keys(out.metafile.inputs) };
}
