// Find a town by name in data/places.json (GeoNames, CC BY 4.0; tools/places/build_places.py
// writes it, largest town first). Pure: the caller fetches the file, on the first use of
// the search field, and hands its JSON to gazetteer() once; search() then answers each
// keystroke. Case, accents and the letters that no accent removes (ø, æ, ß, ł) are
// forgiven, and a query matches the start of a name or of any word in it.

// Letters that NFD leaves whole, written as people without them on their keyboard do.
const PLAIN = {
  ø: "o",
  æ: "ae",
  œ: "oe",
  ß: "ss",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
  ŧ: "t",
  ŀ: "l",
  ĸ: "k",
  ŋ: "n",
  ə: "e",
};
const UNPLAIN = new RegExp(`[${Object.keys(PLAIN).join("")}]`, "gu");
// Gone without a trace (Ma'anshan is typed maanshan); every other non-letter is a space.
const APOSTROPHES = /['\u2019\u02bc`\u02bb]/gu;

/** Names or a query as they are compared: lower case, no accents, words single-spaced;
 * a newline stays, so that many names folded at once stay one a line. */
export function fold(text) {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(UNPLAIN, (letter) => PLAIN[letter])
    .replace(APOSTROPHES, "")
    .replace(/[^\p{L}\p{N}\n]+/gu, " ")
    .replace(/ \n ?|\n /g, "\n")
    .replace(/^ | $/g, "");
}

/** Names folded, one a line, in one string in which indexOf finds every match of a
 * query (folding them all at once is what makes the index quick to build); `starts[k]` is
 * where line k begins (its leading newline), `owners[k]` the place whose name it is. */
function lines(named) {
  const text = `\n${fold(named.map(([, name]) => name).join("\n"))}\n`;
  const starts = new Int32Array(named.length);
  for (let k = 0, at = 0; k < named.length; k += 1, at = text.indexOf("\n", at + 1)) {
    starts[k] = at;
  }
  return {
    text,
    starts,
    owners: Int32Array.from(named, ([i]) => i),
    names: named.map(([, name]) => name),
  };
}

/** The searchable form of places.json's parsed JSON: built once, then kept. */
export function gazetteer(data) {
  const at = Object.fromEntries(data.columns.map((column, i) => [column, i]));
  const aliases = data.places.flatMap((row, i) => (row[at.aliases] ?? []).map((name) => [i, name]));
  return {
    data,
    at,
    names: lines(data.places.map((row, i) => [i, row[at.name]])),
    aliases: lines(aliases),
  };
}

/** The line that holds offset `offset`: the last one starting at or before it. */
function lineAt(starts, offset) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

// How a query matches a name: 0 the whole name, 1 the name's start, 2 the start of a word
// in it. A town's own name goes before its other names at each kind of match, so the
// tier of a match is twice its kind, plus one for another name: "paris" lists the towns
// called Paris before Parys, one of whose other names it is, and "cologne" finds Köln
// (tier 1) before the names that only start with it (tier 2).
const TIERS = 6;

/** Lower each place's tier in `found.best` to that of each match of `query` in `index`,
 * noting in `found.via` the line that matched. */
function mark(found, index, query, other) {
  const { text, starts, owners } = index;
  for (const [needle, kind] of [
    [`\n${query}`, 1],
    [` ${query}`, 2],
  ]) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      const whole = kind === 1 && text[at + needle.length] === "\n";
      const tier = 2 * (whole ? 0 : kind) + other;
      const line = lineAt(starts, at);
      const place = owners[line];
      if (tier < found.best[place]) {
        found.best[place] = tier;
        found.via[place] = line;
      }
    }
  }
}

/**
 * The `limit` places that best match `query`: whole names first, then names that start
 * with it, then names with a word that does, at each a town's own name before its other
 * names, and the largest town first. Each suggestion says what to show (name; alias, the
 * other name that matched when the town's own did not; region, country) and what
 * choosing it sets (lat_deg, lon_deg, elevation_m or null, zone). An empty array means
 * that no place matched, or that nothing was typed.
 */
export function search(places, query, limit = 8) {
  const wanted = fold(query);
  if (!wanted || limit < 1) return [];
  const count = places.data.places.length;
  const found = { best: new Uint8Array(count).fill(TIERS), via: new Int32Array(count) };
  mark(found, places.names, wanted, 0);
  mark(found, places.aliases, wanted, 1);
  // Rows are in order of population: each tier fills with its largest towns first.
  const tiers = Array.from({ length: TIERS }, () => []);
  found.best.forEach((tier, i) => {
    if (tier < TIERS && tiers[tier].length < limit) tiers[tier].push(i);
  });
  return tiers
    .flatMap((members, tier) =>
      members.map((i) =>
        suggestion(places, i, tier % 2 ? places.aliases.names[found.via[i]] : null),
      ),
    )
    .slice(0, limit);
}

function suggestion({ data, at }, i, alias) {
  const row = data.places[i];
  const [country, region] = data.areas[row[at.area]];
  return {
    name: row[at.name],
    alias,
    region,
    country,
    lat_deg: row[at.lat_deg],
    lon_deg: row[at.lon_deg],
    elevation_m: row[at.elevation_m],
    population: row[at.population],
    zone: data.zones[row[at.zone]],
  };
}
