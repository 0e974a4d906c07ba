// The native open/save dialogs and files dropped on the window. Tests steer them without a native
// dialog through `window.__TRACKMATE_TEST_DIALOG__` (set by WebDriver or Playwright): its `open`
// and `save` answers are used instead, once each.
import { open, save } from "@tauri-apps/plugin-dialog";
import { getCurrentWebview } from "@tauri-apps/api/webview";

interface TestDialog {
  open?: string[] | null;
  save?: string | null;
}

function testDialog(): TestDialog | undefined {
  return (window as unknown as { __TRACKMATE_TEST_DIALOG__?: TestDialog }).__TRACKMATE_TEST_DIALOG__;
}

/** Extensions the app reads. */
export const TRACK_EXTENSIONS = ["gpx", "kml", "geojson", "json", "csv"];

/** Asks for track files to open; `[]` when the user cancels. */
export async function pickTrackFiles(title: string, filterName: string): Promise<string[]> {
  const test = testDialog();
  if (test && "open" in test) {
    const answer = test.open ?? [];
    delete test.open;
    return answer;
  }
  const picked = await open({ title, multiple: true, directory: false, filters: [{ name: filterName, extensions: TRACK_EXTENSIONS }] });
  if (picked === null) return [];
  return Array.isArray(picked) ? picked : [picked];
}

/** Asks where to save a file of `extension`; `null` when the user cancels. */
export async function pickSavePath(title: string, defaultName: string, filterName: string, extension: string): Promise<string | null> {
  const test = testDialog();
  if (test && "save" in test) {
    const answer = test.save ?? null;
    delete test.save;
    return answer;
  }
  return save({ title, defaultPath: defaultName, filters: [{ name: filterName, extensions: [extension] }] });
}

/** Calls `onDrop` with the paths of files dropped on the window and `onHover` while dragging.
 *  Returns the unsubscribe function (a no-op outside the app, e.g. in browser tests). */
export async function onFilesDropped(onDrop: (paths: string[]) => void, onHover: (over: boolean) => void): Promise<() => void> {
  try {
    return await getCurrentWebview().onDragDropEvent((e) => {
      const p = e.payload;
      if (p.type === "drop") {
        onHover(false);
        if (p.paths.length > 0) onDrop(p.paths);
      } else if (p.type === "leave") onHover(false);
      else onHover(true);
    });
  } catch {
    return () => {};
  }
}
