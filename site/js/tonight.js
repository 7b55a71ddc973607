// The Tonight panel: the night's heading, its darkness in words, the plan as a list, and
// the altitude curves beneath. Text is set with textContent.
import { renderCurves } from "./curves.js";
import { bodyName, capital, reason, windowWords } from "./words.js";

// The noon-to-noon night that begins on `date` (YYYY-MM-DD) as the browser's language
// writes a range of days: "2–3 December 2026", "December 2 – 3, 2026", "2.–3. Dezember 2026".
export function nightName(date) {
  const evening = new Date(`${date}T12:00:00Z`);
  const morning = new Date(evening.getTime() + 86400000);
  const days = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(undefined, days).formatRange(evening, morning);
}

function tonightLine(body, clock) {
  const name = bodyName(body.name);
  if (!body.visible) return `${name}: not visible (${reason(body.reason)})`;
  const windows = body.windows.map((w) => windowWords(w, clock));
  const { time, alt, compass, constellation } = body.best;
  const best = `best at ${clock.time(time)}, ${alt.toFixed(0)}° up in the ${compass}`;
  return `${name}: ${windows.join(", ")}; ${best} (${constellation})`;
}

// The darkness in words, and the API's note as given (a night without astronomical
// darkness still plans what shows in its twilight).
function darknessNote(plan, clock) {
  const zone = `(${clock.describe(plan.night.start)})`;
  const note = plan.darkness_note ? ` ${capital(plan.darkness_note)}.` : "";
  const nothing = plan.bodies.some((b) => b.visible) ? "" : " Nothing to see by eye.";
  const from = (span) => `from ${clock.time(span.start)} to ${clock.time(span.end)} ${zone}.`;
  let when = `Times ${zone}.`; // the Sun neither sets nor rises
  if (plan.darkness) when = `Dark ${from(plan.darkness)}`;
  else if (plan.sampled.start !== plan.night.start) when = `The Sun is down ${from(plan.sampled)}`;
  return `${when}${note}${nothing}`;
}

// Named by its evening and morning in the chosen clock once planned (Apia's night of 20–21
// March is Pago Pago's of 19–20 March, though the API's mean-solar date is the same).
function heading(tonight, clock) {
  // For now, the night the API answers for (the one in progress, or the next after noon).
  const date = tonight.date ?? tonight.plan?.date;
  if (!date) return "Tonight";
  const { sampled } = tonight.plan ?? {};
  const days = sampled ? clock.days(sampled.start, sampled.end) : nightName(date);
  return `${tonight.date ? "The night" : "Tonight: the night"} of ${days}`;
}

// ui: the panel's nodes {heading, note, list, curves}; tonight: {date, plan, error}
// (date: the night asked for, null for the night in progress); curvesWidth: as laid out.
export function renderTonight(ui, tonight, clock, curvesWidth) {
  ui.heading.textContent = heading(tonight, clock);
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
