// Pure drawing: data in, DOM out. Text is set with textContent, never innerHTML.
import { placeLabels, spreadColumn } from "./labels.js";
import {
  chartBearing,
  eclipticPoints,
  pointPosition,
  project,
  skyPhase,
  starPositions,
} from "./sky.js";

const SVG = "http://www.w3.org/2000/svg";
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

const REASONS = {
  below_horizon: "below the horizon",
  too_faint: "too faint to see by eye",
  too_close_to_sun: "too close to the Sun",
  daylight: "in daylight",
  twilight: "the twilight is too bright",
  no_darkness: "no dark sky tonight",
};

const capital = (text) => text[0].toUpperCase() + text.slice(1);
export const bodyName = (name) => capital(name);

function svg(tag, attributes = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

// ---------------------------------------------------------------- the table

// Rise or set in the chosen clock; the API's words where there is no time, and a
// dash while the body's events are not known (not yet asked, or not answered).
export function eventTime(events, key, clock) {
  if (!events) return "—";
  if (events.circumpolar) return "always up";
  if (events.never_rises) return "never up";
  return events[key] ? clock.time(events[key]) : "—";
}

// Whether a body can be seen now, and if not why, in words; with the next rise for a
// body below the horizon and the next set for one above it.
export function seenNow(body, events, clock) {
  const v = body.visibility;
  if (!body.above_horizon) {
    if (!events) return "No: below the horizon";
    if (events.never_rises) return "No: below the horizon all day";
    return events.next_rise ? `No: below the horizon; rises ${clock.time(events.next_rise)}` : "No: below the horizon";
  }
  const sets = events?.next_set ? `; sets ${clock.time(events.next_set)}` : events?.circumpolar ? "; up all day" : "";
  if (v.visible) return `Yes${sets}`;
  const why = REASONS[v.reason] ?? v.reason.replaceAll("_", " ");
  const more = v.reason === "too_faint" ? ` (magnitude ${body.magnitude.toFixed(1)})` : "";
  return `No: ${why}${more}${sets}`;
}

const COLUMNS = [
  ["name", (b) => bodyName(b.name)],
  ["seen", (b, e, clock) => seenNow(b, e, clock)],
  ["az", (b) => b.az.toFixed(2)],
  ["compass", (b) => b.compass],
  ["alt", (b) => b.alt.toFixed(2)],
  ["magnitude", (b) => b.magnitude.toFixed(2)],
  ["rise", (b, e, clock) => eventTime(e, "next_rise", clock)],
  ["set", (b, e, clock) => eventTime(e, "next_set", clock)],
  ["constellation", (b) => b.constellation],
];

// bodies: a /planets answer's; events: a Map from body name to its /events entry.
export function renderTable(tbody, bodies, events, clock) {
  const rows = new Map([...tbody.rows].map((row) => [row.dataset.body, row]));
  const ordered = bodies.map((body) => {
    let row = rows.get(body.name);
    if (!row) {
      row = document.createElement("tr");
      row.dataset.body = body.name;
      for (const [field] of COLUMNS) {
        const cell = document.createElement(field === "name" ? "th" : "td");
        if (field === "name") cell.scope = "row";
        cell.dataset.field = field;
        row.append(cell);
      }
    }
    COLUMNS.forEach(([, format], i) => {
      row.cells[i].textContent = format(body, events.get(body.name), clock);
    });
    row.dataset.up = String(body.above_horizon);
    row.dataset.visible = String(body.visibility.visible);
    return row;
  });
  tbody.replaceChildren(...ordered);
}

// ---------------------------------------------------------------- the sky chart

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
  return `M ${f(x1)} ${f(y1)} A ${f(r)} ${f(r)} ${deg} 0 1 ${f(x2)} ${f(y2)} A ${f(rx)} ${f(r)} ${deg} 0 ${sweep} ${f(x1)} ${f(y1)} Z`;
}

