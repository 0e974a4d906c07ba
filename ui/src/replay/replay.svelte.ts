// Replay state: the loaded track's timeline, the current track time, play/pause, the speed factor,
// "skip stops" and "follow", and the animation-frame clock. The clock is anchored (wall time and
// play time at the last play/seek/speed change), so a frame's time depends only on the wall clock
// and never drifts; all time math is in engine.ts.
import {
  buildTimeline,
  clampTime,
  DEFAULT_SPEED_INDEX,
  fromPlay,
  nextSpeedIndex,
  SPEEDS,
  stepByPoint,
  stepByTime,
  toPlay,
  type ReplayTrack,
  type Timeline,
} from "./engine";
import { FrameStats } from "./frameStats";
import { focusKind, replayKeyAction, type ReplayAction } from "./keys";

export class Replay {
  track = $state.raw<ReplayTrack | null>(null);
  timeline = $state.raw<Timeline | null>(null);
  /** Current track time, Unix ms. */
  time = $state(0);
  playing = $state(false);
  speedIndex = $state(DEFAULT_SPEED_INDEX);
  skipStops = $state(true);
  follow = $state(true);
  /** Intervals between animation frames while playing (benchmarks read them). */
  readonly frames = new FrameStats();

  private raf = 0;
  private anchorWall = 0;
  private anchorPlay = 0;

  get speed(): number {
    return SPEEDS[this.speedIndex] ?? 1;
  }

  get start(): number {
    return this.timeline?.start ?? NaN;
  }

  get end(): number {
    return this.timeline?.end ?? NaN;
  }

  /** A new track: paused at its start. */
  load(track: ReplayTrack | null): void {
    this.pause();
    this.frames.reset();
    if (!track || track.n === 0) {
      this.track = null;
      this.timeline = null;
      this.time = 0;
      return;
    }
    this.track = track;
    this.timeline = buildTimeline(track);
    this.time = this.timeline.start;
  }

  play(): void {
    const tl = this.timeline;
    if (!tl || this.playing) return;
    if (this.time >= tl.end) this.time = tl.start;
    this.playing = true;
    this.reanchor();
    this.frames.break();
    this.raf = requestAnimationFrame(this.frame);
  }

  pause(): void {
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.playing = false;
    this.frames.break();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  seek(t: number): void {
    const tl = this.timeline;
    if (!tl) return;
    this.time = clampTime(tl, t);
    this.reanchor();
  }

  /** ←/→: 10 s of wall time at the current speed; with byPoint, to the previous/next point. */
  step(dir: 1 | -1, byPoint: boolean): void {
    const tl = this.timeline, track = this.track;
    if (!tl || !track) return;
    this.seek(byPoint ? stepByPoint(track, tl, this.time, dir) : stepByTime(tl, this.time, dir, this.speed, this.skipStops));
  }

  changeSpeed(dir: 1 | -1): void {
    this.setSpeedIndex(nextSpeedIndex(this.speedIndex, dir));
  }

  setSpeedIndex(i: number): void {
    this.speedIndex = Math.min(SPEEDS.length - 1, Math.max(0, i));
    this.reanchor();
  }

  setSkipStops(on: boolean): void {
    this.skipStops = on;
    this.reanchor();
  }

  apply(a: ReplayAction): void {
    if (a.kind === "toggle") this.toggle();
    else if (a.kind === "step") this.step(a.dir, a.byPoint);
    else this.changeSpeed(a.dir);
  }

  /** Handles a replay key (when a track is loaded and focus allows); true when it did. */
  handleKey(e: KeyboardEvent): boolean {
    if (!this.timeline) return false;
    const action = replayKeyAction(e, focusKind(e.target));
    if (!action) return false;
    e.preventDefault();
    this.apply(action);
    return true;
  }

  destroy(): void {
    this.pause();
  }

  private reanchor(): void {
    const tl = this.timeline;
    if (!tl) return;
    this.anchorWall = performance.now();
    this.anchorPlay = toPlay(tl, this.time, this.skipStops);
  }

  private readonly frame = (): void => {
    this.raf = 0;
    const tl = this.timeline;
    if (!tl || !this.playing) return;
    const now = performance.now();
    this.frames.frame(now);
    const t = fromPlay(tl, this.anchorPlay + (now - this.anchorWall) * this.speed, this.skipStops);
    this.time = t;
    if (t >= tl.end) {
      this.pause();
      return;
    }
    this.raf = requestAnimationFrame(this.frame);
  };
}
