// The drawings of the sky from the store: the table, the chart and its words, Tonight,
// a body's details, the clock's name wherever times are shown; and the clicks that open
// the details. Each redraws when a part of the state it shows changes.
import { sameObserver } from "./api.js";
import { describeSky, renderChart } from "./chart.js";
import { Clock } from "./clock.js";
import { widthOf } from "./svg.js";
import { renderTable } from "./table.js";
import { renderTonight } from "./tonight.js";

// The drawings' laid-out widths, CSS pixels: they are drawn to size, so text keeps its size.
export const widthsOf = (ui) => ({ chart: widthOf(ui.chart), curves: widthOf(ui.tonight.curves) });

export function showSky(store, ui) {
  // The sky's rows, with rise and set from the events answer when it is for the same place.
  function drawTable({ sky, events, clock }) {
    if (!sky) return;
    const same = events && sameObserver(events.observer, sky.observer);
    const byName = new Map((same ? events.bodies : []).map((body) => [body.name, body]));
    renderTable(ui.rows, sky, byName, clock);
    ui.table.dataset.time = sky.time; // the instant the rows show
  }

  function drawChart({ sky, catalogue, catalogueError, widths }) {
    if (!sky) return;
    renderChart(ui.chart, sky, catalogue, widths.chart);
    const noStars = catalogueError ? ` (No stars: ${catalogueError}.)` : "";
    ui.chartText.textContent = describeSky(sky) + noStars;
  }

  function drawClockNames({ sky, time, clock }) {
    const moment = sky?.time ?? time;
    for (const node of ui.clockNames) node.textContent = clock.describe(moment);
    const local = new Clock();
    for (const node of ui.clockOffsets) node.textContent = local.name(moment);
  }

  // details.js is loaded on the first opening, not with the page.
  let detailsModule = null;
  async function drawDetails(state) {
    const { details, sky, events, tonight, clock, time, playing } = state;
    const body = details && sky?.bodies.find((b) => b.name === details);
    if (!body) {
      if (ui.details.open) ui.details.close();
      return;
    }
    detailsModule ??= import("./details.js");
    const { renderDetails } = await detailsModule;
    if (store.state.details !== details) return; // closed meanwhile
    const same = events && sameObserver(events.observer, sky.observer);
    const entry = same ? events.bodies.find((b) => b.name === details) : null;
    const live = time === null && !playing;
    renderDetails(ui.details, { body, events: entry, tonight, clock, today: sky.time, live });
    if (!ui.details.open) ui.details.showModal();
  }

  function drawTonight({ tonight, clock, widths }) {
    renderTonight(ui.tonight, tonight, clock, widths.curves);
  }

  store.show([
    [drawTable, ["sky", "events", "clock"]],
    [drawChart, ["sky", "catalogue", "catalogueError", "widths"]],
    [drawClockNames, ["sky", "time", "clock"]],
    [drawDetails, ["details", "sky", "events", "tonight", "clock", "time", "playing"]],
    [drawTonight, ["tonight", "clock", "widths"]],
  ]);

  // Details on a click or tap of a body's row or mark, or Enter or Space on its row.
  ui.rows.addEventListener("click", (event) => {
    const row = event.target.closest("tr[data-body]");
    if (row) store.set({ details: row.dataset.body });
  });
  ui.rows.addEventListener("keydown", (event) => {
    const row = event.target.closest("tr[data-body]");
    if (!row || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault();
    store.set({ details: row.dataset.body });
  });
  ui.chart.addEventListener("click", (event) => {
    const mark = event.target.closest("[data-marks] [data-body]");
    if (mark) store.set({ details: mark.dataset.body });
  });
  ui.details.addEventListener("close", () => store.set({ details: null }));

  const resized = new ResizeObserver(() => {
    const widths = widthsOf(ui);
    const last = store.state.widths;
    if (widths.chart !== last.chart || widths.curves !== last.curves) store.set({ widths });
  });
  resized.observe(ui.chart);
  resized.observe(ui.tonight.curves);
}