function bodyMark(body, x, y, r, sun, radius) {
  const mark = svg("g", { class: "mark", transform: `translate(${x.toFixed(2)} ${y.toFixed(2)})` });
  mark.dataset.body = body.name;
  const faint = body.magnitude > NAKED_EYE_MAG;
  mark.dataset.nakedEye = String(!faint);
  const colour = BODY_COLOURS[body.name];
  const tip = svg("title", {}, `${bodyName(body.name)}: azimuth ${body.az.toFixed(1)}°, altitude ${body.alt.toFixed(1)}°, magnitude ${body.magnitude.toFixed(1)}${faint ? " (fainter than the eye can see)" : ""}`);
  mark.append(tip);
  if (body.name === "moon") {
    const limb = sun ? chartBearing(body, sun, radius) : 0;
    const lit = svg("path", { d: moonPath(r, body.phase_percent / 100, limb), class: "moon-lit", fill: colour });
    lit.dataset.brightLimbDeg = ((limb * 180) / Math.PI).toFixed(1);
    mark.append(svg("circle", { r, class: "moon-dark" }), lit);
  } else if (faint) {
    mark.append(svg("circle", { r, class: "faint", stroke: colour }));
  } else {
    mark.append(svg("circle", { r, fill: colour, class: body.name === "sun" ? "sun" : "planet" }));
  }
  return mark;
}

function box(x, y, r) {
  return { x0: x - r, y0: y - r, x1: x + r, y1: y + r };
}

// Measure each label's text as drawn (its class sets the font): width, height and
// where its box sits relative to the text's anchor point.
function measured(group, labels) {
  const nodes = labels.map((label) => {
    const node = svg("text", { class: label.cls, x: 0, y: 0 }, label.text);
    node.dataset.label = label.kind;
    if (label.body) node.dataset.for = label.body;
    group.append(node);
    return node;
  });
  nodes.forEach((node, i) => {
    const b = node.getBBox();
    const size = Number.parseFloat(getComputedStyle(node).fontSize) || 12;
    // A chart that is not laid out (hidden) measures nothing: estimate instead.
    const est = b.width > 0 ? b : { x: 0, y: -0.8 * size, width: 0.6 * size * node.textContent.length, height: 1.2 * size };
    Object.assign(labels[i], { node, w: est.width, h: est.height, bx: est.x, by: est.y });
  });
  return labels;
}

