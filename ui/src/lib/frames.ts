// Running work after the browser's next frame: a requestAnimationFrame callback runs just before
// the frame is drawn, a task queued from it runs after — so what the frame shows (a new track on
// the map) reaches the screen before that work takes the page's one thread. And holding a fast
// load's windows back, so that its track reaches the screen whole, once.

/** Runs `fn` once the next frame has been drawn; the returned function cancels it (for an
 * effect's cleanup). */
export function afterNextFrame(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
  };
}

/** How long a load's first windows are held back before they are drawn one by one: a load done
 * within it shows its whole track at once (the windows drawn first would only hold up the rest —
 * the page's thread and the 2 cores are shared with reading them — and fit the view twice). */
export const WINDOW_GRACE_MS = 250;

/**
 * Hands items on in batches: those added within `graceMs` of the call wait together until then
 * (or until `cancel`, which drops them); after it, each is handed on as it is added.
 */
export function holdBriefly<T>(publish: (items: T[]) => void, graceMs = WINDOW_GRACE_MS, now: () => number = () => performance.now()): { add(item: T): void; cancel(): void } {
  const until = now() + graceMs;
  let held: T[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    timer = null;
    const items = held;
    held = [];
    if (items.length > 0) publish(items);
  };
  return {
    add(item) {
      held.push(item);
      const wait = until - now();
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      held = [];
    },
  };
}
