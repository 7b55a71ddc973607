// The Tonight panel: the night's heading, its darkness in words, the plan as a list, and
// the altitude curves beneath. Text is set with textContent.
import { renderCurves } from "./curves.js";
import { bodyName, capital, reason } from "./words.js";

// "2–3 December 2026": the noon-to-noon night that begins on `date` (YYYY-MM-DD).
export function nightName(date) {
  const evening = new Date(`${date}T12:00:00Z`);
  const morning = new Date(evening.getTime() + 86400000);
  const day = (d, options) => d.toLocaleDateString(undefined, { timeZone: "UTC", ...options });
  const sameMonth = evening.getUTCMonth() === morning.getUTCMonth();
  const first = sameMonth ? { day: "numeric" } : { day: "numeric", month: "long" };
  const last = day(morning, { day: "numeric", month: "long", year: "numeric" });
  return `${day(evening, first)}–${last}`;
}

function tonightLine(body, clock) {
  const name = bodyName(body.name);
  if (!body.visible) return `${name}: not visible (${reason(body.reason)})`;
  const windows = body.windows.map((w) => `${clock.time(w.from)}–${clock.time(w.until)}`);
  const { time, alt, compass, constellation } = body.best;
  const best = `best at ${clock.time(time)}, ${alt.toFixed(0)}° up in the ${compass}`;
  return `${name}: ${windows.join(", ")}; ${best} (${constellation})`;
}

function darknessNote(plan, clock) {
  const note = plan.darkness_note ? capital(plan.darkness_note) : "";
  if (!plan.darkness) return `${note}: nothing to plan.`;
  const zone = clock.describe(plan.darkness.start);
  const dark = `Dark from ${clock.time(plan.darkness.start)} to ${clock.time(plan.darkness.end)}`;
  return `${dark} (${zone}).${note ? ` ${note}.` : ""}`;
}

// ui: the panel's nodes {heading, note, list, curves}; tonight: {date, plan, error}
// (date: the night asked for, null for the night ahead); curvesWidth: as laid out.
export function renderTonight(ui, tonight, clock, curvesWidth) {
  ui.heading.textContent = tonight.date ? `The night of ${nightName(tonight.date)}` : "Tonight";
  if (tonight.error) {
    ui.note.textContent = `Tonight's plan is not available (${tonight.error}).`;
    return;
  }
  const plan = tonight.plan;
  if (!plan) {
    ui.note.textContent = "Planning the night…";
    ui.list.replaceChildren();
    return;
  }
  ui.note.textContent = darknessNote(plan, clock);
  const items = plan.bodies.map((body) => {
    const item = document.createElement("li");
    item.dataset.body = body.name;
    item.dataset.visible = String(body.visible);
    item.textContent = tonightLine(body, clock);
    return item;
  });
  ui.list.replaceChildren(...items);
  renderCurves(ui.curves, plan, clock, curvesWidth);
}