// The whole chart for a /planets answer: sky colour, grid, ecliptic, constellation
// figures, stars, bodies, and labels that never touch each other or a mark.
// chart: the <svg>; catalogue: site/data/sky.json, or null while it loads.
export function renderChart(chart, sky, catalogue) {
  const size = Math.max(Math.round(chart.clientWidth || chart.getBoundingClientRect().width || 400), 200);
  const half = size / 2;
  const R = half - MARGIN;
  const k = Math.min(Math.max(size / 560, 0.8), 1.25);
  chart.setAttribute("viewBox", `${-half} ${-half} ${size} ${size}`);
  const layer = (name) => chart.querySelector(`[data-layer="${name}"]`);
  const ms = Date.parse(sky.time);
  const observer = sky.observer;
  const sun = sky.bodies.find((b) => b.name === "sun");
  const phase = skyPhase(sun.alt);
  chart.dataset.sky = phase;
  chart.querySelector("[data-clip] circle").setAttribute("r", R);

  // Sky disc, altitude rings (30 and 60 degrees), the meridian and prime vertical.
  const horizon = svg("circle", { r: R, class: "horizon" });
  horizon.dataset.horizon = "";
  const rings = [30, 60].map((alt) => svg("circle", { r: project(0, alt, R).y * -1, class: "ring" }));
  layer("sky").replaceChildren(
    svg("circle", { r: R, class: "disc" }),
    svg("circle", { r: R, class: "glow", fill: "url(#horizon-glow)" }),
    ...rings,
    svg("line", { x1: -R, y1: 0, x2: R, y2: 0, class: "ring" }),
    svg("line", { x1: 0, y1: -R, x2: 0, y2: R, class: "ring" }),
    horizon,
  );

  const marks = [];
  const labels = [];
  const cardinals = [["N", 0, -R - 13], ["E", -R - 13, 0], ["S", 0, R + 13], ["W", R + 13, 0]];
  for (const [text, x, y] of cardinals) labels.push({ id: `c-${text}`, kind: "cardinal", cls: "cardinal", text, x, y, mode: "fixed" });

  // Bodies, brightest first for their labels.
  const bodies = sky.bodies.filter((b) => b.above_horizon);
  const bodyMarks = bodies.map((body) => {
    const { x, y } = project(body.az, body.alt, R);
    const r = bodyRadius(body, k);
    marks.push(box(x, y, r));
    labels.push({ id: `b-${body.name}`, kind: "body", body: body.name, cls: "body-label", text: bodyName(body.name), x, y, r, mode: "beside", required: true, mag: body.magnitude });
    return bodyMark(body, x, y, r, sun, R);
  });
  const named = [...labels.filter((l) => l.kind !== "body"), ...labels.filter((l) => l.kind === "body").sort((a, b) => a.mag - b.mag)];
  layer("marks").replaceChildren(...bodyMarks);

  const ringLabels = [30, 60].map((alt) => ({
    id: `r-${alt}`, kind: "ring", cls: "ring-label", text: `${alt}°`, mode: "centre",
    anchors: [200, 160, 250, 110, 290, 70, 340, 20].map((az) => project(az, alt, R)),
  }));

  // Stars, and the figures that join them, when the catalogue has arrived.
  let starNodes = [];
  const starLabels = [];
  const figureLabels = [];
  if (catalogue) {
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
    starNodes = positions.filter((s) => s.alt > 0).map((s) => {
      const { x, y } = xy(s.hip);
      const r = starRadius(s.mag, k);
      const mark = { ...box(x, y, r), star: true, soft: s.mag > 2.0 };
      marks.push(mark);
      const dot = svg("circle", { cx: x.toFixed(2), cy: y.toFixed(2), r: r.toFixed(2), fill: starColour(s.bv) });
      dot.dataset.star = String(s.hip);
      mark.node = dot;
      const name = catalogue.names[String(s.hip)];
      if (name && s.alt > 2) starLabels.push({ id: `s-${s.hip}`, kind: "star", cls: "star-label", text: name, x, y, r, mode: "beside", mag: s.mag });
      return dot;
    });
    const segments = [];
    const seen = new Set();
    catalogue.constellations.forEach((figure, index) => {
      for (const line of figure.lines) {
        for (let i = 1; i < line.length; i += 1) {
          const [a, b] = [line[i - 1], line[i]];
          const key = a < b ? `${a}-${b}` : `${b}-${a}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const [sa, sb] = [byHip.get(a), byHip.get(b)];
          if (sa.alt <= 0 && sb.alt <= 0) continue;
          const [pa, pb] = [xy(a), xy(b)];
          if (!pa || !pb) continue;
          segments.push(`M${pa.x.toFixed(1)} ${pa.y.toFixed(1)}L${pb.x.toFixed(1)} ${pb.y.toFixed(1)}`);
        }
      }
      const at = pointPosition(figure.label[0], figure.label[1], ms, observer);
      if (at.alt > 6) {
        const { x, y } = project(at.az, at.alt, R);
        figureLabels.push({ id: `f-${index}`, kind: "constellation", cls: "figure-label", text: figure.name, x, y, mode: "centre", rank: figure.rank });
      }
    });
    layer("figures").replaceChildren(svg("path", { d: segments.join("") }));
    figureLabels.sort((a, b) => a.rank - b.rank);
  }
  layer("stars").replaceChildren(...starNodes);

  // The ecliptic, where the Sun, Moon and planets travel.
  const ecl = eclipticPoints(ms, observer).map((p) => (p.alt > -40 ? project(p.az, p.alt, R) : null));
  let d = "";
  ecl.forEach((p, i) => {
    if (!p) return;
    d += `${i > 0 && ecl[i - 1] ? "L" : "M"}${p.x.toFixed(1)} ${p.y.toFixed(1)}`;
  });
  layer("ecliptic").replaceChildren(svg("path", { d }));

  // Labels: cardinal points, bodies (must be placed), ring values, star names,
  // constellation names; each one where it touches nothing already there.
  const group = layer("labels");
  group.replaceChildren();
  const all = measured(group, [...named, ...ringLabels, ...starLabels, ...figureLabels]);
  const bounds = { x0: -half + 1, y0: -half + 1, x1: half - 1, y1: half - 1 };
  const { placed, knocked } = placeLabels(all.map(anchored), marks, bounds);
  for (const mark of knocked) mark.node?.remove();
  // Which stars a body's name hides, for anyone checking that every star is accounted for.
  chart.dataset.hiddenStars = [...knocked].map((mark) => mark.node?.dataset.star).filter(Boolean).join(" ");
  const leaders = [];
  for (const label of all) {
    const spot = placed.get(label.id);
    if (!spot) {
      label.node.remove();
      continue;
    }
    label.node.setAttribute("x", (spot.box.x0 - label.bx).toFixed(2));
    label.node.setAttribute("y", (spot.box.y0 - label.by).toFixed(2));
    if (spot.leader) leaders.push(leader(label, spot.box));
  }
  layer("leaders").replaceChildren(...leaders);
  return { phase, placed: placed.size, labels: all.length, knocked: knocked.size };
}

// Labels with several possible anchors (ring values) try each in turn.
function anchored(label) {
  if (!label.anchors) return label;
  return { ...label, x: label.anchors[0].x, y: label.anchors[0].y };
}

function leader(label, b) {
  const cx = Math.min(Math.max(label.x, b.x0), b.x1);
  const cy = Math.min(Math.max(label.y, b.y0), b.y1);
  const len = Math.hypot(cx - label.x, cy - label.y) || 1;
  const sx = label.x + ((cx - label.x) / len) * (label.r + 1);
  const sy = label.y + ((cy - label.y) / len) * (label.r + 1);
  const line = svg("line", { x1: sx.toFixed(1), y1: sy.toFixed(1), x2: cx.toFixed(1), y2: cy.toFixed(1) });
  line.dataset.leader = label.body ?? "";
  return line;
}

// What is up and where, in words: the chart's text alternative.
export function describeSky(sky) {
  const sun = sky.bodies.find((b) => b.name === "sun");
  const phase = skyPhase(sun.alt);
  const up = sky.bodies
    .filter((b) => b.above_horizon)
    .sort((a, b) => b.alt - a.alt)
    .map((b) => `${bodyName(b.name)} ${Math.round(b.alt)}° up in the ${b.compass} (${b.constellation}${b.visibility.visible ? "" : `, not visible: ${REASONS[b.visibility.reason] ?? b.visibility.reason}`})`);
  const words = { day: "Daytime", civil: "Civil twilight", nautical: "Nautical twilight", astronomical: "Astronomical twilight", night: "Night" };
  return `${words[phase]}. ${up.length ? `Up now: ${up.join("; ")}.` : "No body is above the horizon."}`;
}

// ---------------------------------------------------------------- tonight

function tonightLine(body, clock) {
  const name = bodyName(body.name);
  if (!body.visible) return `${name}: not visible (${REASONS[body.reason] ?? body.reason.replaceAll("_", " ")})`;
  const windows = body.windows.map((w) => `${clock.time(w.from)}–${clock.time(w.until)}`).join(", ");
  const best = body.best;
  return `${name}: ${windows}; best at ${clock.time(best.time)}, ${best.alt.toFixed(0)}° up in the ${best.compass} (${best.constellation})`;
}

// The plan as a list, and each body's altitude over the darkness as a curve: time
// across, altitude up, the names in a column at the right, never on each other.
export function renderTonight(ui, plan, clock) {
  const zone = clock.describe(plan.darkness?.start ?? plan.night?.start);
  ui.tonightNote.textContent = plan.darkness
    ? `Dark from ${clock.time(plan.darkness.start)} to ${clock.time(plan.darkness.end)} (${zone}).` + (plan.darkness_note ? ` ${capital(plan.darkness_note)}.` : "")
    : `${capital(plan.darkness_note)}: nothing to plan.`;
  ui.tonightList.replaceChildren(...plan.bodies.map((body) => {
    const item = document.createElement("li");
    item.dataset.body = body.name;
    item.dataset.visible = String(body.visible);
    item.textContent = tonightLine(body, clock);
    return item;
  }));
  renderCurves(ui.curves, plan, clock);
}

export function renderCurves(chart, plan, clock) {
  const width = Math.max(Math.round(chart.clientWidth || 600), 280);
  const height = width < 500 ? 230 : 260;
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  // No darkness (white nights, polar day): no curves to draw, the words say why.
  chart.toggleAttribute("hidden", !plan.darkness);
  const visible = plan.darkness ? plan.bodies.filter((b) => b.visible) : [];
  const group = chart.querySelector("[data-curves]");
  group.replaceChildren();
  // Measure the names first: the column at the right is as wide as the longest.
  const names = visible.map((body) => {
    const node = svg("text", { class: "curve-label", x: 0, y: 0 }, bodyName(body.name));
    node.dataset.label = "curve";
    node.dataset.for = body.name;
    group.append(node);
    return node;
  });
  const sizes = names.map((node) => {
    const b = node.getBBox();
    return b.width > 0 ? b : { x: 0, y: -11, width: 8 * node.textContent.length, height: 16 };
  });
  const column = Math.max(40, ...sizes.map((s) => s.width)) + 12;
  const [left, top, bottom] = [36, 10, height - 40];
  const right = width - column;
  const yOf = (alt) => bottom - (Math.max(alt, 0) / 90) * (bottom - top);
  const parts = [];
  for (const alt of [0, 30, 60, 90]) {
    parts.push(svg("line", { x1: left, y1: yOf(alt), x2: right, y2: yOf(alt), class: "gridline" }));
    const text = svg("text", { x: left - 5, y: yOf(alt) + 4, class: "axis end" }, `${alt}°`);
    text.dataset.label = "axis";
    parts.push(text);
  }
  if (plan.darkness) {
    const [t0, t1] = [Date.parse(plan.darkness.start), Date.parse(plan.darkness.end)];
    const xOf = (ms) => left + ((ms - t0) / (t1 - t0 || 1)) * (right - left);
    // Hour ticks in the chosen clock, every hour that leaves room for its text.
    const ends = [
      [t0, "start", `dusk ${clock.time(plan.darkness.start)}`],
      [t1, "end", `dawn ${clock.time(plan.darkness.end)}`],
    ];
    const taken = [];
    const tickY = bottom + 16;
    for (const [ms, anchor, words] of ends) {
      const text = svg("text", { x: xOf(ms), y: tickY, class: `axis ${anchor}` }, words);
      text.dataset.label = "axis";
      parts.push(text);
      const w = words.length * 7.2;
      taken.push(anchor === "start" ? [xOf(ms), xOf(ms) + w] : [xOf(ms) - w, xOf(ms)]);
    }
    const hour = 3600000;
    const every = (t1 - t0) / hour > 8 && width < 500 ? 2 : 1;
    for (let ms = Math.ceil(t0 / hour) * hour; ms < t1; ms += hour) {
      const label = clock.time(new Date(ms).toISOString());
      if (Number(label.slice(0, 2)) % every !== 0 || !label.endsWith(":00")) continue;
      const x = xOf(ms);
      const span = [x - 20, x + 20];
      parts.push(svg("line", { x1: x, y1: bottom, x2: x, y2: bottom + 4, class: "tick" }));
      if (taken.some(([a, b]) => span[0] < b + 6 && a < span[1] + 6)) continue;
      taken.push(span);
      const text = svg("text", { x, y: tickY, class: "axis middle" }, label);
      text.dataset.label = "axis";
      parts.push(text);
    }
    const caption = svg("text", { x: (left + right) / 2, y: height - 6, class: "axis middle caption" }, `time (${clock.describe(plan.darkness.start)})`);
    caption.dataset.label = "axis";
    parts.push(caption);
  }
  const lines = visible.map((body) => {
    const steps = Math.max(body.altitudes.length - 1, 1);
    const points = body.altitudes.map((alt, i) => [left + (i / steps) * (right - left), yOf(alt)]);
    const line = svg("polyline", { class: "curve", stroke: BODY_COLOURS[body.name], points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ") });
    line.dataset.body = body.name;
    line.append(svg("title", {}, `${bodyName(body.name)}: altitude over the night`));
    return { body, line, end: points[points.length - 1] ?? [right, bottom] };
  });
  const spots = spreadColumn(lines.map(({ body, end }, i) => ({ id: body.name, y: end[1], h: sizes[i].height })), top, bottom + 8, 3);
  const leaders = [];
  lines.forEach(({ body, end }, i) => {
    const y = spots.get(body.name);
    const node = names[i];
    node.setAttribute("x", (right + 10 - sizes[i].x).toFixed(1));
    node.setAttribute("y", (y - sizes[i].height / 2 - sizes[i].y).toFixed(1));
    node.setAttribute("fill", BODY_COLOURS[body.name]);
    leaders.push(svg("polyline", { class: "leader", points: `${end[0].toFixed(1)},${end[1].toFixed(1)} ${(right + 8).toFixed(1)},${y.toFixed(1)}` }));
  });
  group.prepend(...parts, ...lines.map((l) => l.line), ...leaders);
}

// ---------------------------------------------------------------- words

export function describeObserver(observer) {
  if (observer.source === "default") return "the Greenwich Observatory";
  const ns = observer.lat >= 0 ? "N" : "S";
  const ew = observer.lon >= 0 ? "E" : "W";
  return `${Math.abs(observer.lat).toFixed(4)}° ${ns}, ${Math.abs(observer.lon).toFixed(4)}° ${ew}, ${observer.elevation_m} m`;
}
