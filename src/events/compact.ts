/** Drops undefined properties so request bodies never carry empty keys. */
export function compact<T extends object>(value: T): T {
  // A for-in copy: several times faster than entries/filter/fromEntries on the per-event hot path.
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = value[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
