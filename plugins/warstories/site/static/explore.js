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
  const picker = tagPicker(root.querySelector("[data-ws-tagpicker]"), () => update());

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
        picker.sync();
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
  form.addEventListener("reset", () => setTimeout(() => (picker.sync(), update()), 0));
  window.addEventListener("popstate", () => {
    restore(new URLSearchParams(window.location.search));
    render();
  });

  restore(new URLSearchParams(window.location.search));
  picker.sync();
  fetch(root.dataset.stories)
    .then((response) => response.json())
    .then((data) => {
      stories = data.stories;
      render();
    })
    .catch(() => {
      count.textContent = "The story list (stories.json) could not be loaded.";
    });

  // The tag picker: the multiple select stays the form's field (and works without the
  // script); the script hides it and offers the tags as toggle chips, filtered by typing.
  function tagPicker(box, changed) {
    const select = box.querySelector("select");
    const find = box.querySelector("input");
    const help = box.querySelector(".ws-tagpicker__help");
    const chips = box.querySelector(".ws-tagpicker__chips");
    const FEW = 12; // tags shown before typing: the most used, plus the chosen ones
    let expanded = false;
    select.hidden = true;
    find.hidden = false;
    help.hidden = false;
    const buttons = [...select.options].map((option) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "ws-chip";
      button.dataset.tag = option.value;
      const name = document.createElement("span");
      name.textContent = option.textContent.replace(/ \(\d+\)$/, "");
      const count = document.createElement("span");
      count.className = "ws-chip__count";
      count.textContent = option.dataset.count || "";
      button.append(name, count);
      button.addEventListener("click", () => toggle(option));
      return { option, button, name: name.textContent.toLowerCase() };
    });
    const more = document.createElement("button");
    more.type = "button";
    more.className = "ws-chip ws-chip--more";
    more.addEventListener("click", () => {
      expanded = !expanded;
      show();
    });
    const none = document.createElement("span");
    none.className = "ws-tagpicker__none";
    chips.append(...buttons.map((b) => b.button), more, none);

    const toggle = (option) => {
      option.selected = !option.selected;
      sync();
      changed();
    };
    const visible = () => {
      const typed = find.value.trim().toLowerCase();
      return buttons.filter(({ option, name }, index) =>
        typed ? name.includes(typed) : option.selected || expanded || index < FEW);
    };
    const show = () => {
      const shown = new Set(visible());
      for (const b of buttons) b.button.hidden = !shown.has(b);
      const typed = find.value.trim();
      more.hidden = typed !== "" || buttons.length <= FEW;
      more.textContent = expanded ? "Fewer tags" : `All ${buttons.length} tags`;
      none.hidden = !(typed && shown.size === 0);
      none.textContent = `No tag contains “${typed}”`;
    };
    function sync() {
      for (const { option, button } of buttons) {
        button.setAttribute("aria-pressed", String(option.selected));
      }
      show();
    }
    find.addEventListener("input", (event) => {
      event.stopPropagation(); // typing a tag is not a words filter
      show();
    });
    find.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        const first = visible().find((b) => !b.option.selected);
        if (first && find.value.trim()) {
          find.value = "";
          toggle(first.option);
        }
      } else if (event.key === "Backspace" && find.value === "") {
        const chosen = buttons.filter((b) => b.option.selected);
        if (chosen.length) toggle(chosen[chosen.length - 1].option);
      }
    });
    return { sync };
  }
})();
