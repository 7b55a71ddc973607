// The sky chart: a /planets answer (and the star catalogue, once it has loaded) drawn
// into the chart's <svg> at a given size, with labels that never touch each other or a
// mark. Text is set with textContent, never innerHTML.
import { placeLabels } from "./labels.js";
import {
  chartBearing,
  eclipticPoints,
  pointPosition,
  project,
  skyPhase,
  starPositions,
} from "./sky.js";
import { measureText, svg } from "./svg.js";
import { bodyName, reason } from "./words.js";

// The naked eye's limit under a dark sky; anything fainter is drawn hollow.
export const NAKED_EYE_MAG = 6;

export const BODY_COLOURS = {
  sun: "#ffd54a",
  moon: "#ece9dc",
  mercury: "#c9bfae",
  venus: "#fff2c0",
  mars: "#ff8a5c",
  jupiter: "#f5d6a8",
  saturn: "#e8cf86",
  uranus: "#a8e6ea",
  neptune: "#8ea6ff",
  pluto: "#c9a98a",
};

const MARGIN = 26; // px around the horizon, for the cardinal points

function starColour(bv) {
  if (bv < 0) return "#b5cbff";
  if (bv < 0.3) return "#dbe5ff";
  if (bv < 0.6) return "#ffffff";
  if (bv < 1.0) return "#fff0d4";
  if (bv < 1.4) return "#ffd9ab";
  return "#ffc48c";
}

const starRadius = (mag, k) => Math.max(0.7, (1.1 + (4 - mag) * 0.55) * k);

// Planets by brightness: Venus at -4.5 is 7 px across, Uranus at 5.7 a pinpoint.
export function bodyRadius(body, k) {
  if (body.name === "sun" || body.name === "moon") return 9 * k;
  if (body.magnitude > NAKED_EYE_MAG) return 3.2 * k;
  return Math.min(Math.max(1.8 + (NAKED_EYE_MAG - body.magnitude) * 0.5, 2), 7.5) * k;
}

// The Moon's lit part: the limb towards the Sun and a terminator whose half-width is
// r |1 - 2k| for a lit fraction k, on the far side when gibbous, the near side when a
// crescent; the bright limb faces `angle` (radians, the chart's x towards y). The
// turn is written into the arcs themselves, so the path's box is the disc's.
export function moonPath(r, litFraction, angle) {
  const k = Math.min(Math.max(litFraction, 0), 1);
  const rx = Math.abs(1 - 2 * k) * r;
  const sweep = k > 0.5 ? 1 : 0;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  // The limb's ends: the disc's top and bottom before the turn, (0, -r) and (0, r).
  const [x1, y1] = [r * sin, -r * cos];
  const [x2, y2] = [-r * sin, r * cos];
  const deg = ((angle * 180) / Math.PI).toFixed(2);
  const f = (v) => v.toFixed(2);
  const limb = `A ${f(r)} ${f(r)} ${deg} 0 1 ${f(x2)} ${f(y2)}`;
  const terminator = `A ${f(rx)} ${f(r)} ${deg} 0 ${sweep} ${f(x1)} ${f(y1)}`;
  return `M ${f(x1)} ${f(y1)} ${limb} ${terminator} Z`;
}

