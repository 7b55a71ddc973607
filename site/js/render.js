// Pure drawing: data in, DOM out. Text is set with textContent, never innerHTML.

const SVG = "http://www.w3.org/2000/svg";
const COLUMNS = [
  ["name", (b) => b.name[0].toUpperCase() + b.name.slice(1)],
  ["az", (b) => b.az.toFixed(2)],
  ["compass", (b) => b.compass],
  ["alt", (b) => b.alt.toFixed(2)],
  ["magnitude", (b) => b.magnitude.toFixed(2)],
  ["rise", (b, events) => eventTime(events, "next_rise")],
  ["set", (b, events) => eventTime(events, "next_set")],
  ["constellation", (b) => b.constellation],
];

// Rise and set in the viewer's own clock; the API's words where there is no time, and
// a dash while the body's events are not known (not yet asked, or not answered).
export function eventTime(events, key) {
  if (!events) return "—";
  if (events.circumpolar) return "always up";
  if (events.never_rises) return "never up";
  return new Date(events[key]).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

// Zenith at the centre, the horizon at radius 100; north up and east on the left,
// as the sky looks from below.
export function project(az, alt, radius = 100) {
  const r = (radius * (90 - alt)) / 90;
  const a = (az * Math.PI) / 180;
  return { x: -r * Math.sin(a), y: -r * Math.cos(a) };
}

// bodies: a /planets answer's; events: a Map from body name to its /events entry.
export function renderTable(tbody, bodies, events = new Map()) {
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
      row.cells[i].textContent = format(body, events.get(body.name));
    });
    row.classList.toggle("below", !body.above_horizon);
    row.title = body.visibility.visible ? "visible now" : `not visible: ${body.visibility.reason.replaceAll("_", " ")}`;
    return row;
  });
  tbody.replaceChildren(...ordered);
}

export function renderChart(group, bodies) {
  const marks = bodies.filter((body) => body.above_horizon).map((body) => {
    const { x, y } = project(body.az, body.alt);
    const mark = document.createElementNS(SVG, "g");
    mark.setAttribute("class", "mark");
    mark.dataset.body = body.name;
    mark.setAttribute("transform", `translate(${x.toFixed(2)} ${y.toFixed(2)})`);
    const dot = document.createElementNS(SVG, "circle");
    dot.setAttribute("r", body.name === "sun" || body.name === "moon" ? "4" : "2.6");
    const label = document.createElementNS(SVG, "text");
    // Near the western edge the name goes on the mark's left, so it stays in the chart.
    label.setAttribute("x", x > 60 ? "-5" : "5");
    label.setAttribute("y", "2");
    if (x > 60) label.setAttribute("text-anchor", "end");
    label.textContent = body.name;
    const tip = document.createElementNS(SVG, "title");
    tip.textContent = `${body.name}: azimuth ${body.az.toFixed(2)}°, altitude ${body.alt.toFixed(2)}°`;
    mark.append(tip, dot, label);
    return mark;
  });
  group.replaceChildren(...marks);
}

export function formatTime(iso) {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

export function describeObserver(observer) {
  if (observer.source === "default") return "the Greenwich Observatory";
  const ns = observer.lat >= 0 ? "N" : "S";
  const ew = observer.lon >= 0 ? "E" : "W";
  return `${Math.abs(observer.lat).toFixed(4)}° ${ns}, ${Math.abs(observer.lon).toFixed(4)}° ${ew}, ${observer.elevation_m} m`;
}

function clock(iso) {
  return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

function tonightLine(body) {
  const name = body.name[0].toUpperCase() + body.name.slice(1);
  if (!body.visible) return `${name}: not visible tonight (${body.reason.replaceAll("_", " ")})`;
  const windows = body.windows.map((w) => `${clock(w.from)}–${clock(w.until)}`).join(", ");
  const best = body.best;
  return `${name}: ${windows}; best at ${clock(best.time)}, ${best.alt.toFixed(0)}° up in the ${best.compass} (${best.constellation})`;
}

// The plan as a list, and each body's altitude over the darkness as a curve:
// time across (darkness start to end), altitude up (0 to 90 degrees).
export function renderTonight(list, chart, note, plan) {
  note.textContent = plan.darkness
    ? `Dark from ${clock(plan.darkness.start)} to ${clock(plan.darkness.end)}.` + (plan.darkness_note ? ` ${plan.darkness_note}.` : "")
    : `${plan.darkness_note[0].toUpperCase()}${plan.darkness_note.slice(1)}: nothing to plan tonight.`;
  list.replaceChildren(...plan.bodies.map((body) => {
    const item = document.createElement("li");
    item.dataset.body = body.name;
    item.dataset.visible = String(body.visible);
    item.textContent = tonightLine(body);
    return item;
  }));
  const curves = plan.bodies.filter((body) => body.visible).flatMap((body) => {
    const steps = Math.max(body.altitudes.length - 1, 1);
    const xy = body.altitudes.map((alt, i) => [(i / steps) * 300, 100 - (Math.max(alt, 0) / 90) * 100]);
    const line = document.createElementNS(SVG, "polyline");
    line.dataset.body = body.name;
    line.setAttribute("class", "curve");
    line.setAttribute("points", xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" "));
    const tip = document.createElementNS(SVG, "title");
    tip.textContent = `${body.name}: altitude over the night`;
    line.append(tip);
    // The name sits at the curve's highest point.
    const [x, y] = xy.reduce((top, point) => (point[1] < top[1] ? point : top));
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("class", "curve-label");
    label.setAttribute("x", Math.min(x, 285).toFixed(1));
    label.setAttribute("y", (y - 2).toFixed(1));
    label.textContent = body.name;
    return [line, label];
  });
  chart.replaceChildren(...curves);
}
