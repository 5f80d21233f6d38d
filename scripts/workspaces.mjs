// Lists the workspaces under packages/ in dependency order (a package after the @skyport packages it uses).
// Runtime and peer dependencies must not form a cycle. A dev dependency only orders the build when it doesn't close
// one: @skyport/sandbox needs @skyport/genesys-cloud at run time (its tables) while genesys-cloud's tests use the
// sandbox, so genesys-cloud is built first.
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
  const strict = (name) => {
    const { dependencies = {}, peerDependencies = {} } = pkgs.get(name).manifest;
    return Object.keys({ ...dependencies, ...peerDependencies }).filter((dep) => pkgs.has(dep));
  };
  const reachesStrictly = (from, to, visited = new Set()) => {
    if (from === to) return true;
    if (visited.has(from)) return false;
    visited.add(from);
    return strict(from).some((dep) => reachesStrictly(dep, to, visited));
  };
  const ordered = [];
  const seen = new Set();
  const visit = (name, trail) => {
    if (seen.has(name)) return;
    if (trail.includes(name)) throw new Error(`dependency cycle: ${[...trail, name].join(' -> ')}`);
    const pkg = pkgs.get(name);
    const dev = Object.keys(pkg.manifest.devDependencies ?? {}).filter(
      (dep) => pkgs.has(dep) && !reachesStrictly(dep, name),
    );
    for (const dep of new Set([...strict(name), ...dev])) visit(dep, [...trail, name]);
    seen.add(name);
    ordered.push(pkg);
  };
  for (const name of [...pkgs.keys()].sort()) visit(name, []);
  return ordered;
}
