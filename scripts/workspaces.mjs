// Lists the workspaces under packages/ in dependency order (a package after the @skyport packages it uses).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function workspacesInOrder(root = process.cwd()) {
  const dirs = ['packages', 'examples']
    .flatMap((group) =>
      existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(group, name)) : [],
    )
    .concat(['bench'])
    .filter((dir) => existsSync(join(root, dir, 'package.json')));
  const pkgs = new Map();
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    pkgs.set(manifest.name, { dir, manifest });
  }
  const ordered = [];
  const seen = new Set();
  const visit = (name, trail) => {
    if (seen.has(name)) return;
    if (trail.includes(name)) throw new Error(`dependency cycle: ${[...trail, name].join(' -> ')}`);
    const pkg = pkgs.get(name);
    const { dependencies = {}, devDependencies = {}, peerDependencies = {} } = pkg.manifest;
    for (const dep of Object.keys({ ...dependencies, ...devDependencies, ...peerDependencies })) {
      if (pkgs.has(dep)) visit(dep, [...trail, name]);
    }
    seen.add(name);
    ordered.push(pkg);
  };
  for (const name of [...pkgs.keys()].sort()) visit(name, []);
  return ordered;
}
