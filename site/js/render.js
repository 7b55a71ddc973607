// Pure drawing: data in, DOM out. Text is set with textContent, never innerHTML.

const SVG = "http://www.w3.org/2000/svg";
const COLUMNS = [
  ["name", (b) => b.name[0].toUpperCase() + b.name.slice(1)],
  ["az", (b) => b.az.toFixed(2)],
  ["compass", (b) => b.compass],
  ["alt", (b) => b.alt.toFixed(2)],
  ["magnitude", (b) => b.magnitude.toFixed(2)],
  ["rise", (b) => eventTime(b.events, "next_rise")],
  ["set", (b) => eventTime(b.events, "next_set")],
  ["constellation", (b) => b.constellation],
];

// Rise and set in the viewer's own clock; the API's words where there is no time.
export function eventTime(events, key) {
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

export function renderTable(tbody, bodies) {
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
      row.cells[i].textContent = format(body);
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
    label.setAttribute("x", "5");
    label.setAttribute("y", "2");
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