function bodyMark(body, x, y, r, sun, radius) {
  const where = `translate(${x.toFixed(2)} ${y.toFixed(2)})`;
  const mark = svg("g", { class: "mark", transform: where });
  mark.dataset.body = body.name;
  const faint = body.magnitude > NAKED_EYE_MAG;
  mark.dataset.nakedEye = String(!faint);
  const colour = BODY_COLOURS[body.name];
  const tip =
    `${bodyName(body.name)}: azimuth ${body.az.toFixed(1)}°, altitude ${body.alt.toFixed(1)}°, ` +
    `magnitude ${body.magnitude.toFixed(1)}${faint ? " (fainter than the eye can see)" : ""}`;
  mark.append(svg("title", {}, tip));
  if (body.name === "moon") {
    const limb = sun ? chartBearing(body, sun, radius) : 0;
    const d = moonPath(r, body.phase_percent / 100, limb);
    const lit = svg("path", { d, class: "moon-lit", fill: colour });
    lit.dataset.brightLimbDeg = ((limb * 180) / Math.PI).toFixed(1);
    mark.append(svg("circle", { r, class: "moon-dark" }), lit);
  } else if (faint) {
    mark.append(svg("circle", { r, class: "faint", stroke: colour }));
  } else {
    const cls = body.name === "sun" ? "sun" : "planet";
    mark.append(svg("circle", { r, fill: colour, class: cls }));
  }
  return mark;
}

function box(x, y, r) {
  return { x0: x - r, y0: y - r, x1: x + r, y1: y + r };
}

// Sky disc, altitude rings (30 and 60 degrees), the meridian and prime vertical.
function skyLayer(R) {
  const horizon = svg("circle", { r: R, class: "horizon" });
  horizon.dataset.horizon = "";
  const rings = [30, 60].map((alt) => svg("circle", { r: -project(0, alt, R).y, class: "ring" }));
  return [
    svg("circle", { r: R, class: "disc" }),
    svg("circle", { r: R, class: "glow", fill: "url(#horizon-glow)" }),
    ...rings,
    svg("line", { x1: -R, y1: 0, x2: R, y2: 0, class: "ring" }),
    svg("line", { x1: 0, y1: -R, x2: 0, y2: R, class: "ring" }),
    horizon,
  ];
}

// The cardinal points and the rings' values: labels at fixed or few places.
function gridLabels(R) {
  const cardinals = [
    ["N", 0, -R - 13],
    ["E", -R - 13, 0],
    ["S", 0, R + 13],
    ["W", R + 13, 0],
  ].map(([text, x, y]) => ({ id: `c-${text}`, kind: "cardinal", cls: "cardinal", text, x, y }));
  const rings = [30, 60].map((alt) => ({
    id: `r-${alt}`,
    kind: "ring",
    cls: "ring-label",
    text: `${alt}°`,
    mode: "centre",
    anchors: [200, 160, 250, 110, 290, 70, 340, 20].map((az) => project(az, alt, R)),
  }));
  return { cardinals: cardinals.map((c) => ({ ...c, mode: "fixed" })), rings };
}

// The bodies above the horizon: their marks, boxes and labels (brightest first).
function bodyLayer(sky, R, k) {
  const sun = sky.bodies.find((b) => b.name === "sun");
  const up = sky.bodies.filter((b) => b.above_horizon);
  const marks = [];
  const labels = [];
  const nodes = up.map((body) => {
    const { x, y } = project(body.az, body.alt, R);
    const r = bodyRadius(body, k);
    marks.push(box(x, y, r));
    labels.push({
      id: `b-${body.name}`,
      kind: "body",
      body: body.name,
      cls: "body-label",
      text: bodyName(body.name),
      ...{ x, y, r, mode: "beside", required: true, mag: body.magnitude },
    });
    return bodyMark(body, x, y, r, sun, R);
  });
  labels.sort((a, b) => a.mag - b.mag);
  return { nodes, marks, labels };
}

