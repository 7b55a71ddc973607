// The Tonight curves: each visible body's altitude over the night's samples (sunset to
// sunrise), time across and altitude up, its astronomical darkness shaded, the names in
// a column at the right, never on each other.
import { BODY_COLOURS } from "./chart.js";
import { spreadColumn } from "./labels.js";
import { measureText, svg } from "./svg.js";
import { bodyName } from "./words.js";

const HOUR = 3600000;

function axisText(x, y, anchor, words) {
  const text = svg("text", { x, y, class: `axis ${anchor}` }, words);
  text.dataset.label = "axis";
  return text;
}

// The time axis: the samples' first and last times at the ends, hour ticks in the chosen
// clock, each hour's text where it leaves room, and the clock's name beneath.
function timeAxis(span, xOf, bottom, height, width, clock) {
  const [t0, t1] = [Date.parse(span.start), Date.parse(span.end)];
  const parts = [];
  const taken = [];
  const tickY = bottom + 16;
  const ends = [
    [t0, "start", clock.time(span.start)],
    [t1, "end", clock.time(span.end)],
  ];
  for (const [ms, anchor, words] of ends) {
    parts.push(axisText(xOf(ms), tickY, anchor, words));
    const w = words.length * 7.2;
    taken.push(anchor === "start" ? [xOf(ms), xOf(ms) + w] : [xOf(ms) - w, xOf(ms)]);
  }
  const every = (t1 - t0) / HOUR > 8 && width < 500 ? 2 : 1;
  for (let ms = Math.ceil(t0 / HOUR) * HOUR; ms < t1; ms += HOUR) {
    const label = clock.time(new Date(ms).toISOString());
    if (Number(label.slice(0, 2)) % every !== 0 || !label.endsWith(":00")) continue;
    const x = xOf(ms);
    const room = [x - 20, x + 20];
    parts.push(svg("line", { x1: x, y1: bottom, x2: x, y2: bottom + 4, class: "tick" }));
    if (taken.some(([a, b]) => room[0] < b + 6 && a < room[1] + 6)) continue;
    taken.push(room);
    parts.push(axisText(x, tickY, "middle", label));
  }
  const middle = (xOf(t0) + xOf(t1)) / 2;
  parts.push(
    axisText(middle, height - 6, "middle caption", `time (${clock.describe(span.start)})`),
  );
  return parts;
}

// The instants /tonight sampled (ms): the span's ends and, between them, the UTC grid of
// whole multiples of its step that every place shares, so the first and last gaps are short.
function sampleTimes(t0, t1, step) {
  const times = [t0];
  for (let t = Math.floor(t0 / step) * step + step; t < t1; t += step) times.push(t);
  return [...times, t1];
}

// chart: the curves' <svg>; plan: a /tonight answer; width: the chart's laid-out width.
export function renderCurves(chart, plan, clock, width) {
  width = Math.max(width || 600, 280);
  const height = width < 500 ? 230 : 260;
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const span = plan.sampled;
  const visible = plan.bodies.filter((b) => b.visible);
  // Nothing visible all night: no curves to draw, the words say why.
  chart.toggleAttribute("hidden", !visible.length);
  const group = chart.querySelector("[data-curves]");
  group.replaceChildren();
  // Measure the names first: the column at the right is as wide as the longest.
  const names = measureText(
    group,
    visible.map((body) => ({
      text: bodyName(body.name),
      cls: "curve-label",
      data: { label: "curve", for: body.name },
    })),
  );
  const column = Math.max(40, ...names.map((s) => s.w)) + 12;
  const [left, top, bottom] = [36, 10, height - 40];
  const right = width - column;
  const yOf = (alt) => bottom - (Math.max(alt, 0) / 90) * (bottom - top);
  const parts = [];
  for (const alt of [0, 30, 60, 90]) {
    parts.push(svg("line", { x1: left, y1: yOf(alt), x2: right, y2: yOf(alt), class: "gridline" }));
    parts.push(axisText(left - 5, yOf(alt) + 4, "end", `${alt}°`));
  }
  const [t0, t1] = [Date.parse(span.start), Date.parse(span.end)];
  const xOf = (ms) => left + ((ms - t0) / (t1 - t0 || 1)) * (right - left);
  if (plan.darkness) {
    const [x0, x1] = [plan.darkness.start, plan.darkness.end].map((iso) => xOf(Date.parse(iso)));
    const band = svg("rect", {
      x: x0,
      y: top,
      width: x1 - x0,
      height: bottom - top,
      class: "dark",
    });
    band.append(svg("title", {}, "Astronomical darkness"));
    parts.unshift(band);
  }
  parts.push(...timeAxis(span, xOf, bottom, height, width, clock));
  const times = sampleTimes(t0, t1, plan.step_s * 1000);
  const lines = visible.map((body) => {
    const points = body.altitudes.map((alt, i) => [xOf(times[i]), yOf(alt)]);
    const stroke = BODY_COLOURS[body.name];
    const line = svg("polyline", {
      class: "curve",
      stroke,
      points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" "),
    });
    line.dataset.body = body.name;
    line.append(svg("title", {}, `${bodyName(body.name)}: altitude over the night`));
    return { body, line, end: points[points.length - 1] ?? [right, bottom] };
  });
  const wanted = lines.map(({ body, end }, i) => ({ id: body.name, y: end[1], h: names[i].h }));
  const spots = spreadColumn(wanted, top, bottom + 8, 3);
  const leaders = lines.map(({ body, end }, i) => {
    const y = spots.get(body.name);
    const { node, h, bx, by } = names[i];
    node.setAttribute("x", (right + 10 - bx).toFixed(1));
    node.setAttribute("y", (y - h / 2 - by).toFixed(1));
    node.setAttribute("fill", BODY_COLOURS[body.name]);
    const [from, to] = [end.map((v) => v.toFixed(1)), [right + 8, y].map((v) => v.toFixed(1))];
    const points = `${from.join(",")} ${to.join(",")}`;
    return svg("polyline", { class: "leader", points });
  });
  group.prepend(...parts, ...lines.map((l) => l.line), ...leaders);
}
