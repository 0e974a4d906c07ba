// Object status colours and their translation keys (list dots, map dots, legend).
import type { ObjectStatus } from "../api";
import type { MessageKey } from "../i18n/translate";

export const STATUS_COLORS: Record<ObjectStatus, string> = {
  moving: "#1f9d55",
  stopped: "#e0a100",
  parked: "#3b76d8",
  offline: "#9aa3ad",
  blocked: "#d64545",
  unknown: "#c4cad1",
};

export const STATUS_KEYS: Record<ObjectStatus, MessageKey> = {
  moving: "status.moving",
  stopped: "status.stopped",
  parked: "status.parked",
  offline: "status.offline",
  blocked: "status.blocked",
  unknown: "status.unknown",
};
