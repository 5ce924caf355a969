// The Explore page: filters stories.json in the browser (no server) and keeps the filters in
// the query string, so a filtered view can be shared and survives a reload. Everything from
// the stories is put into the page with textContent, never as HTML.
(() => {
  const root = document.querySelector("[data-ws-explore]");
  if (!root) return;
  const form = root.querySelector("form");
  const count = root.querySelector(".ws-explore__count");
  const list = root.querySelector(".ws-explore__results");
  const siteRoot = new URL(root.dataset.root, document.baseURI);
  const fields = ["q", "category", "tag", "severity", "year", "detection"];
  const labels = {};
  for (const option of form.elements.category.options) {
    labels[option.value] = option.textContent.replace(/ \(\d+\)$/, "");
  }
  let stories = [];

  const slug = (text) =>
    text.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/[\s_-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "tag";

  const state = () => {
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const name of fields) {
      for (const value of data.getAll(name)) if (String(value).trim()) params.append(name, value);
    }
    return params;
  };

  const restore = (params) => {
    for (const name of fields) {
      const element = form.elements[name];
      const values = params.getAll(name);
      if (element.multiple) {
        for (const option of element.options) option.selected = values.includes(option.value);
      } else {
        element.value = values[0] || "";
      }
    }
  };

  const matches = (story, params) => {
    const q = (params.get("q") || "").toLowerCase();
    if (q && !`${story.title} ${story.description}`.toLowerCase().includes(q)) return false;
    if (params.get("category") && story.category !== params.get("category")) return false;
    if (params.get("severity") && story.severity !== params.get("severity")) return false;
    if (params.get("detection") && story.detection !== params.get("detection")) return false;
    if (params.get("year") && !(story.date || "").startsWith(params.get("year"))) return false;
    const tags = new Set(story.tags.map(slug));
    return params.getAll("tag").every((tag) => tags.has(tag));
  };

  const fact = (text, className) => {
    const span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    return span;
  };

  const item = (story) => {
    const li = document.createElement("li");
    li.className = "ws-explore__result";
    const link = document.createElement("a");
    link.className = "ws-explore__title";
    const target = new URL(story.url, siteRoot);
    if (target.origin === siteRoot.origin) link.href = target.href; // never a javascript: URL
    link.textContent = story.title;
    const facts = document.createElement("span");
    facts.className = "ws-explore__facts";
    const bits = [labels[story.category] || story.category];
    if (story.severity) bits.push(story.severity === "near-miss" ? "Near miss" : story.severity.toUpperCase());
    if (story.date) bits.push(story.date);
    if (story.detection) bits.push(`detected by ${story.detection.replace(/-/g, " ")}`);
    facts.append(fact(bits.join(" · "), "ws-explore__fact"));
    const description = document.createElement("p");
    description.className = "ws-explore__description";
    description.textContent = story.description;
    li.append(link, facts, description);
    return li;
  };

  const render = () => {
    const params = new URLSearchParams(window.location.search);
    const shown = stories.filter((story) => matches(story, params));
    list.replaceChildren(...shown.map(item));
    const n = shown.length;
    count.textContent = `${n} ${n === 1 ? "story" : "stories"} of ${stories.length}`;
  };

  const update = () => {
    const query = state().toString();
    const url = window.location.pathname + (query ? `?${query}` : "");
    window.history.replaceState(null, "", url);
    render();
  };

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(update, 0));
  window.addEventListener("popstate", () => {
    restore(new URLSearchParams(window.location.search));
    render();
  });

  restore(new URLSearchParams(window.location.search));
  fetch(root.dataset.stories)
    .then((response) => response.json())
    .then((data) => {
      stories = data.stories;
      render();
    })
    .catch(() => {
      count.textContent = "The story list (stories.json) could not be loaded.";
    });
})();
