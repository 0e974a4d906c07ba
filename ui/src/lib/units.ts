// Units of the user's measurement system (speed and distance) and conversions from km/h and km.
import type { UnitsChoice } from "../api";
import type { MessageKey } from "../i18n/translate";

export type SpeedUnit = "kmh" | "mph" | "kn";
export type DistanceUnit = "km" | "mi" | "nmi";

export interface Units {
  speed: SpeedUnit;
  distance: DistanceUnit;
}

const KM_PER_MI = 1.609344;
const KM_PER_NMI = 1.852;

/** The units of a choice (the habits in force, lib/habits.ts). */
export function unitsFor(choice: UnitsChoice): Units {
  switch (choice) {
    case "imperial":
      return { speed: "mph", distance: "mi" };
    case "nautical":
      return { speed: "kn", distance: "nmi" };
    default:
      return { speed: "kmh", distance: "km" };
  }
}

export function speedFromKmh(kmh: number, unit: SpeedUnit): number {
  switch (unit) {
    case "mph":
      return kmh / KM_PER_MI;
    case "kn":
      return kmh / KM_PER_NMI;
    default:
      return kmh;
  }
}

export function speedToKmh(value: number, unit: SpeedUnit): number {
  switch (unit) {
    case "mph":
      return value * KM_PER_MI;
    case "kn":
      return value * KM_PER_NMI;
    default:
      return value;
  }
}

export function distanceFromKm(km: number, unit: DistanceUnit): number {
  return unit === "mi" ? km / KM_PER_MI : unit === "nmi" ? km / KM_PER_NMI : km;
}

export const speedUnitKey = (u: SpeedUnit): MessageKey => (u === "kmh" ? "unit.kmh" : u === "mph" ? "unit.mph" : "unit.kn");
export const distanceUnitKey = (u: DistanceUnit): MessageKey => (u === "km" ? "unit.km" : u === "mi" ? "unit.mi" : "unit.nmi");
