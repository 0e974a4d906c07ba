// The GPU track: a MapLibre custom layer ("custom", 2d) that draws the shown track from its packed
// columns — projected once (lineGeometry.ts), uploaded as vertex buffers, drawn as a dark casing
// then the speed-coloured line, widths in pixels by zoom. One thinned level per integer zoom,
// built the first time that zoom is drawn with the camera's zoom at rest (off the frame, the
// nearest built level standing in, also while zooming), the KEEP_LEVELS nearest the one drawn
// kept; every GL object is freed in onRemove. While a track is being
// read its windows are drawn as they come, each a part of its own (`addWindow`), until the whole
// track replaces them. It owns no events: picking is pick.ts over the same projected arrays,
// wired by TrackLayer.svelte.
import type { CustomLayerInterface, CustomRenderMethodInput, MapLibreMap } from "../maplibre";
import type { PackedTrack } from "../../api/packed";
import { bucketColor, UNKNOWN_BUCKET, type SpeedScale } from "../../lib/speedScale";
import { buildLevel, hexRgb, levelForZoom, levelTolerance, mercatorTolerance, mercX, mercY, projectTrack, visibleDraws, type Level, type Projected } from "./lineGeometry";
import { PickIndex } from "./pick";
import { FRAGMENT_SHADER, MAX_COLORS, VERTEX_SHADER } from "./shaders";

/** What the layer reports after each frame it drew (test hooks and the benchmark probe). */
export interface FrameInfo {
  frames: number;
  level: number;
  /** The line's vertices in the level drawn (points kept; the GPU draws two per vertex a pass),
   * comparable with the GeoJSON path's count. */
  vertices: number;
  points: number;
  /** Windows of a track still being read drawn in this frame (0: a whole track). */
  windows: number;
  /** Levels of the (first) track kept on the GPU, and built since it was shown. */
  levels: number;
  levelsBuilt: number;
}

export interface GpuTrackOptions {
  id: string;
  /** The casing's colour ("#rrggbb"). */
  casing: string;
  onFrame?: (info: FrameInfo) => void;
}

/** The line's and the casing's widths in CSS pixels by zoom: the GeoJSON path's interpolations. */
export function lineWidths(zoom: number): { line: number; casing: number } {
  const f = Math.max(0, Math.min(1, (zoom - 5) / 9));
  return { line: 2.2 + f * (4.5 - 2.2), casing: 4 + f * (7 - 4) };
}

/**
 * Levels a track keeps on the GPU: the one drawn and those nearest it. A level of a million points
 * near full detail is ~18 MB in the GL driver — with a software rasterizer, the web process's own
 * heap — and a zoom through six levels kept all six (BENCHMARKS.md).
 */
export const KEEP_LEVELS = 3;

interface GpuLevel {
  vao: WebGLVertexArrayObject;
  buffers: WebGLBuffer[];
  /** The level's arrays but the vertices (uploaded): its draws and pieces for culling. */
  level: Pick<Level, "draws" | "chunks" | "boxes">;
  vertices: number;
}

/** Deletes a level's GL objects. */
function free(gl: WebGL2RenderingContext, l: GpuLevel): void {
  gl.deleteVertexArray(l.vao);
  for (const b of l.buffers) gl.deleteBuffer(b);
}

interface Shown {
  track: PackedTrack;
  projected: Projected;
  /** Built after the first frame (or at the first pick, if that comes sooner). */
  pick: PickIndex | null;
  /** Built on the CPU, waiting for the next frame's GL context to be uploaded. */
  ready: Map<number, Level>;
  levels: Map<number, GpuLevel>;
  building: Set<number>;
  /** Levels built since the track was shown (the first included). */
  built: number;
}

export class GpuTrackLayer implements CustomLayerInterface {
  readonly id: string;
  readonly type = "custom" as const;
  readonly renderingMode = "2d" as const;
  private readonly opts: GpuTrackOptions;
  private map: MapLibreMap | null = null;
  private gl: WebGL2RenderingContext | null = null;
  private program: WebGLProgram | null = null;
  private loc: Record<string, WebGLUniformLocation | null> = {};
  private attrib: Record<string, number> = {};
  private colors = new Float32Array(3 * MAX_COLORS);
  private casing: [number, number, number] = [0, 0, 0];
  /** The whole track (one part), or the windows read so far of one being read. */
  private parts: Shown[] = [];
  private partial = false;
  private frames = 0;
  /** The shaders have drawn once in this context (see `warmUp`). */
  private warmed = false;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  /** The frame's draws, reused. */
  private drawList: number[] = [];
  /** A level was wanted while the camera zoomed: ask for a frame once the zoom ends. */
  private afterZoom = false;
  private readonly onZoomEnd = (): void => {
    if (!this.afterZoom) return;
    this.afterZoom = false;
    this.map?.triggerRepaint();
  };

