// The one door to the IPC types: re-exports the generated bindings (ui/src/api/bindings/, owned by
// the Rust side's ts-rs generator) plus a few UI-side aliases derived from them.
export type { AppError } from "./bindings/AppError";
export type { Group } from "./bindings/Group";
export type { ObjectList } from "./bindings/ObjectList";
export type { ObjectRow } from "./bindings/ObjectRow";
export type { ObjectState } from "./bindings/ObjectState";
export type { ObjectStates } from "./bindings/ObjectStates";
export type { ObjectStatus } from "./bindings/ObjectStatus";
export type { Progress } from "./bindings/Progress";
export type { Settings } from "./bindings/Settings";
export type { SignInOutcome } from "./bindings/SignInOutcome";
export type { TripKind } from "./bindings/TripKind";
export type { TripList } from "./bindings/TripList";
export type { TripRow } from "./bindings/TripRow";
export type { UserSummary } from "./bindings/UserSummary";
export type { PackedTrack } from "./packed";
