// The place search as an ARIA combobox: suggestions as the user types, arrows to move,
// Enter to choose, Escape to close; what it says in words is also spoken (`say`: the
// page's one live region). The gazetteer (1 MB gzipped) and its search are
// loaded on the field's first focus or input, never with the page.

// "Köln (Cologne), North Rhine-Westphalia, Germany": what a suggestion and a link call it.
export function placeLabel(found) {
  const name = found.alias ? `${found.name} (${found.alias})` : found.name;
  return [name, found.region, found.country].filter(Boolean).join(", ");
}

export class PlaceFinder {
  #input;
  #list;
  #note;
  #onPick;
  #say;
  #loading = null; // the promise of {search, gazetteer}
  #found = [];
  #active = -1;

  // input: role=combobox; list: role=listbox; note: where "No place found" is written.
  constructor({ input, list, note }, onPick, say) {
    [this.#input, this.#list, this.#note, this.#onPick, this.#say] = [
      input,
      list,
      note,
      onPick,
      say,
    ];
    input.addEventListener("focus", () => this.#load());
    input.addEventListener("input", () => this.#suggest());
    input.addEventListener("keydown", (event) => this.#key(event));
    input.addEventListener("blur", () => this.#close());
    // Chosen on pointerdown, before the field's blur closes the list.
    list.addEventListener("pointerdown", (event) => {
      const option = event.target.closest("[role=option]");
      if (!option) return;
      event.preventDefault();
      this.#pick(Number(option.dataset.index));
    });
  }

  #load() {
    this.#loading ??= (async () => {
      const [places, response] = await Promise.all([
        import("./places.js"),
        fetch(new URL("data/places.json", document.baseURI)),
      ]);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return { search: places.search, gazetteer: places.gazetteer(await response.json()) };
    })();
    return this.#loading;
  }

  async #suggest() {
    const query = this.#input.value;
    if (!query.trim()) return this.#show([]);
    let places;
    try {
      if (!this.#found.length) this.#note.textContent = "Loading places…";
      places = await this.#load();
    } catch (error) {
      this.#loading = null; // asked again at the next keystroke
      this.#tell(`The places did not load (${error.message}).`);
      return;
    }
    if (query !== this.#input.value) return; // a later keystroke answers instead
    this.#show(places.search(places.gazetteer, query));
    this.#tell(this.#found.length ? "" : "No place found.");
  }

  #tell(words) {
    this.#note.textContent = words;
    if (words) this.#say(words);
  }

  #show(found) {
    this.#found = found;
    this.#active = -1;
    this.#list.replaceChildren(
      ...found.map((place, index) => {
        const option = document.createElement("li");
        option.id = `place-option-${index}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.index = String(index);
        const name = document.createElement("span");
        name.className = "place-name";
        name.textContent = place.alias ? `${place.name} (${place.alias})` : place.name;
        const where = document.createElement("span");
        where.className = "place-area";
        where.textContent = [place.region, place.country].filter(Boolean).join(", ");
        option.append(name, " ", where);
        return option;
      }),
    );
    this.#list.hidden = !found.length;
    this.#input.setAttribute("aria-expanded", String(found.length > 0));
    this.#input.removeAttribute("aria-activedescendant");
  }

  #move(to) {
    const options = [...this.#list.children];
    this.#active = (to + options.length) % options.length;
    options.forEach((option, i) =>
      option.setAttribute("aria-selected", String(i === this.#active)),
    );
    const option = options[this.#active];
    this.#input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  }

  #key(event) {
    const open = !this.#list.hidden && this.#found.length > 0;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) return this.#suggest();
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.#move(this.#active === -1 && step < 0 ? this.#found.length - 1 : this.#active + step);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (open) this.#pick(Math.max(this.#active, 0));
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        this.#close();
      } else {
        this.#input.value = "";
        this.#note.textContent = "";
      }
    }
  }

  #close() {
    this.#list.hidden = true;
    this.#active = -1;
    this.#input.setAttribute("aria-expanded", "false");
    this.#input.removeAttribute("aria-activedescendant");
  }

  #pick(index) {
    const place = this.#found[index];
    if (!place) return;
    this.#input.value = placeLabel(place);
    this.#close();
    this.#note.textContent = "";
    this.#onPick(place);
  }

  // The field shows the name of the place shown, or nothing for typed coordinates.
  showName(name) {
    if (document.activeElement !== this.#input) this.#input.value = name ?? "";
  }
}
