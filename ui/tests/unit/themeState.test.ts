// The theme state: the system's preference until a choice, the choice over it, the system's
// changes followed live only while the choice is "System", <html> written each time, and only a
// choice from the switch saved (a restored one is not written back).
import { describe, expect, it, vi } from "vitest";

type Listener = (e: { matches: boolean }) => void;

describe("theme state", () => {
  it("follows the system until chosen, then the choice; saves only choices", async () => {
    const listeners: Listener[] = [];
    const mq = { matches: true, addEventListener: (_: string, l: Listener) => listeners.push(l) };
    const root = { dataset: {} as Record<string, string>, style: {} as Record<string, string> };
    vi.stubGlobal("window", { matchMedia: (q: string) => (q === "(prefers-color-scheme: dark)" ? mq : null) });
    vi.stubGlobal("document", { documentElement: root });
    const theme = await import("../../src/state/theme.svelte");
    const saved: (string | null)[] = [];
    theme.onThemeChosen((c) => saved.push(c));

    theme.startTheme();
    expect(theme.currentTheme()).toBe("dark");
    expect(root.dataset.theme).toBe("dark");
    expect(root.style.colorScheme).toBe("dark");
    const flip = (dark: boolean) => listeners.forEach((l) => l({ matches: dark }));
    flip(false);
    expect(root.dataset.theme).toBe("light");

    theme.restoreTheme("dark");
    expect(root.dataset.theme).toBe("dark");
    expect(saved).toEqual([]);
    // A choice holds whatever the system does.
    flip(true);
    flip(false);
    expect(root.dataset.theme).toBe("dark");

    theme.chooseTheme("light");
    expect(root.dataset.theme).toBe("light");
    theme.chooseTheme(null);
    expect(theme.themeChoice()).toBeNull();
    expect(root.dataset.theme).toBe("light");
    flip(true);
    expect(root.dataset.theme).toBe("dark");
    expect(saved).toEqual(["light", null]);
    // A settings file without the field restores "System".
    theme.restoreTheme(undefined);
    expect(theme.themeChoice()).toBeNull();
    vi.unstubAllGlobals();
  });
});
