// Builds every workspace that has a build script, dependencies first.
import { spawnSync } from 'node:child_process';
import { workspacesInOrder } from './workspaces.mjs';

for (const { dir, manifest } of workspacesInOrder()) {
  if (!manifest.scripts?.build) continue;
  const started = Date.now();
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build failed in ${dir}`);
    process.exit(result.status ?? 1);
  }
  console.log(`built ${manifest.name} in ${Date.now() - started} ms`);
}
