// Minimal page until the full site lands: one GET /planets, drawn as a table.
const rows = document.getElementById("bodies");
const status = document.getElementById("status");

async function refresh() {
  const response = await fetch("planets");
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const sky = await response.json();
  rows.replaceChildren(...sky.bodies.map((body) => {
    const row = document.createElement("tr");
    row.dataset.body = body.name;
    for (const text of [body.name, body.az.toFixed(2), body.alt.toFixed(2)]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  }));
  status.textContent = `Sky at ${sky.time} over lat ${sky.observer.lat}, lon ${sky.observer.lon}`;
}

refresh().catch((error) => { status.textContent = `The API failed: ${error.message}`; });
