// Choosing local files: the open and save dialogs are Rust's (`pick_track_files`,
// `pick_export_target`), and files dropped on the window reach Rust first. The page only ever
// gets opaque handles and file names (PickedFile), never a path it could send back.
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { PickedFile } from "./bindings/PickedFile";
import { call } from "./commands";

/** Asks for track files to open; `[]` when the user cancels. */
export function pickTrackFiles(title: string, filterName: string): Promise<PickedFile[]> {
  return call("pick_track_files", { title, filterName });
}

/** Asks where to save a `format` export (offering `suggestedName`); `null` when the user cancels. */
export function pickExportTarget(format: ExportFormat, suggestedName: string, title: string, filterName: string): Promise<PickedFile | null> {
  return call("pick_export_target", { format, suggestedName, title, filterName });
}

/** Calls `onDrop` with the files dropped on the window (handles from Rust's `files-dropped`
 *  event) and `onHover` while dragging. Returns the unsubscribe function (a no-op outside the
 *  app, e.g. in browser tests). */
export async function onFilesDropped(onDrop: (files: PickedFile[]) => void, onHover: (over: boolean) => void): Promise<() => void> {
  const offs: (() => void)[] = [];
  try {
    offs.push(
      await listen<PickedFile[]>("files-dropped", (e) => {
        if (e.payload.length > 0) onDrop(e.payload);
      }),
    );
    // Only for the overlay: the paths this event carries are not used.
    offs.push(await getCurrentWebview().onDragDropEvent((e) => onHover(e.payload.type === "enter" || e.payload.type === "over")));
  } catch {
    // Outside the app there is nothing to listen to.
  }
  return () => {
    for (const off of offs) off();
  };
}
