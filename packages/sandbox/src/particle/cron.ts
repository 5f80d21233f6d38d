/** Five-field cron expressions (minute hour day-of-month month day-of-week) as logic triggers use them, in UTC. */

const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

/** Parses one field (`*`, `*\/n`, `a`, `a-b`, `a-b/n`, lists of those) into the set of values it allows. */
function field(text: string, [min, max]: [number, number]): Set<number> | string {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return `cannot read ${JSON.stringify(part)}`;
    const lo = m[1] === '*' ? min : Number(m[2]);
    const hi = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : lo;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < min || hi > max || lo > hi || step < 1)
      return `${JSON.stringify(part)} is outside ${min}-${max}`;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export interface Cron {
  matches(ms: number): boolean;
}

/** Returns a matcher, or an error message naming the bad field. */
export function parseCron(expr: string): Cron | string {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return 'cron must have 5 fields (minute hour day-of-month month day-of-week)';
  const sets: Set<number>[] = [];
  const names = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'];
  for (let i = 0; i < 5; i++) {
    const s = field(parts[i] as string, RANGES[i] as [number, number]);
    if (typeof s === 'string') return `cron ${names[i]}: ${s}`;
    sets.push(s);
  }
  const [min, hour, dom, mon, dow] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  if (dow.has(7)) dow.add(0);
  const domAny = parts[2] === '*';
  const dowAny = parts[4] === '*';
  return {
    matches(ms) {
      const d = new Date(ms);
      if (!min.has(d.getUTCMinutes()) || !hour.has(d.getUTCHours()) || !mon.has(d.getUTCMonth() + 1))
        return false;
      const byDom = dom.has(d.getUTCDate());
      const byDow = dow.has(d.getUTCDay());
      // As in cron: when both day fields are restricted, either may match.
      if (!domAny && !dowAny) return byDom || byDow;
      return byDom && byDow;
    },
  };
}
