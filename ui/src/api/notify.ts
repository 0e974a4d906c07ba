// Desktop notifications through tauri-plugin-notification: the permission is asked once per run
// (the OS remembers the answer), and a refused or failed notification never throws into the page.
import { isPermissionGranted, requestPermission, sendNotification } from "@tauri-apps/plugin-notification";

let permission: Promise<boolean> | null = null;

/** Whether notifications may be shown; asks the user at most once per run. */
export function notificationsAllowed(): Promise<boolean> {
  permission ??= (async () => {
    try {
      if (await isPermissionGranted()) return true;
      return (await requestPermission()) === "granted";
    } catch (e) {
      console.warn("notification permission", e);
      return false;
    }
  })();
  return permission;
}

/** A sound every desktop of the platform has (the plugin takes a system sound name on macOS and
 * an XDG theme sound on Linux; Windows plays its own toast sound, a name there would be a path). */
function systemSound(): string | undefined {
  const ua = navigator.userAgent;
  if (ua.includes("Mac")) return "Ping";
  if (ua.includes("Windows")) return undefined;
  return "message-new-instant";
}

/** Raises one desktop notification (with a system sound when `sound`). */
export async function notify(title: string, body: string, sound: boolean): Promise<void> {
  if (!(await notificationsAllowed())) return;
  try {
    const name = sound ? systemSound() : undefined;
    sendNotification(name ? { title, body, sound: name } : { title, body });
  } catch (e) {
    console.warn("notification", e);
  }
}
