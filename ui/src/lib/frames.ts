// Running work after the browser's next frame: a requestAnimationFrame callback runs just before
// the frame is drawn, a task queued from it runs after — so what the frame shows (a new track on
// the map) reaches the screen before that work takes the page's one thread.

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
