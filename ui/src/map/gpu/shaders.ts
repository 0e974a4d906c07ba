// The GPU track's two small shaders (WebGL2, GLSL ES 3.00): a line of a width in pixels extruded
// in screen space from each point and its two neighbours (mitred joins, the mitre clamped so a
// U-turn does not spike; square caps), coloured flat per edge from a uniform colour table, or
// with one colour for the casing pass. Layout of the attributes: lineGeometry.ts `buildLevel`.

/** Colours the table holds at most (the speed scale has 7 buckets and "unknown"). */
export const MAX_COLORS = 16;

export const VERTEX_SHADER = `#version 300 es
precision highp float;
in vec2 a_prev;
in vec2 a_pos;
in vec2 a_next;
in float a_color;
// Mercator relative to the track's origin -> clip space (the origin folded in, in doubles, on the CPU).
uniform mat4 u_matrix;
// The drawing buffer in device pixels.
uniform vec2 u_viewport;
// Half the line's width in device pixels.
uniform float u_half;
uniform vec3 u_colors[${MAX_COLORS}];
// Alpha > 0: draw every edge in this colour (the casing).
uniform vec4 u_solid;
flat out vec4 v_color;

vec2 toScreen(vec4 c) { return c.xy / c.w * u_viewport * 0.5; }

void main() {
  vec4 clip = u_matrix * vec4(a_pos, 0.0, 1.0);
  vec2 here = toScreen(clip);
  vec2 din = here - toScreen(u_matrix * vec4(a_prev, 0.0, 1.0));
  vec2 dout = toScreen(u_matrix * vec4(a_next, 0.0, 1.0)) - here;
  float lin = length(din), lout = length(dout);
  // The first and last points repeat themselves as their missing neighbour.
  bool start = lin < 1e-4, end = lout < 1e-4;
  vec2 offset = vec2(0.0);
  if (!(start && end)) {
    vec2 tin = start ? dout / lout : din / lin;
    vec2 tout = end ? tin : dout / lout;
    vec2 nin = vec2(-tin.y, tin.x), nout = vec2(-tout.y, tout.x);
    vec2 m = nin + nout;
    float ml = length(m);
    // A U-turn has no mitre: fall back to the incoming normal.
    vec2 miter = ml < 1e-3 ? nin : m / ml;
    // 1/cos of half the turn, clamped at 2: a sharp turn is cut short instead of spiking.
    float len = 1.0 / max(dot(miter, nin), 0.5);
    float side = (gl_VertexID % 2 == 0) ? 1.0 : -1.0;
    offset = miter * (side * u_half * len);
    // Square caps: the ends reach half a width past the point, like the GeoJSON path's round ones.
    if (start) offset -= tout * u_half;
    if (end) offset += tin * u_half;
  }
  clip.xy += offset / (u_viewport * 0.5) * clip.w;
  gl_Position = clip;
  int k = int(a_color + 0.5);
  v_color = u_solid.a > 0.0 ? u_solid : vec4(u_colors[k], 1.0);
}
`;

export const FRAGMENT_SHADER = `#version 300 es
precision mediump float;
flat in vec4 v_color;
out vec4 fragColor;
void main() {
  // MapLibre blends premultiplied (ONE, ONE_MINUS_SRC_ALPHA).
  fragColor = vec4(v_color.rgb * v_color.a, v_color.a);
}
`;
