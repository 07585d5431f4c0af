// The side panel's memory, history and comments of the segment at hand (translate/web/segment_info.py).
// Every text is set with textContent: sources, translations and comments are data, never markup.
"use strict";

(function () {
  const editor = document.getElementById("editor");
  const panel = document.getElementById("panel");
  if (!editor || !panel) return;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const targetDir = document.getElementById("panel-mt").dir || "ltr";
  let current = null;   // {slug, lang, id, row}
  let asked = 0;        // the latest request: answers to older ones are dropped
  let watcher = null;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function section(id, title) {
    const part = element("section", "panel-part");
    part.id = id;
    part.append(element("h2", "", title));
    const body = element("div", "part-body");
    part.append(body);
    panel.append(part);
    return body;
  }

  const memory = section("panel-memory", "Memory");
  const history = section("panel-history", "History");
  const comments = section("panel-comments", "Comments");
  const commentList = element("ul", "comments");
  const form = element("form", "add-comment");
  const field = element("textarea");
  field.rows = 2;
  field.placeholder = "A comment for the editors";
  field.setAttribute("aria-label", "Comment on this segment");
  field.maxLength = 4096;
  const send = element("button", "", "Add comment");
  send.type = "submit";
  const formNote = element("span", "form-note");
  form.append(field, send, formNote);
  comments.append(commentList, form);

  function when(at) {
    const date = new Date(at);
    return isNaN(date) ? at : date.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  }

  // A difference as text with <del> (only in the first text) and <ins> (only in the second) marks.
  function pieces(into, list) {
    for (const piece of list) {
      const tag = piece.change === "ins" ? "ins" : piece.change === "del" ? "del" : "span";
      into.append(element(tag, "", piece.text));
    }
    return into;
  }

  function none(into, text) {
    into.replaceChildren(element("p", "none", text));
  }

  function showMemory(matches) {
    if (!matches.length) return none(memory, "No approved translation or TMX entry of a similar source.");
    const list = element("ol", "matches");
    for (const match of matches) {
      const item = element("li", "match");
      const head = element("div", "match-head");
      const score = element("span", "score" + (match.score === 100 ? " exact" : ""), match.score + "%");
      score.title = match.score === 100 ? "the same source" : "how alike the sources are";
      const from = element("span", "from", (match.from === "tmx" ? "TMX · " : "approved · ") + match.origin);
      from.title = match.from === "tmx" ? "an imported translation memory entry" : "an approved translation here";
      head.append(score, from);
      const source = pieces(element("p", "match-source"), match.source);
      source.title = "its source: struck through what differs from this segment's, underlined what this one adds";
      const insert = element("button", "suggestion match-target", match.target);
      insert.type = "button";
      insert.dataset.insert = match.target;
      insert.lang = editor.dataset.lang;
      insert.dir = targetDir;
      item.append(head, source, insert);
      list.append(item);
    }
    memory.replaceChildren(list);
  }

  function showHistory(entries) {
    if (!entries.length) return none(history, "No change recorded.");
    const list = element("ol", "history");
    for (const entry of entries) {
      const item = element("li", "change");
      const head = element("div", "change-head");
      const states = entry.from_state && entry.from_state !== entry.to_state
        ? `${entry.from_state} → ${entry.to_state}` : entry.to_state;
      head.append(element("span", "who", entry.actor), element("span", "states state-" + entry.to_state, states));
      const meta = element("div", "change-meta", `${when(entry.at)} · ${entry.via}`);
      const text = pieces(element("p", "change-text"), entry.diff);
      text.lang = editor.dataset.lang;
      text.dir = targetDir;
      text.title = entry.actor === "machine" ? "the machine draft" : "against the machine draft";
      item.append(head, meta, text);
      if (entry.reason) item.append(element("p", "reason", entry.reason));
      list.append(item);
    }
    history.replaceChildren(list);
  }

  function showComments(list) {
    commentList.replaceChildren();
    if (!list.length) commentList.append(element("li", "none", "No comment yet."));
    for (const comment of list) {
      const item = element("li", "comment");
      item.append(element("div", "comment-meta", `${comment.actor} · ${when(comment.at)}`),
                  element("p", "comment-text", comment.text));
      commentList.append(item);
    }
  }

  async function load() {
    if (!current) return;
    const mine = ++asked;
    const path = "/api/segment-info/" + [current.slug, current.lang, current.id].map(encodeURIComponent).join("/");
    let answer;
    try {
      const response = await fetch(path);
      answer = await response.json();
      if (!response.ok) throw new Error(answer.error || response.statusText);
    } catch (error) {
      if (mine === asked) none(memory, "Memory and history cannot be read now: " + error.message);
      return;
    }
    if (mine !== asked) return;
    showMemory(answer.memory);
    showHistory(answer.history);
    showComments(answer.comments);
    document.dispatchEvent(new Event("workbench:suggestions"));
  }

  function follow(detail) {
    current = detail;
    formNote.textContent = "";
    // A save or an approval moves the row's revision: its history has grown.
    if (watcher) watcher.disconnect();
    watcher = new MutationObserver(load);
    watcher.observe(detail.row, { attributes: true, attributeFilter: ["data-revision"] });
    load();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = field.value.trim();
    if (!text || !current) { field.focus(); return; }
    send.disabled = true;
    try {
      const response = await fetch("/api/comment", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
        body: JSON.stringify({ slug: current.slug, lang: current.lang, id: current.id, text: text }),
      });
      const answer = await response.json();
      if (!response.ok) throw new Error(answer.error || response.statusText);
      field.value = "";
      formNote.textContent = "Recorded.";
      showComments(answer.comments);
    } catch (error) {
      formNote.textContent = "Not recorded: " + error.message;
    } finally {
      send.disabled = false;
    }
  });
  field.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.ctrlKey) { event.preventDefault(); form.requestSubmit(); }
  });

  document.addEventListener("workbench:segment", (event) => follow(event.detail));
  // The editor chose its first segment before this script ran.
  const active = document.querySelector(".segment.active");
  if (active) follow({ slug: editor.dataset.slug, lang: editor.dataset.lang, id: active.dataset.id, row: active });
})();
