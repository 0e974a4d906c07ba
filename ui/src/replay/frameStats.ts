// Frame-time statistics of the replay loop (for benchmarks in the real web view): the intervals
// between animation frames while playing, kept in a ring buffer, summarized as avg/p95/max and fps.

export interface FrameSummary {
  frames: number;
  avgMs: number;
  p95Ms: number;
  maxMs: number;
  fps: number;
}

export class FrameStats {
  private readonly gaps: Float64Array;
  private count = 0;
  private last = NaN;

  constructor(capacity = 1200) {
    this.gaps = new Float64Array(capacity);
  }

  /** Forget the last frame (playback paused): the next frame starts a new run. */
  break(): void {
    this.last = NaN;
  }

  reset(): void {
    this.count = 0;
    this.last = NaN;
  }

  /** A frame at time `now` (ms). */
  frame(now: number): void {
    if (!Number.isNaN(this.last)) {
      this.gaps[this.count % this.gaps.length] = now - this.last;
      this.count++;
    }
    this.last = now;
  }

  summary(): FrameSummary {
    const n = Math.min(this.count, this.gaps.length);
    if (n === 0) return { frames: 0, avgMs: 0, p95Ms: 0, maxMs: 0, fps: 0 };
    const sorted = Array.from(this.gaps.subarray(0, n)).sort((a, b) => a - b);
    const sum = sorted.reduce((s, v) => s + v, 0);
    const avg = sum / n;
    const round = (v: number) => Math.round(v * 100) / 100;
    return {
      frames: n,
      avgMs: round(avg),
      p95Ms: round(sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)] as number),
      maxMs: round(sorted[n - 1] as number),
      fps: avg > 0 ? round(1000 / avg) : 0,
    };
  }
}
