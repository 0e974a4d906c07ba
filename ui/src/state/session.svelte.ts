// Session state: which screen shows (starting, sign-in, main), the signed-in user, the message the
// sign-in screen opens with, the user's place kept across a session end, and the banner's problem.
// It observes every command: a session error returns to sign-in; network loss, a refused
// certificate, a rate limit, a server failure, a too-large reply or a redirect raise the banner.
import { observeCommands, restoreSession, signOut as signOutCommand, toAppError, isBannerError, isSessionError, type AppError, type UserSummary } from "../api";
import type { Period } from "../lib/period";

export type Phase = "starting" | "signin" | "main";

/** Where the user was when the session ended, restored after signing in again. */
export interface Place {
  server: string;
  login: string;
  objectId: number | null;
  period: Period | null;
  tripKeys: string[];
}

/** Commands whose failures the sign-in screen shows itself (no redirect, no banner). */
const SIGN_IN_COMMANDS = new Set(["sign_in", "verify_code", "sign_in_with_key", "start_demo", "restore_session", "sign_out"]);

class Session {
  phase = $state<Phase>("starting");
  user = $state<UserSummary | null>(null);
  /** An error that opens the sign-in screen (session ended, restore failed). */
  signInError = $state<AppError | null>(null);
  /** What the main window's banner explains (the latest such failure); `null` = no banner. */
  problem = $state<AppError | null>(null);
  place = $state<Place | null>(null);
  /** Set by the main window so a session end can save the user's place. */
  placeProvider: (() => Omit<Place, "server" | "login">) | null = null;

  constructor() {
    observeCommands(
      (command, error) => this.onCommandError(command, error),
      (command) => {
        if (!SIGN_IN_COMMANDS.has(command)) this.problem = null;
      },
    );
  }

  private onCommandError(command: string, error: AppError): void {
    if (SIGN_IN_COMMANDS.has(command)) return;
    if (isSessionError(error) && this.phase === "main") this.endSession(error);
    else if (isBannerError(error)) this.problem = error;
  }

  /** Whether the banner shows. */
  get offline(): boolean {
    return this.problem !== null;
  }

  async start(): Promise<void> {
    try {
      const user = await restoreSession();
      if (user) this.signedIn(user);
      else this.phase = "signin";
    } catch (raw) {
      const e = toAppError(raw);
      this.signInError = e;
      this.phase = "signin";
    }
  }

  signedIn(user: UserSummary): void {
    // A different account does not inherit the previous user's place.
    if (this.place && (this.place.server !== user.server || this.place.login !== user.login)) this.place = null;
    this.user = user;
    this.signInError = null;
    this.problem = null;
    this.phase = "main";
  }

  /** The session ended under us: keep the place, show sign-in with the reason. */
  endSession(error: AppError): void {
    if (this.user && this.placeProvider) {
      this.place = { server: this.user.server, login: this.user.login, ...this.placeProvider() };
    }
    this.signInError = error;
    this.user = null;
    this.problem = null;
    this.phase = "signin";
  }

  /** Takes the saved place once (the main window applies it after loading objects). */
  takePlace(): Place | null {
    const p = this.place;
    this.place = null;
    return p;
  }

  async signOut(): Promise<void> {
    try {
      await signOutCommand();
    } catch {
      // Signing out locally still proceeds when the server cannot be told.
    }
    this.user = null;
    this.place = null;
    this.signInError = null;
    this.problem = null;
    this.phase = "signin";
  }
}

export const session = new Session();
