// Public surface of the IPC layer: commands, map tiles, desktop notifications, error helpers,
// packed-track decoding and types.
export * from "./commands";
export * from "./insight";
export * from "./tiles";
export * from "./dialog";
export * from "./menu";
export * from "./notify";
export * from "./errors";
export * from "./packed";
export type * from "./types";