  constructor(opts: GpuTrackOptions) {
    this.id = opts.id;
    this.opts = opts;
    this.casing = hexRgb(opts.casing);
  }

  /**
   * Shows a track (null: none). The projection is made now, and the first level for `zoom` (the
   * zoom it will be fitted at) so the first frame does not wait for a finer one; the picking index
   * (a pass over the points) is left for after that frame.
   */
  setTrack(track: PackedTrack | null, scale: SpeedScale, zoom: number): void {
    this.dropLevels();
    this.frames = 0;
    this.partial = false;
    for (let b = 0; b <= UNKNOWN_BUCKET && b < MAX_COLORS; b++) this.colors.set(hexRgb(bucketColor(b)), 3 * b);
    this.parts = [];
    if (!track) {
      this.map?.triggerRepaint();
      return;
    }
    const shown = this.add(track, scale, zoom);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.parts[0] === shown) this.pickIndex();
    }, 100);
    this.timers.add(timer);
  }

  /**
   * Adds the next window of a track being read: drawn beside the windows before it (the first
   * one replaces what was shown), with no picking, until `setTrack` shows the whole track.
   */
  addWindow(track: PackedTrack, scale: SpeedScale, zoom: number): void {
    if (!this.partial) this.setTrack(null, scale, zoom);
    this.partial = true;
    this.add(track, scale, zoom);
  }

  /** Windows of a track being read are drawn (not a whole track). */
  get showingWindows(): boolean {
    return this.partial;
  }

  private add(track: PackedTrack, scale: SpeedScale, zoom: number): Shown {
    const projected = projectTrack(track, scale);
    const shown: Shown = { track, projected, pick: null, ready: new Map(), levels: new Map(), building: new Set(), built: 1 };
    this.parts.push(shown);
    const first = levelForZoom(zoom);
    shown.ready.set(first, buildLevel(track, projected, levelTolerance(first)));
    this.map?.triggerRepaint();
    return shown;
  }

  /** The picking index of the shown track (built now if it was not yet). */
  pickIndex(): PickIndex | null {
    const shown = this.partial ? undefined : this.parts[0];
    if (!shown) return null;
    shown.pick ??= new PickIndex(shown.track, shown.projected);
    return shown.pick;
  }

  /** Mercator origin of the shown track (picking works relative to it). */
  origin(): [number, number] | null {
    return (this.partial ? undefined : this.parts[0])?.projected.origin ?? null;
  }

  onAdd(map: MapLibreMap, gl: WebGL2RenderingContext): void {
    this.map = map;
    this.gl = gl;
    this.compile(gl);
    map.on("webglcontextlost", this.onLost);
    map.on("webglcontextrestored", this.onRestored);
    map.on("zoomend", this.onZoomEnd);
  }

  onRemove(map: MapLibreMap, gl: WebGL2RenderingContext): void {
    map.off("webglcontextlost", this.onLost);
    map.off("webglcontextrestored", this.onRestored);
    map.off("zoomend", this.onZoomEnd);
    this.dropLevels();
    if (this.program) gl.deleteProgram(this.program);
    this.program = null;
    this.parts = [];
    this.map = null;
    this.gl = null;
  }

  /** A lost context took every GL object with it: forget them (deleting them would be an error). */
  private readonly onLost = (): void => {
    this.program = null;
    for (const part of this.parts) {
      part.levels.clear();
      part.ready.clear();
      part.building.clear();
    }
  };
  private readonly onRestored = (): void => {
    this.warmed = false;
    if (this.gl) this.compile(this.gl);
    this.map?.triggerRepaint();
  };

  private compile(gl: WebGL2RenderingContext): void {
    const shader = (type: number, src: string): WebGLShader => {
      const s = gl.createShader(type) as WebGLShader;
      gl.shaderSource(s, src);
      gl.compileShader(s);
      if (!gl.getShaderParameter(s, gl.COMPILE_STATUS) && !gl.isContextLost()) throw new Error(`track shader: ${gl.getShaderInfoLog(s) ?? "?"}`);
      return s;
    };
    const vs = shader(gl.VERTEX_SHADER, VERTEX_SHADER);
    const fs = shader(gl.FRAGMENT_SHADER, FRAGMENT_SHADER);
    const p = gl.createProgram() as WebGLProgram;
    gl.attachShader(p, vs);
    gl.attachShader(p, fs);
    gl.linkProgram(p);
    gl.deleteShader(vs);
    gl.deleteShader(fs);
    if (!gl.getProgramParameter(p, gl.LINK_STATUS) && !gl.isContextLost()) throw new Error(`track program: ${gl.getProgramInfoLog(p) ?? "?"}`);
    this.program = p;
    for (const u of ["u_matrix", "u_viewport", "u_half", "u_colors", "u_solid"]) this.loc[u] = gl.getUniformLocation(p, u);
    for (const a of ["a_prev", "a_pos", "a_next", "a_color"]) this.attrib[a] = gl.getAttribLocation(p, a);
  }

  private upload(gl: WebGL2RenderingContext, level: Level): GpuLevel {
    const vao = gl.createVertexArray() as WebGLVertexArrayObject;
    gl.bindVertexArray(vao);
    const pos = gl.createBuffer() as WebGLBuffer;
    gl.bindBuffer(gl.ARRAY_BUFFER, pos);
    gl.bufferData(gl.ARRAY_BUFFER, level.positions, gl.STATIC_DRAW);
    // One buffer, three views: the previous, this and the next point (2 vertices = 16 bytes apart).
    for (const [name, offset] of [["a_prev", 0], ["a_pos", 16], ["a_next", 32]] as const) {
      const at = this.attrib[name] as number;
      gl.enableVertexAttribArray(at);
      gl.vertexAttribPointer(at, 2, gl.FLOAT, false, 8, offset);
    }
    const col = gl.createBuffer() as WebGLBuffer;
    gl.bindBuffer(gl.ARRAY_BUFFER, col);
    gl.bufferData(gl.ARRAY_BUFFER, level.colors, gl.STATIC_DRAW);
    const at = this.attrib.a_color as number;
    gl.enableVertexAttribArray(at);
    gl.vertexAttribPointer(at, 1, gl.UNSIGNED_BYTE, false, 1, 0);
    gl.bindVertexArray(null);
    return { vao, buffers: [pos, col], level: { draws: level.draws, chunks: level.chunks, boxes: level.boxes }, vertices: level.kept };
  }

  private dropLevels(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const gl = this.gl;
    for (const part of this.parts) {
      if (gl && !gl.isContextLost()) {
        for (const l of part.levels.values()) {
          free(gl, l);
        }
      }
      part.levels.clear();
      part.ready.clear();
    }
  }

  /**
   * Draws a two-point line far outside the view (every vertex clipped, no pixel touched) in the
   * first frame the layer is in, track or not. A software rasterizer (Mesa's llvmpipe, what the
   * app's web view has without a GPU) compiles a shader's machine code for its draw state at the
   * first draw: ~50 ms that would otherwise fall in the first frame with a track.
   */
  private warmUp(gl: WebGL2RenderingContext, program: WebGLProgram): void {
    this.warmed = true;
    // Two points (10, 10) and (11, 10) laid out as `buildLevel` lays out a run; clip x ≥ 10.
    const positions = new Float32Array(16);
    for (let v = 0; v < 8; v++) positions.set([v < 4 ? 10 : 11, 10], 2 * v);
    const level = this.upload(gl, { positions, colors: new Uint8Array(8), draws: Int32Array.of(0, 4), chunks: Int32Array.of(0, 4), boxes: new Float32Array(4), kept: 2 });
    gl.useProgram(program);
    gl.uniformMatrix4fv(this.loc.u_matrix ?? null, false, Float32Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
    gl.uniform2f(this.loc.u_viewport ?? null, gl.drawingBufferWidth, gl.drawingBufferHeight);
    gl.uniform3fv(this.loc.u_colors ?? null, this.colors);
    gl.uniform1f(this.loc.u_half ?? null, 1);
    gl.uniform4f(this.loc.u_solid ?? null, 0, 0, 0, 0);
    gl.bindVertexArray(level.vao);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.bindVertexArray(null);
    free(gl, level);
  }

  /** Builds a level's arrays between frames; the next frame uploads it. */
  private schedule(shown: Shown, level: number): void {
    if (shown.building.has(level)) return;
    shown.building.add(level);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.parts.includes(shown)) return;
      shown.ready.set(level, buildLevel(shown.track, shown.projected, levelTolerance(level)));
      shown.built++;
      this.map?.triggerRepaint();
    }, 0);
    this.timers.add(timer);
  }

  /** The level to draw at a zoom: its own if built, else the nearest built (finer first). Its
   * own is built only with the zoom at rest: a zoom animation passes levels nobody looks at. */
  private pickLevel(shown: Shown, want: number, zooming: boolean): [number, GpuLevel] | null {
    const levels = shown.levels;
    if (levels.size === 0) return null;
    const own = levels.get(want);
    if (own) return [want, own];
    if (zooming) this.afterZoom = true;
    else this.schedule(shown, want);
    let best: [number, GpuLevel] | null = null;
    for (const [k, l] of levels) if (!best || Math.abs(k - want) < Math.abs(best[0] - want) || (Math.abs(k - want) === Math.abs(best[0] - want) && k > best[0])) best = [k, l];
    return best;
  }

  /** Frees the levels of `shown` farthest from `kept` (the one drawn) beyond KEEP_LEVELS. */
  private evict(gl: WebGL2RenderingContext, shown: Shown, kept: number): void {
    if (shown.levels.size <= KEEP_LEVELS) return;
    const far = [...shown.levels.keys()].filter((k) => k !== kept).sort((a, b) => Math.abs(b - kept) - Math.abs(a - kept) || a - b);
    for (const k of far.slice(0, shown.levels.size - KEEP_LEVELS)) {
      free(gl, shown.levels.get(k) as GpuLevel);
      shown.levels.delete(k);
    }
  }

  /** The view's box relative to `origin`, widened by more than a line's width and its mitres;
   * null when the view wraps the world (then everything is drawn). */
  private viewBox(map: MapLibreMap, origin: [number, number], zoom: number): [number, number, number, number] | null {
    const b = map.getBounds();
    const west = b.getWest(), east = b.getEast();
    if (east - west >= 360) return null;
    const pad = mercatorTolerance(zoom, 32);
    return [mercX(west) - origin[0] - pad, mercY(b.getNorth()) - origin[1] - pad, mercX(east) - origin[0] + pad, mercY(b.getSouth()) - origin[1] + pad];
  }

  render(gl: WebGL2RenderingContext, options: CustomRenderMethodInput): void {
    const map = this.map, program = this.program;
    if (program && !this.warmed) this.warmUp(gl, program);
    if (this.parts.length === 0 || !map || !program) return;
    const zoom = map.getZoom();
    const want = levelForZoom(zoom);
    const m = options.defaultProjectionData.mainMatrix as ArrayLike<number>;
    const drawn: { part: Shown; level: GpuLevel; levelNo: number; mat: Float32Array; draws: number[] }[] = [];
    for (const part of this.parts) {
      for (const [k, level] of part.ready) {
        part.levels.set(k, this.upload(gl, level));
        part.building.delete(k);
      }
      part.ready.clear();
      const chosen = this.pickLevel(part, want, map.isZooming());
      if (!chosen) continue;
      const [levelNo, level] = chosen;
      this.evict(gl, part, levelNo);
      // The matrix takes Mercator 0..1; ours take Mercator minus the origin. Fold the origin's
      // translation in here, in doubles, so the GPU only sees small numbers.
      const [ox, oy] = part.projected.origin;
      const mat = new Float32Array(16);
      for (let k = 0; k < 12; k++) mat[k] = m[k] as number;
      for (let r = 0; r < 4; r++) mat[12 + r] = (m[r] as number) * ox + (m[4 + r] as number) * oy + (m[12 + r] as number);
      // Only the pieces of the line the view can show: closer in, most of a fine level is off
      // screen, and a software rasterizer shades every vertex sent.
      const draws = visibleDraws(level.level, this.viewBox(map, part.projected.origin, zoom), drawn.length === 0 ? this.drawList : []);
      drawn.push({ part, level, levelNo, mat, draws });
    }
    const first = drawn[0];
    if (!first) return;

    const ratio = map.getPixelRatio();
    const widths = lineWidths(zoom);
    gl.useProgram(program);
    gl.uniform2f(this.loc.u_viewport ?? null, gl.drawingBufferWidth, gl.drawingBufferHeight);
    gl.uniform3fv(this.loc.u_colors ?? null, this.colors);
    // Casing first, the whole track, then the line over it: a casing never covers a line.
    const passes: [number, [number, number, number, number]][] = [
      [widths.casing, [...this.casing, 1]],
      [widths.line, [0, 0, 0, 0]],
    ];
    for (const [width, solid] of passes) {
      gl.uniform1f(this.loc.u_half ?? null, (width * ratio) / 2);
      gl.uniform4f(this.loc.u_solid ?? null, ...solid);
      for (const { level, mat, draws } of drawn) {
        gl.uniformMatrix4fv(this.loc.u_matrix ?? null, false, mat);
        gl.bindVertexArray(level.vao);
        for (let d = 0; d < draws.length; d += 2) gl.drawArrays(gl.TRIANGLE_STRIP, draws[d] as number, draws[d + 1] as number);
      }
    }
    gl.bindVertexArray(null);
    this.frames++;
    let vertices = 0, points = 0;
    for (const d of drawn) {
      vertices += d.level.vertices;
      points += d.part.track.n;
    }
    this.opts.onFrame?.({ frames: this.frames, level: first.levelNo, vertices, points, windows: this.partial ? drawn.length : 0, levels: first.part.levels.size, levelsBuilt: first.part.built });
  }
}
