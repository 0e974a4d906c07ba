// Typed wrappers around `invoke` for every command of docs/ipc.md. Rejections are normalized to
// CommandError (an AppError) and reported to one observer (session end, network loss banner).
import { Channel, invoke, type InvokeArgs, type InvokeOptions } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { CaCertificateInfo } from "./bindings/CaCertificateInfo";
import type { EventFeed } from "./bindings/EventFeed";
import type { LiveMessage } from "./bindings/LiveMessage";
import type { LoadTrackRequest } from "./bindings/LoadTrackRequest";
import type { LoadedTrack } from "./bindings/LoadedTrack";
import type { ObjectList } from "./bindings/ObjectList";
import type { ObjectStates } from "./bindings/ObjectStates";
import type { Progress } from "./bindings/Progress";
import type { Language } from "./bindings/Language";
import type { Settings } from "./bindings/Settings";
import type { Slot } from "./bindings/Slot";
import type { SignInOutcome } from "./bindings/SignInOutcome";
import type { Remember } from "./bindings/Remember";
import type { TripList } from "./bindings/TripList";
import type { UserSummary } from "./bindings/UserSummary";
import { CommandError, toAppError } from "./errors";
import { decodePacked, joinWindows, type PackedTrack } from "./packed";

type ErrorObserver = (command: string, error: AppError) => void;
type SuccessObserver = (command: string) => void;
let errorObserver: ErrorObserver | null = null;
let successObserver: SuccessObserver | null = null;

/** The app registers one observer that sees every failed (and succeeded) command. */
export function observeCommands(onError: ErrorObserver | null, onSuccess: SuccessObserver | null = null): void {
  errorObserver = onError;
  successObserver = onSuccess;
}

/** Invokes a command, normalizing its failure to a CommandError (for this folder's modules). */
export async function call<T>(command: string, args?: InvokeArgs, options?: InvokeOptions): Promise<T> {
  try {
    const result = await invoke<T>(command, args, options);
    successObserver?.(command);
    return result;
  } catch (raw) {
    const error = toAppError(raw);
    errorObserver?.(command, error);
    throw new CommandError(error);
  }
}

export function signIn(server: string, login: string, password: string, dealerId: number | null, remember: Remember): Promise<SignInOutcome> {
  return call("sign_in", { server, login, password, dealerId, remember });
}

export function verifyCode(code: string, remember: Remember): Promise<UserSummary> {
  return call("verify_code", { code, remember });
}

export function signInWithKey(server: string, hash: string, remember: Remember): Promise<UserSummary> {
  return call("sign_in_with_key", { server, hash, remember });
}

export function startDemo(): Promise<UserSummary> {
  return call("start_demo");
}

export function restoreSession(): Promise<UserSummary | null> {
  return call("restore_session");
}

export function signOut(): Promise<null> {
  return call("sign_out");
}

export function listObjects(): Promise<ObjectList> {
  return call("list_objects");
}

export function objectStates(ids: number[]): Promise<ObjectStates> {
  return call("object_states", { ids });
}

export function listTrips(objectId: number, from: string, to: string): Promise<TripList> {
  return call("list_trips", { objectId, from, to });
}

/** How long the page waits, after `load_track` replied, for windows it announced and that have
 * not come yet (they travel separately and can come just after the reply): a lost one would
 * otherwise hang the load. */
const LATE_WINDOWS_MS = 30_000;

/** Loads the points of a period (or of the given trips) as a packed track; progress per window.
 *  The points come a window at a time as they are read: `onWindow` sees each one, in order and
 *  once (to draw the first while the rest are read); the track is then put together from them.
 *  The track is kept in `slot` (main unless comparing) and named `name` in exports. */
export async function loadTrack(
  objectId: number,
  from: string,
  to: string,
  tripIds: number[] | null,
  onProgress: (p: Progress) => void,
  opts: { name?: string; slot?: Slot; onWindow?: (w: PackedTrack, index: number) => void } = {},
): Promise<PackedTrack> {
  const channel = new Channel<Progress>();
  channel.onmessage = onProgress;
  const windows: PackedTrack[] = [];
  let arrived = (): void => {};
  const onWindow = new Channel<ArrayBuffer>();
  onWindow.onmessage = (raw) => {
    const w = decodePacked(raw);
    windows.push(w);
    opts.onWindow?.(w, windows.length - 1);
    arrived();
  };
  const request: LoadTrackRequest = { objectId, from, to, tripIds, name: opts.name ?? null, slot: opts.slot ?? "main" };
  const reply = await call<LoadedTrack>("load_track", { request, onProgress: channel, onWindow });
  if (windows.length < reply.windows) {
    await new Promise<void>((resolve, reject) => {
      const late = setTimeout(() => {
        arrived = () => {};
        reject(new CommandError({ kind: "internal", message: `Only ${windows.length} of the track's ${reply.windows} parts reached the window. Load it again.` }));
      }, LATE_WINDOWS_MS);
      arrived = () => {
        if (windows.length < reply.windows) return;
        clearTimeout(late);
        resolve();
      };
    });
  }
  // Signed in again mid-read, Rust read the track anew: the reply's windows are the last ones.
  return joinWindows(windows.slice(windows.length - reply.windows), reply.segmentStarts, reply.segmentIds);
}

export function cancelLoad(): Promise<null> {
  return call("cancel_load");
}

export function getSettings(): Promise<Settings> {
  return call("get_settings");
}

export function setSettings(settings: Settings): Promise<null> {
  return call("set_settings", { settings });
}

/** The map is about to be made: the web view turns its GPU compositing on (off at the sign-in
 * screen, which does not need it). */
export function prepareMap(): Promise<null> {
  return call("prepare_map");
}

/** The native menu bar's texts in `language` (cosmetic: the page goes on if it fails). */
export function setMenuLanguage(language: Language): Promise<null> {
  return call("set_menu_language", { language });
}

/** Opens a file dialog (on the Rust side: the page never sends a path) for a company CA
 * certificate and keeps it for `server`; `null` when the user cancelled. */
export function pickCaCertificate(server: string): Promise<CaCertificateInfo | null> {
  return call("pick_ca_certificate", { server });
}

/** The company CA certificate kept for `server`: file name and certificate count, or `null`. */
export function caCertificate(server: string): Promise<CaCertificateInfo | null> {
  return call("ca_certificate", { server });
}

/** Stops trusting the company CA certificate kept for `server`. */
export function forgetCaCertificate(server: string): Promise<null> {
  return call("forget_ca_certificate", { server });
}

/** Streams the objects' live states (docs/ipc.md `live_watch`): `status`, `states` (all first,
 * then the changed ones) and `sessionEnded` messages, until `liveStop`, sign-out or the session's
 * end, when the returned promise resolves. A second call replaces the first watch. */
export function liveWatch(onMessage: (m: LiveMessage) => void): Promise<null> {
  const channel = new Channel<LiveMessage>();
  channel.onmessage = onMessage;
  return call("live_watch", { onUpdate: channel });
}

export function liveStop(): Promise<null> {
  return call("live_stop");
}

/** The object's day so far (local midnight → now) as packed points, for its live trail. */
export async function liveTrail(objectId: number): Promise<PackedTrack> {
  return decodePacked(await call<unknown>("live_trail", { objectId }));
}

/** Unread events (newest first), the unread count and the ids to notify once (`fresh`). */
export function eventsFeed(): Promise<EventFeed> {
  return call("events_feed");
}

/** Marks the events `ids` read, or every event with `null`. */
export function markEventsRead(ids: number[] | null): Promise<null> {
  return call("mark_events_read", { ids });
}
