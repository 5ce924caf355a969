// The header search box: asks the site's own Pagefind index (loaded on first use, only the
// chunks a query needs) and shows title, category, severity and an excerpt for each story.
// Every value is put into the page as text; the excerpt's <mark> tags are rebuilt as elements.

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

  // Aliases find each other (OOM / out of memory, k8s / kubernetes, a category's aliases):
  // the query and each of its alternatives are searched, and the results merged by score.
  const normal = (text) => text.toLowerCase().replace(/[-_]/g, " ").split(/\s+/).filter(Boolean).join(" ");
  const alternatives = async (query) => {
    if (!synonyms) {
      synonyms = fetch(synonymsUrl).then((r) => (r.ok ? r.json() : [])).catch(() => []);
    }
    const key = normal(query);
    const group = (await synonyms).find((g) => g.words.some((w) => normal(w) === key));
    if (!group) return [query];
    return [...new Set([query, ...group.words, ...(group.category ? [group.category] : [])])];
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

  const show = async (searches, query, mine) => {
    const found = merge(searches);
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
    panel.dataset.state = "searching"; // then "partial" (as typed), "done" (with synonyms)
    status.textContent = "Searching…";
    try {
      const module = await load();
      // The words as typed first, on screen as soon as they are found; then the merged
      // results of their synonyms, which cost more requests.
      const others = alternatives(query).then((alts) =>
        Promise.all(alts.filter((q) => q !== query).map((q) => module.search(q))),
      );
      const first = await module.search(query);
      if (mine !== latest) return;
      await show([first], query, mine);
      if (mine === latest) panel.dataset.state = "partial";
      const rest = await others;
      if (rest.length && mine === latest) await show([first, ...rest], query, mine);
      if (mine === latest) panel.dataset.state = "done";
    } catch (error) {
      if (mine === latest) {
        panel.dataset.state = "done";
        status.textContent = "Search is not available: the site was built without its index.";
      }
    }
  };

  let timer = 0;
  input.addEventListener("focus", () => load().catch(() => {}), { once: true });
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
