// The passage picker of the case-file reading view («Læs sagsakt»): the page's paragraphs, of which the
// reader chooses one or more consecutive ones (keyboard: Tab to the list, arrow keys to move, Space or
// Enter to choose; mouse: click) or a character range (select text with the mouse, then "Use the selected
// text"). Sends {start, end} (character offsets of the page text) to Python as the state "selection".
//
// Data only ever reaches the page as text (textContent, attributes): no HTML is built from data. Passages
// already cited are <mark> elements: underlined and numbered by CSS, not by colour alone.
// Loaded by Streamlit as a module from a blob: URL (see deploy/security-headers.conf, script-src blob:).

const focusMemory = new WeakMap();

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function paragraphText(node, text, start, end, marks) {
  // The paragraph's text with the cited passages inside it as <mark data-n="k">. Where passages overlap
  // (two reviewers citing the same sentence), the shared stretch is one <mark> naming all of them
  // (data-n="1, 2"), so no passage's number is hidden behind another's. Offsets stay the text's.
  const inside = marks.filter((m) => m.start < end && m.end > start);
  const cuts = new Set([start, end]);
  for (const m of inside) {
    cuts.add(Math.max(m.start, start));
    cuts.add(Math.min(m.end, end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i];
    const to = points[i + 1];
    const covering = inside.filter((m) => m.start < to && m.end > from);
    if (!covering.length) {
      node.appendChild(document.createTextNode(text.slice(from, to)));
      continue;
    }
    const numbers = [...new Set(covering.map((m) => m.n))].sort((a, b) => a - b);
    const m = el("mark", "wpp-cited", text.slice(from, to));
    m.dataset.n = numbers.join(", ");
    if (covering.some((c) => c.own)) m.classList.add("wpp-own");
    node.appendChild(m);
  }
}

function offsetIn(paragraph, container, offset) {
  // Characters of the paragraph's text before (container, offset); ::before markers are not text.
  const range = document.createRange();
  range.setStart(paragraph, 0);
  range.setEnd(container, offset);
  return Number(paragraph.dataset.start) + range.toString().length;
}

export default function (component) {
  const { data, setStateValue, parentElement } = component;
  const sig = JSON.stringify(data);
  let root = parentElement.querySelector(":scope > .wpp-root");
  if (root && root.dataset.sig === sig) return;
  const hadFocus = root && root.contains(document.activeElement);
  const focused = hadFocus ? Number(document.activeElement.dataset.index ?? -1) : focusMemory.get(parentElement) ?? -1;
  if (!root) {
    root = el("div", "wpp-root");
    parentElement.appendChild(root);
  }
  root.replaceChildren();
  root.dataset.sig = sig;

  const { text, paragraphs, marks, labels } = data;
  let first = data.selected ? data.selected.first : -1;
  let last = data.selected ? data.selected.last : -1;

  const hint = el("p", "wpp-hint", labels.hint);
  hint.id = `${data.id}-hint`;
  const list = el("div", "wpp-list");
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-multiselectable", "true");
  list.setAttribute("aria-label", labels.list);
  list.setAttribute("aria-describedby", hint.id);
  const options = paragraphs.map(([start, end], index) => {
    const option = el("div", "wpp-paragraph");
    option.setAttribute("role", "option");
    option.dataset.index = String(index);
    option.dataset.start = String(start);
    option.id = `${data.id}-p${index}`;
    const number = el("span", "wpp-number", `¶ ${index + 1}`);
    number.setAttribute("aria-hidden", "true");
    const body = el("span", "wpp-text");
    body.dataset.start = String(start);
    paragraphText(body, text, start, end, marks);
    option.append(number, body);
    const cited = marks.filter((m) => m.start < end && m.end > start).map((m) => m.n);
    option.setAttribute("aria-label", `¶ ${index + 1}${cited.length ? " · " + labels.cited + " " + cited.join(", ") : ""}: ${text.slice(start, end)}`);
    list.appendChild(option);
    return option;
  });

  function send(range) {
    setStateValue("selection", range);
  }

  function paint() {
    options.forEach((option, index) => {
      const on = first >= 0 && index >= first && index <= last;
      option.setAttribute("aria-selected", on ? "true" : "false");
    });
  }

  function choose(index) {
    if (first < 0 || index < first - 1 || index > last + 1 || (index > first && index < last)) {
      first = last = index;  // a new run of paragraphs
    } else if (index === first - 1) {
      first = index;
    } else if (index === last + 1) {
      last = index;
    } else if (first === last) {
      first = last = -1;  // the only chosen paragraph: unchosen
    } else if (index === first) {
      first += 1;
    } else {
      last -= 1;
    }
    paint();
    send(first < 0 ? null : { start: paragraphs[first][0], end: paragraphs[last][1], first, last });
  }

  let active = Math.min(Math.max(focused, first, 0), options.length - 1);
  function moveTo(index, focus = true) {
    active = Math.min(Math.max(index, 0), options.length - 1);
    options.forEach((option, i) => option.setAttribute("tabindex", i === active ? "0" : "-1"));
    focusMemory.set(parentElement, active);
    if (focus && options[active]) options[active].focus();
  }

  list.addEventListener("keydown", (event) => {
    const index = Number(event.target.dataset.index ?? active);
    if (event.key === "ArrowDown") { moveTo(index + 1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { moveTo(index - 1); event.preventDefault(); }
    else if (event.key === "Home") { moveTo(0); event.preventDefault(); }
    else if (event.key === "End") { moveTo(options.length - 1); event.preventDefault(); }
    else if (event.key === " " || event.key === "Enter") { choose(index); event.preventDefault(); }
  });
  list.addEventListener("click", (event) => {
    const option = event.target.closest(".wpp-paragraph");
    const selection = window.getSelection();
    if (!option || (selection && !selection.isCollapsed && list.contains(selection.anchorNode))) return;  // a drag
    moveTo(Number(option.dataset.index));
    choose(Number(option.dataset.index));
  });

  const tools = el("div", "wpp-tools");
  const useText = el("button", "wpp-button", labels.use_selection);
  useText.type = "button";
  const status = el("p", "wpp-status");
  status.setAttribute("role", "status");
  useText.addEventListener("click", () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) { status.textContent = labels.no_selection; return; }
    const range = selection.getRangeAt(0);
    const from = range.startContainer.parentElement && range.startContainer.parentElement.closest(".wpp-text");
    const to = range.endContainer.parentElement && range.endContainer.parentElement.closest(".wpp-text");
    if (!from || !to || !list.contains(from) || !list.contains(to)) { status.textContent = labels.no_selection; return; }
    const start = offsetIn(from, range.startContainer, range.startOffset);
    const end = offsetIn(to, range.endContainer, range.endOffset);
    if (end <= start) { status.textContent = labels.no_selection; return; }
    first = last = -1;
    paint();
    status.textContent = "";
    send({ start, end, first: -1, last: -1 });
  });
  const clear = el("button", "wpp-button", labels.clear);
  clear.type = "button";
  clear.addEventListener("click", () => { first = last = -1; paint(); send(null); });
  tools.append(useText, clear);

  root.append(hint, list, tools, status);
  paint();
  moveTo(active, hadFocus);
}