// Stars and the constellation figures that join them, with their names' labels.
function starLayer(catalogue, ms, observer, R, k) {
  const positions = starPositions(catalogue, ms, observer);
  const byHip = new Map(positions.map((s) => [s.hip, s]));
  const chartXY = new Map();
  const xy = (hip) => {
    if (!chartXY.has(hip)) {
      const s = byHip.get(hip);
      chartXY.set(hip, s.alt > -40 ? project(s.az, s.alt, R) : null);
    }
    return chartXY.get(hip);
  };
  const marks = [];
  const starLabels = [];
  const nodes = positions
    .filter((s) => s.alt > 0)
    .map((s) => {
      const { x, y } = xy(s.hip);
      const r = starRadius(s.mag, k);
      const fill = starColour(s.bv);
      const dot = svg("circle", { cx: x.toFixed(2), cy: y.toFixed(2), r: r.toFixed(2), fill });
      dot.dataset.star = String(s.hip);
      marks.push({ ...box(x, y, r), star: true, soft: s.mag > 2.0, node: dot });
      const name = catalogue.names[String(s.hip)];
      if (name && s.alt > 2) {
        const at = { x, y, r, mode: "beside", mag: s.mag };
        starLabels.push({ id: `s-${s.hip}`, kind: "star", cls: "star-label", text: name, ...at });
      }
      return dot;
    });
  const segments = [];
  const seen = new Set();
  const figureLabels = [];
  catalogue.constellations.forEach((figure, index) => {
    for (const line of figure.lines) {
      for (let i = 1; i < line.length; i += 1) {
        const [a, b] = [line[i - 1], line[i]];
        const key = a < b ? `${a}-${b}` : `${b}-${a}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (byHip.get(a).alt <= 0 && byHip.get(b).alt <= 0) continue;
        const [pa, pb] = [xy(a), xy(b)];
        if (!pa || !pb) continue;
        segments.push(
          `M${pa.x.toFixed(1)} ${pa.y.toFixed(1)}L${pb.x.toFixed(1)} ${pb.y.toFixed(1)}`,
        );
      }
    }
    const at = pointPosition(figure.label[0], figure.label[1], ms, observer);
    if (at.alt > 6) {
      const { x, y } = project(at.az, at.alt, R);
      const label = { id: `f-${index}`, kind: "constellation", cls: "figure-label" };
      figureLabels.push({ ...label, text: figure.name, x, y, mode: "centre", rank: figure.rank });
    }
  });
  figureLabels.sort((a, b) => a.rank - b.rank);
  const figures = svg("path", { d: segments.join("") });
  return { nodes, marks, figures, labels: [...starLabels, ...figureLabels] };
}

// The ecliptic, where the Sun, Moon and planets travel.
function eclipticPath(ms, observer, R) {
  const ecl = eclipticPoints(ms, observer).map((p) =>
    p.alt > -40 ? project(p.az, p.alt, R) : null,
  );
  let d = "";
  ecl.forEach((p, i) => {
    if (!p) return;
    d += `${i > 0 && ecl[i - 1] ? "L" : "M"}${p.x.toFixed(1)} ${p.y.toFixed(1)}`;
  });
  return svg("path", { d });
}

// The whole chart for a /planets answer: sky colour, grid, ecliptic, constellation
// figures, stars, bodies, and labels that never touch each other or a mark.
// chart: the <svg>; catalogue: site/data/sky.json, or null while it loads; width: the
// chart's laid-out width in CSS pixels, so text keeps its size.
export function renderChart(chart, sky, catalogue, width) {
  const size = Math.max(width || 400, 200);
  const half = size / 2;
  const R = half - MARGIN;
  const k = Math.min(Math.max(size / 560, 0.8), 1.25);
  chart.setAttribute("viewBox", `${-half} ${-half} ${size} ${size}`);
  const layer = (name) => chart.querySelector(`[data-layer="${name}"]`);
  const ms = Date.parse(sky.time);
  const phase = skyPhase(sky.bodies.find((b) => b.name === "sun").alt);
  chart.dataset.sky = phase;
  chart.querySelector("[data-clip] circle").setAttribute("r", R);
  layer("sky").replaceChildren(...skyLayer(R));

  const { cardinals, rings } = gridLabels(R);
  const bodies = bodyLayer(sky, R, k);
  layer("marks").replaceChildren(...bodies.nodes);
  const stars = catalogue
    ? starLayer(catalogue, ms, sky.observer, R, k)
    : { nodes: [], marks: [], figures: null, labels: [] };
  if (stars.figures) layer("figures").replaceChildren(stars.figures);
  layer("stars").replaceChildren(...stars.nodes);
  layer("ecliptic").replaceChildren(eclipticPath(ms, sky.observer, R));

  // Labels: cardinal points, bodies (must be placed), ring values, star names,
  // constellation names; each one where it touches nothing already there.
  const marks = [...bodies.marks, ...stars.marks];
  const labels = [...cardinals, ...bodies.labels, ...rings, ...stars.labels];
  const bounds = { x0: -half + 1, y0: -half + 1, x1: half - 1, y1: half - 1 };
  const { placed, knocked } = placeAll(layer("labels"), labels, marks, bounds);
  layer("leaders").replaceChildren(...leaders(labels, placed));
  for (const mark of knocked) mark.node?.remove();
  // Which stars a body's name hides, for anyone checking that every star is accounted for.
  const hidden = [...knocked].map((mark) => mark.node?.dataset.star).filter(Boolean);
  chart.dataset.hiddenStars = hidden.join(" ");
  return { phase, placed: placed.size, labels: labels.length, knocked: knocked.size };
}

// Measure every label, place them, and move each placed one to its spot; the rest go.
function placeAll(group, labels, marks, bounds) {
  group.replaceChildren();
  const data = (label) => ({ label: label.kind, ...(label.body ? { for: label.body } : {}) });
  const sizes = measureText(
    group,
    labels.map((label) => ({ text: label.text, cls: label.cls, data: data(label) })),
  );
  labels.forEach((label, i) => Object.assign(label, sizes[i]));
  // Labels with several possible anchors (ring values) try each in turn.
  const anchored = (l) => (l.anchors ? { ...l, x: l.anchors[0].x, y: l.anchors[0].y } : l);
  const result = placeLabels(labels.map(anchored), marks, bounds);
  for (const label of labels) {
    const spot = result.placed.get(label.id);
    if (!spot) {
      label.node.remove();
      continue;
    }
    label.node.setAttribute("x", (spot.box.x0 - label.bx).toFixed(2));
    label.node.setAttribute("y", (spot.box.y0 - label.by).toFixed(2));
  }
  return result;
}

// A line from each mark to its label where the label had to go further out.
function leaders(labels, placed) {
  return labels
    .filter((label) => placed.get(label.id)?.leader)
    .map((label) => {
      const b = placed.get(label.id).box;
      const cx = Math.min(Math.max(label.x, b.x0), b.x1);
      const cy = Math.min(Math.max(label.y, b.y0), b.y1);
      const len = Math.hypot(cx - label.x, cy - label.y) || 1;
      const sx = label.x + ((cx - label.x) / len) * (label.r + 1);
      const sy = label.y + ((cy - label.y) / len) * (label.r + 1);
      const ends = { x1: sx.toFixed(1), y1: sy.toFixed(1), x2: cx.toFixed(1), y2: cy.toFixed(1) };
      const line = svg("line", ends);
      line.dataset.leader = label.body ?? "";
      return line;
    });
}

const PHASE_WORDS = {
  day: "Daytime",
  civil: "Civil twilight",
  nautical: "Nautical twilight",
  astronomical: "Astronomical twilight",
  night: "Night",
};

// What is up and where, in words: the chart's text alternative.
export function describeSky(sky) {
  const sun = sky.bodies.find((b) => b.name === "sun");
  const up = sky.bodies
    .filter((b) => b.above_horizon)
    .sort((a, b) => b.alt - a.alt)
    .map((b) => {
      const seen = b.visibility.visible ? "" : `, not visible: ${reason(b.visibility.reason)}`;
      const where = `${Math.round(b.alt)}° up in the ${b.compass}`;
      return `${bodyName(b.name)} ${where} (${b.constellation}${seen})`;
    });
  const now = up.length ? `Up now: ${up.join("; ")}.` : "No body is above the horizon.";
  return `${PHASE_WORDS[skyPhase(sun.alt)]}. ${now}`;
}
