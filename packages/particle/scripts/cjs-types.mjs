// Declarations for `require('@skyport/particle')`: the class itself, as particle-api-js declares it; and for
// `require('@skyport/particle/modular')`: the same named exports as its ESM entry.
import { writeFileSync } from 'node:fs';

writeFileSync(
  new URL('../dist/index.d.cts', import.meta.url),
  "import { Particle } from './index.js';\nexport = Particle;\n",
);
writeFileSync(new URL('../dist/modular.d.cts', import.meta.url), "export * from './modular.js';\n");
