// For tests that start a Node process (`node -e`): how often a package specifier is resolved there.

/**
 * Source to put first in a `node -e` script: counts, in a variable `count`, the resolutions of `request` by the
 * CommonJS loader (every `require(request)` that is not answered from a parent's cache), then requires it the way
 * an app would before loading our entries, as `core`.
 */
export function resolutionCounter(request: string): string {
  const name = JSON.stringify(request);
  return `const Module = require('node:module');
const resolve = Module._resolveFilename;
let count = 0;
Module._resolveFilename = function (request, ...rest) {
  if (request === ${name}) count++;
  return resolve.call(this, request, ...rest);
};
const core = require(${name});
`;
}
