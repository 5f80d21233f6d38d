// An empty ES module: cold-start.mjs imports it to measure what Node's ESM loader costs by itself.
export {};
