// Which panels are folded away (the object list, the trips panel, the track panel, the chart),
// remembered on this computer (localStorage) so the map keeps the room the user gave it.

export interface Folded {
  objects: boolean;
  trips: boolean;
  trackPanel: boolean;
  chart: boolean;
}

const KEY = "trackmate.layout";
const NONE: Folded = { objects: false, trips: false, trackPanel: false, chart: false };

function load(): Folded {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? "null") as Partial<Folded> | null;
    const out = { ...NONE };
    for (const k of Object.keys(NONE) as (keyof Folded)[]) if (typeof raw?.[k] === "boolean") out[k] = raw[k];
    return out;
  } catch {
    return { ...NONE };
  }
}

class Layout {
  folded = $state<Folded>(load());

  toggle(panel: keyof Folded): void {
    this.folded[panel] = !this.folded[panel];
    try {
      localStorage.setItem(KEY, JSON.stringify(this.folded));
    } catch {
      // Not remembered (storage full or refused); it still applies now.
    }
  }
}

export const layout = new Layout();
