/** The median of a list of numbers (the upper middle one for an even count); undefined for an empty list. */
export function median(xs) {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
