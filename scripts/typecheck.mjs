// Type-checks every workspace that has a typecheck script (run after the build, so cross-package types resolve).
import { spawnSync } from 'node:child_process';
import { workspacesInOrder } from './workspaces.mjs';

let failed = 0;
for (const { dir, manifest } of workspacesInOrder()) {
  if (!manifest.scripts?.typecheck) continue;
  const result = spawnSync('npm', ['run', 'typecheck', '--silent'], { cwd: dir, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`typecheck failed in ${dir}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
