// The menu bar's actions (src-tauri/src/menu.rs): each click arrives as a `menu` event with the
// item's id; the UI runs the same action as its own buttons.
import { listen } from "@tauri-apps/api/event";

export type MenuAction = "open" | "compare" | "export";

/** Subscribes to menu clicks; returns the unsubscribe function (a no-op outside the app). */
export async function onMenu(handler: (action: MenuAction) => void): Promise<() => void> {
  try {
    return await listen<string>("menu", (e) => {
      if (e.payload === "open" || e.payload === "compare" || e.payload === "export") handler(e.payload);
    });
  } catch {
    return () => {};
  }
}
