// Turns raw results into tables (text for the terminal, markdown for the snapshot) with the ratios the targets use.
import { fmt, markdownTable, ratio, textTable } from './lib/format.mjs';

function section(title, headers, rows, notes) {
  return { title, text: textTable(headers, rows), markdown: markdownTable(headers, rows), notes };
}

function perRequestSection({ count, warmup, results }) {
  const rows = [];
  for (const concurrency of [1, 32]) {
    const group = results.filter((r) => r.concurrency === concurrency);
    const floor = group.find((r) => r.client === 'undici.request');
    for (const r of group) {
      rows.push(
        r.available
          ? [
              r.client,
              concurrency,
              fmt(r.cpuUsPerRequest, 1),
              fmt(r.requestsPerSecond),
              ratio(r.cpuUsPerRequest, floor?.cpuUsPerRequest),
            ]
          : [r.client, concurrency, 'not available yet', '', ''],
      );
    }
  }
  return section(
    `Per-request cost (${count} requests after ${warmup} warm-up, node:http server in another process)`,
    ['client', 'concurrency', 'client CPU µs/request', 'requests/s', 'CPU vs undici.request'],
    rows,
  );
}

function coldStartSection({ runs, results }) {
  const rows = results.map((r) =>
    r.available
      ? [r.subject, fmt(r.wallMs, 1), fmt(r.peakRssMiB, 1), fmt(r.addedMs, 1), fmt(r.addedMiB, 1)]
      : [r.subject, 'not available yet', '', '', ''],
  );
  return section(
    `Cold start (median of ${runs} fresh processes: import + create a client)`,
    ['subject', 'wall ms', 'peak RSS MiB', 'added ms', 'added MiB'],
    rows,
  );
}

function bundleSection({ results }) {
  const rows = results.map((r) =>
    r.available
      ? [r.subject, fmt(r.minified), fmt(r.gzip)]
      : [r.subject, 'not available yet', r.reason ?? ''],
  );
  return section('Browser bundle size (esbuild, minified; bytes)', ['bundle', 'minified', 'gzip'], rows);
}

function eventsSection({ count, results }) {
  const official = results.find((r) => r.client === 'particle-api-js');
  const rows = results.map((r) =>
    r.available
      ? [
          r.client,
          fmt(r.eventsPerSecond),
          fmt(r.peakHeapMiB, 1),
          fmt(r.peakRssMiB, 1),
          ratio(r.eventsPerSecond, official?.eventsPerSecond),
        ]
      : [r.client, 'not available yet', '', '', ''],
  );
  return section(
    `Event streams (${count} SSE events from a loopback server)`,
    ['client', 'events/s', 'peak heap MiB', 'peak RSS MiB', 'throughput vs particle-api-js'],
    rows,
  );
}

const builders = {
  perRequest: perRequestSection,
  coldStart: coldStartSection,
  bundleSize: bundleSection,
  eventStreams: eventsSection,
};

export function reportSections(results) {
  return Object.entries(builders)
    .filter(([key]) => results[key])
    .map(([key, build]) => build(results[key]));
}
