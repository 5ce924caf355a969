// The header search box: asks the site's own Pagefind index (loaded on first use, only the
// chunks a query needs) and shows title, category, severity and an excerpt for each story.
// Every value is put into the page as text; the excerpt's <mark> tags are rebuilt as elements.

// A classic deferred script (a module would not even load from file://), in a block so its
// names stay out of the page's global scope.
{
const root = document.querySelector("[data-ws-search]");
if (root) {
  const input = root.querySelector(".ws-search__input");
  const panel = root.querySelector(".ws-search__panel");
  const status = root.querySelector(".ws-search__status");
  const list = root.querySelector(".ws-search__results");
  const bundle = new URL(root.dataset.pagefind, document.baseURI);
  const synonymsUrl = new URL("../assets/warstories/synonyms.json", bundle);
  let pagefind = null;
  let synonyms = null;
  let latest = 0;
  const SHOWN = 6;
  // Browsers refuse to load the index's modules from a file:// page: say so instead of failing.
  const offline =
    location.protocol === "file:"
      ? "Search needs the site served over http(s): browsers do not load its index from a " +
        "file. Serve the site folder (e.g. python3 -m http.server) and open it from there."
      : "";

  // Synonyms find each other (OOM / out of memory, k8s / kubernetes): the query's synonyms
  // are searched too. They only widen the words: a story is shown because it says one of
  // them, never because of its category, so the count is of stories that match.
  const normal = (text) =>
    text.toLowerCase().replace(/[-_]/g, " ").split(/\s+/).filter(Boolean).join(" ");
  const groups = () => {
    if (!synonyms) {
      synonyms = fetch(synonymsUrl).then((r) => (r.ok ? r.json() : [])).catch(() => []);
    }
    return synonyms;
  };
  // The whole label of a category ("Time, dates & expiry") asks for its stories: a filter,
  // not a word search, since most of its stories never say the label's words.
  const words = (text) => (text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) || []).join(" ");
  const categoryNamed = async (query) => {
    const key = words(query);
    const entry = (await groups()).find((g) => g.category && words(g.category) === key);
    return entry ? entry.category : null;
  };
  const alternatives = async (query) => {
    const key = normal(query);
    const all = await groups();
    const group = all.find((g) => g.words && g.words.some((w) => normal(w) === key));
    if (!group) return [];
    // A phrase is searched in quotes: Pagefind drops a word no story has, so `out of memory`
    // unquoted would find every story that says "out".
    const others = [...new Set(group.words)].filter((w) => normal(w) !== key);
    return others.map((w) => (/\s/.test(w.trim()) ? `"${w}"` : w));
  };

  // Pagefind drops a word that no story has and searches the rest, so `disk full` would show
  // every disk story. Each word of a query of several is looked up too (the chunks are shared,
  // so this costs little); when one is in no story, no story says them all.
  const unknownWord = async (module, query) => {
    const terms = query.replace(/"[^"]*"?/g, " ").split(/\s+/).filter(Boolean);
    if (terms.length < 2) return null;
    const found = await Promise.all(terms.map((t) => module.search(t)));
    const i = found.findIndex((r) => r.results.length === 0);
    return i < 0 ? null : terms[i];
  };

  const merge = (searches) => {
    const best = new Map();
    for (const search of searches) {
      for (const result of search.results) {
        const seen = best.get(result.id);
        if (!seen || seen.score < result.score) best.set(result.id, result);
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score);
  };

  const load = async () => {
    if (!pagefind) {
      pagefind = import(bundle.href).then(async (module) => {
        await module.options({ baseUrl: new URL("..", bundle).pathname });
        await module.init();
        return module;
      });
    }
    return pagefind;
  };

  const excerpt = (html) => {
    // Pagefind's excerpt is escaped text with <mark> around matches: parse it inertly and
    // keep only text and marks.
    const template = document.createElement("template");
    template.innerHTML = html;
    const out = document.createElement("p");
    out.className = "ws-search__excerpt";
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.append(mark);
      } else {
        out.append(document.createTextNode(node.textContent));
      }
    }
    return out;
  };

  const item = (data) => {
    const li = document.createElement("li");
    li.className = "ws-search__result";
    const link = document.createElement("a");
    link.className = "ws-search__title";
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    li.append(link);
    const facts = document.createElement("span");
    facts.className = "ws-search__facts";
    if (data.meta.category) {
      const category = document.createElement("span");
      category.className = "ws-search__category";
      category.textContent = data.meta.category;
      facts.append(category);
    }
    if (data.meta.severity) {
      const severity = document.createElement("span");
      severity.className = "ws-search__severity";
      severity.textContent = data.meta.severity;
      facts.append(severity);
    }
    if (data.meta.year) {
      const year = document.createElement("span");
      year.className = "ws-search__year";
      year.textContent = data.meta.year;
      facts.append(year);
    }
    li.append(facts, excerpt(data.excerpt || ""));
    return li;
  };

  const show = async (found, query, mine) => {
    const shown = await Promise.all(found.slice(0, SHOWN).map((r) => r.data()));
    if (mine !== latest) return; // a newer query is on its way
    list.replaceChildren(...shown.map(item));
    const n = found.length;
    status.textContent =
      n === 0 ? `No stories match “${query}”.` : `${n} ${n === 1 ? "story" : "stories"}`;
  };

  const run = async () => {
    const query = input.value.trim();
    const mine = ++latest;
    if (!query) {
      panel.hidden = true;
      list.replaceChildren();
      return;
    }
    panel.hidden = false;
    if (offline) {
      panel.dataset.state = "done";
      status.textContent = offline;
      return;
    }
    panel.dataset.state = "searching"; // then "done" once synonyms are in
    status.textContent = "Searching…";
    try {
      const module = await load();
      const alts = alternatives(query);
      // Every search starts at once; whatever arrives is shown merged with what came before.
      const searches = [];
      let shown = Promise.resolve();
      const arrived = () => {
        if (mine !== latest) return shown;
        const found = merge(searches);
        if (found.length) shown = shown.then(() => show(found, query, mine));
        return shown;
      };
      const label = await categoryNamed(query);
      const first = label
        ? module.search(null, { filters: { category: label } })
        : Promise.all([module.search(query), unknownWord(module, query)]).then(([r, unknown]) =>
            unknown ? { results: [] } : r,
          );
      const typed = first.then((r) => {
        searches.push(r);
        return arrived();
      });
      const more = alts.then((words) =>
        Promise.all(
          words.map((q) =>
            module.search(q).then((r) => {
              searches.push(r);
              return arrived();
            }),
          ),
        ),
      );
      await Promise.all([typed, more]);
      await shown;
      if (mine !== latest) return;
      await show(merge(searches), query, mine);
      panel.dataset.state = "done";
    } catch (error) {
      if (mine === latest) {
        panel.dataset.state = "done";
        status.textContent = "Search is not available: the site was built without its index.";
      }
    }
  };

  let timer = 0;
  if (!offline) input.addEventListener("focus", () => load().catch(() => {}), { once: true });
  input.addEventListener("input", () => {
    panel.dataset.state = "typing";
    clearTimeout(timer);
    timer = setTimeout(run, 80);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      input.value = "";
      run();
    } else if (event.key === "Enter") {
      const first = list.querySelector("a");
      if (first) window.location.href = first.href;
    }
  });
  document.addEventListener("click", (event) => {
    if (!root.contains(event.target)) panel.hidden = true;
  });
  input.addEventListener("focus", () => {
    if (input.value.trim()) panel.hidden = false;
  });
}
}
