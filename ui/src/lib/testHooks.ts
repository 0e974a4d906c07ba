// Test mode only (the end-to-end tests and benchmarks set `window.__TRACKMATE_TEST__` before the
// page signs in): records what happened under `window.__trackmate.<name>`, the newest `cap`
// entries, for a WebDriver script to read. Outside test mode it does nothing.

type TestWindow = { __TRACKMATE_TEST__?: boolean; __trackmate?: Record<string, unknown> };

/** Appends `entry` to the test log `name`. */
export function testLog(name: string, entry: unknown, cap = 1000): void {
  const w = window as unknown as TestWindow;
  if (w.__TRACKMATE_TEST__ !== true) return;
  w.__trackmate ??= {};
  const log = (w.__trackmate[name] ??= []) as unknown[];
  log.push(entry);
  if (log.length > cap) log.splice(0, log.length - cap);
}

/** Marks a moment of a track load ("asked", each window, "joined", what runs after): the
 * benchmarks print those since the last "asked". */
export function testMark(what: string, points?: number): void {
  testLog("loadStages", { what, points, at: performance.now() }, 100);
}

/** A setting a test may override: `window.__trackmate[name]` in test mode, else `fallback`. */
export function testSetting(name: string, fallback: number): number {
  const w = window as unknown as TestWindow;
  const v = w.__TRACKMATE_TEST__ === true ? w.__trackmate?.[name] : undefined;
  return typeof v === "number" ? v : fallback;
}
