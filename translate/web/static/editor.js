// The segment editor: keyboard first, every keystroke kept in this browser until the server has it,
// every save made on a revision (a moved one is a conflict, shown with both versions), QA as you type.
"use strict";

(function () {
  const editor = document.getElementById("editor");
  if (!editor) return;
  const slug = editor.dataset.slug, lang = editor.dataset.lang;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const rows = Array.from(document.querySelectorAll(".segment"));
  const notice = document.getElementById("notice");
  const CHECK_DELAY = 500, SAVE_DELAY = 1500;
  let active = null;

  const keyOf = (row) => `translate:${slug}:${lang}:${row.dataset.id}`;
  const area = (row) => row.querySelector("textarea.target");

  const sized = CSS.supports("field-sizing", "content");  // the browser fits each field itself (workbench.css)

  function fit(...fields) {  // the whole translation in view, never a scrollbar inside the field
    if (sized) return;
    // All writes, then all reads, then all writes: one layout for the page, not one per field (200 layouts of a
    // 200-segment article took a second).
    for (const field of fields) field.style.height = "auto";
    const heights = fields.map((field) => field.scrollHeight);
    fields.forEach((field, index) => { field.style.height = heights[index] + 2 + "px"; });
  }

  function say(text, kind) {
    notice.textContent = text;
    notice.className = "notice" + (kind ? " " + kind : "");
    notice.hidden = !text;
  }

  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(Object.assign({ slug: slug, lang: lang }, body)),
    });
    let answer = {};
    try { answer = await response.json(); } catch (e) { answer = { error: response.statusText }; }
    return { status: response.status, answer: answer };
  }

  // -- what the row shows ----------------------------------------------------------------------------------------

  function showFindings(row, findings) {
    const list = row.querySelector(".findings");
    list.replaceChildren();
    for (const finding of findings || []) {
      const item = document.createElement("li");
      item.className = "sev-" + finding.severity;
      const check = document.createElement("b");
      check.textContent = finding.check;
      item.append(check, " " + finding.message);
      list.append(item);
    }
  }

  function showState(row, current) {
    row.dataset.revision = String(current.revision);
    row.dataset.state = current.state;
    row.dataset.saved = current.text;
    row.className = row.className.replace(/\bstate-\S+/, "state-" + current.state);
    row.querySelector(".state").textContent = current.state;
    showFindings(row, current.findings);
    updateCounts();
  }

  function mark(row, text, kind) {
    const saved = row.querySelector(".saved");
    saved.textContent = text;
    saved.className = "saved" + (kind ? " " + kind : "");
  }

  function updateCounts() {
    const counts = {};
    for (const row of rows) counts[row.dataset.state] = (counts[row.dataset.state] || 0) + 1;
    document.getElementById("counts").textContent =
      Object.keys(counts).sort().map((s) => `${counts[s]} ${s}`).join(" · ");
  }

  function setActive(row) {
    if (active === row) return;
    if (active) active.classList.remove("active");
    active = row;
    row.classList.add("active");
    const list = document.getElementById("panel-terms");
    list.replaceChildren();
    const terms = JSON.parse(row.dataset.terms || "[]");
    terms.forEach(([source, target]) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "insert suggestion";
      button.dataset.insert = target;
      button.textContent = target;
      item.append(source + " → ", button);
      list.append(item);
    });
    if (!terms.length) {
      const none = document.createElement("li");
      none.className = "none";
      none.textContent = "No glossary term in this segment.";
      list.append(none);
    }
    document.getElementById("panel-mt").textContent = row.dataset.mt || "(none)";
    numberSuggestions();
    // Other parts of the panel (memory, history, comments) fill themselves from this event.
    document.dispatchEvent(new CustomEvent("workbench:segment", { detail: {
      slug: slug, lang: lang, id: row.dataset.id, revision: Number(row.dataset.revision), row: row } }));
  }

  // Every ".suggestion" of the panel, in its order (terms first), is inserted by Ctrl+1..9 or a click.
  function numberSuggestions() {
    document.querySelectorAll("#panel .suggestion").forEach((button, index) => {
      button.title = index < 9 ? `Insert (Ctrl+${index + 1})` : "Insert";
    });
  }
  document.addEventListener("workbench:suggestions", numberSuggestions);
  document.getElementById("panel").addEventListener("click", (event) => {
    const button = event.target.closest(".suggestion");
    if (button && active) insert(active, button.dataset.insert);
  });

  // -- keeping and saving ----------------------------------------------------------------------------------------

  function keep(row) {
    const text = area(row).value;
    if (text === row.dataset.saved) {
      localStorage.removeItem(keyOf(row));
      row.classList.remove("dirty");
      return;
    }
    localStorage.setItem(keyOf(row), JSON.stringify({ text: text, revision: Number(row.dataset.revision),
                                                      at: new Date().toISOString() }));
    row.classList.add("dirty");
    mark(row, "not saved yet", "pending");
  }

  const timers = new Map();
  function later(row, what, delay, action) {
    const key = row.dataset.id + what;
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(action, delay));
  }

  async function check(row) {
    const text = area(row).value;
    if (!text.trim()) return;
    const { status, answer } = await post("/api/check", { id: row.dataset.id, text: text });
    if (status === 200 && area(row).value === text) showFindings(row, answer.findings);
  }

  // One save of a text at a time per segment: leaving a segment (blur) right after Ctrl+Enter asks again.
  const inFlight = new Map();
  function save(row, options) {
    const text = area(row).value;
    const running = inFlight.get(row);
    if (running && running.text === text) return running.promise;
    const promise = (running ? running.promise : Promise.resolve()).then(() => saveNow(row, options));
    inFlight.set(row, { text: text, promise: promise });
    promise.finally(() => { if (inFlight.get(row) && inFlight.get(row).promise === promise) inFlight.delete(row); });
    return promise;
  }

  async function saveNow(row, options) {
    const text = area(row).value;
    const forced = options && options.confirm;  // Ctrl+Enter on an unchanged draft confirms it as edited
    if (row.classList.contains("conflict")) return false;
    if (!text.trim()) {  // never saved; nor may an approval go on to approve the text no longer in the field
      mark(row, "not saved: an empty translation is not saved (Ctrl+Space copies the draft)", "error");
      return false;
    }
    if (text === row.dataset.saved && !forced) return true;
    mark(row, "saving…", "pending");
    let result;
    try {
      result = await post("/api/save", { id: row.dataset.id, text: text, revision: Number(row.dataset.revision) });
    } catch (error) {
      mark(row, "not saved: the server cannot be reached (your text is kept in this browser)", "error");
      return false;
    }
    const { status, answer } = result;
    if (status === 409) {
      conflict(row, answer.current, text);
      return false;
    }
    if (status !== 200) {
      mark(row, "not saved: " + (answer.message || answer.error), "error");
      showFindings(row, answer.findings);
      return false;
    }
    showState(row, answer.current);
    if (area(row).value === text) {
      localStorage.removeItem(keyOf(row));
      row.classList.remove("dirty");
    }
    mark(row, answer.outcome === "held" ? "saved, kept in needs-review by QA" : "saved", answer.outcome);
    return true;
  }

  function conflict(row, theirs, mine) {
    row.classList.add("conflict");
    mark(row, "conflict", "error");
    if (row !== active) say("A segment you left has a conflict: choose a version there.", "error");
    let box = row.querySelector(".conflict-box");
    if (box) box.remove();
    box = document.createElement("div");
    box.className = "conflict-box";
    box.setAttribute("role", "alert");
    const title = document.createElement("p");
    title.textContent = `Changed by ${theirs.by || "someone"} (${theirs.via || "?"}) while you were editing. ` +
      "Choose which version to keep; nothing is lost until you do.";
    const versions = document.createElement("div");
    versions.className = "versions";
    for (const [label, text] of [["Theirs (saved)", theirs.text], ["Yours (not saved)", mine]]) {
      const version = document.createElement("div");
      const heading = document.createElement("h3");
      heading.textContent = label;
      const body = document.createElement("p");
      body.lang = lang;
      body.dir = area(row).dir;
      body.textContent = text;
      version.append(heading, body);
      versions.append(version);
    }
    const keepMine = document.createElement("button");
    keepMine.type = "button";
    keepMine.className = "keep-mine";
    keepMine.textContent = "Keep mine";
    keepMine.addEventListener("click", async () => {
      resolved(row, box, theirs);
      area(row).value = mine;
      keep(row);
      await save(row);
    });
    const takeTheirs = document.createElement("button");
    takeTheirs.type = "button";
    takeTheirs.className = "take-theirs";
    takeTheirs.textContent = "Take theirs";
    takeTheirs.addEventListener("click", () => {
      resolved(row, box, theirs);
      area(row).value = theirs.text;
      keep(row);
      mark(row, "theirs kept", "applied");
    });
    box.append(title, versions, keepMine, takeTheirs);
    row.append(box);
  }

  function resolved(row, box, theirs) {
    box.remove();
    row.classList.remove("conflict");
    showState(row, theirs);
  }

  async function approve(row, override) {
    if (!(await save(row))) return;
    const { status, answer } = await post("/api/approve", Object.assign(
      { id: row.dataset.id, revision: Number(row.dataset.revision) }, override ? { override: override } : {}));
    if (status === 409) {
      conflict(row, answer.current, area(row).value);
      return;
    }
    if (status === 422) {
      showFindings(row, answer.findings);
      offerOverride(row, answer.message);
      return;
    }
    if (status !== 200) {
      mark(row, "not approved: " + (answer.message || answer.error), "error");
      return;
    }
    showState(row, answer.current);
    mark(row, answer.outcome === "unchanged" ? "already approved" : "approved", "applied");
  }

  // A one-line form under the row asking why (recorded with the decision); ``decided`` gets the reason.
  function askReason(row, kind, placeholder, label, action, focus, decided) {
    if (row.querySelector("form." + kind)) return;
    const form = document.createElement("form");
    form.className = "override " + kind;
    const input = document.createElement("input");
    input.type = "text";
    input.placeholder = placeholder;
    input.setAttribute("aria-label", label);
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = action;
    form.append(input, button);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!input.value.trim()) { input.focus(); return; }
      decided(input.value.trim(), form);
    });
    row.append(form);
    if (focus) input.focus();
  }

  function askReopen(row) {
    askReason(row, "reopen", "What should be looked at again? (recorded)", "Reason to reopen", "Reopen", true,
      async (reason, form) => {
        const { status, answer } = await post("/api/reopen", { id: row.dataset.id,
                                                              revision: Number(row.dataset.revision), reason: reason });
        if (status === 409) { form.remove(); conflict(row, answer.current, area(row).value); return; }
        if (status !== 200) { mark(row, "not reopened: " + (answer.message || answer.error), "error"); return; }
        form.remove();
        showState(row, answer.current);
        mark(row, "reopened", "applied");
      });
  }

  function offerOverride(row, message) {
    mark(row, message, "error");
    if (row !== active) say("Not approved: " + message, "error");
    askReason(row, "approve-anyway", "Why approve it anyway? (recorded)", "Reason to approve despite the findings",
      "Approve anyway", row === active, (reason, form) => { form.remove(); approve(row, reason); });
  }

  // -- moving and typing -----------------------------------------------------------------------------------------

  function go(row) {
    if (!row) return;
    area(row).focus();
    row.scrollIntoView({ block: "center" });
  }

  function next(row, needingWork) {
    const start = rows.indexOf(row);
    for (let i = start + 1; i < rows.length; i++) {
      if (!needingWork || ["mt-draft", "needs-review"].includes(rows[i].dataset.state)) return go(rows[i]);
    }
    if (needingWork) say("Nothing left to do after this segment.", "done");
  }

  function insert(row, text) {
    const field = area(row);
    const start = field.selectionStart, end = field.selectionEnd;
    field.setRangeText(text, start, end, "end");
    field.focus();
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function help(open) {
    const dialog = document.getElementById("help");
    dialog.hidden = !open;
    if (open) document.getElementById("close-help").focus();
  }

  for (const row of rows) {
    const field = area(row);
    field.addEventListener("focus", () => setActive(row));
    field.addEventListener("input", () => {
      fit(field);
      keep(row);
      later(row, "check", CHECK_DELAY, () => check(row));
      later(row, "save", SAVE_DELAY, () => save(row));
    });
    field.addEventListener("blur", () => { if (row.classList.contains("dirty")) save(row); });
    row.querySelector(".do-save").addEventListener("click", async () => {
      if (await save(row, { confirm: true })) next(row, true);
    });
    row.querySelector(".do-approve").addEventListener("click", () => approve(row));
    row.querySelector(".do-reopen").addEventListener("click", () => askReopen(row));
  }

  fit(...rows.map(area));

  document.addEventListener("keydown", (event) => {
    const row = event.target.closest ? event.target.closest(".segment") : null;
    const typing = event.target.matches && event.target.matches("textarea, input, select");
    if (event.key === "Escape") return help(false);
    if (event.key === "?" && !typing) { event.preventDefault(); return help(true); }
    if (!row || !event.target.matches("textarea.target")) return;
    // Both move on at once, so that typing goes on in the next segment; the row they leave shows how the
    // save or approval went (a conflict or a refusal waits there, said in the notice too).
    if (event.key === "Enter" && event.ctrlKey && event.shiftKey) {
      event.preventDefault();
      approve(row);
      next(row, true);
    } else if (event.key === "Enter" && event.ctrlKey) {
      event.preventDefault();
      save(row, { confirm: true });
      next(row, true);
    } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      const index = rows.indexOf(row) + (event.key === "ArrowDown" ? 1 : -1);
      if (index >= 0 && index < rows.length) go(rows[index]);
    } else if (event.ctrlKey && (event.key === " " || event.code === "Space")) {
      event.preventDefault();
      if (row.dataset.mt) {
        area(row).value = row.dataset.mt;
        area(row).dispatchEvent(new Event("input", { bubbles: true }));
      }
    } else if (event.ctrlKey && !event.shiftKey && /^[1-9]$/.test(event.key)) {
      const suggestion = document.querySelectorAll("#panel .suggestion")[Number(event.key) - 1];
      if (suggestion) { event.preventDefault(); insert(row, suggestion.dataset.insert); }
    }
  });

  document.getElementById("show-help").addEventListener("click", () => help(true));
  document.getElementById("close-help").addEventListener("click", () => help(false));
  document.getElementById("next-work").addEventListener("click", () => next(active || rows[0], true));
  document.getElementById("approve-article").addEventListener("click", async () => {
    for (const row of rows) if (!(await save(row))) return say("Resolve the unsaved segments first.", "error");
    // The revisions this page shows: a segment changed meanwhile is not approved unseen, but a conflict here.
    const revisions = Object.fromEntries(rows.map((row) => [row.dataset.id, Number(row.dataset.revision)]));
    const { status, answer } = await post("/api/approve-article", { revisions: revisions });
    if (status !== 200) return say(answer.error || answer.message, "error");
    for (const current of answer.segments) {
      const row = document.getElementById("seg-" + current.id);
      if (!row) continue;
      if (current.outcome === "conflict") conflict(row, current, area(row).value);
      else showState(row, current);
    }
    say(answer.message, answer.refused ? "error" : "done");
  });
  document.getElementById("preview").addEventListener("click", async (event) => {
    // The preview is the store's text: what is typed and not saved yet is saved first, or it would be missing.
    const unsaved = rows.filter((row) => row.classList.contains("dirty"));
    if (!unsaved.length) return;  // the link opens it
    event.preventDefault();
    const href = event.currentTarget.href;
    const opened = window.open("", "_blank");  // now, while the click may still open a window
    if (opened) opened.opener = null;
    await Promise.all(unsaved.map((row) => save(row)));
    if (opened) opened.location.href = href; else window.open(href, "_blank", "noopener");
  });
  window.addEventListener("pagehide", () => {
    // A last try for what is still unsaved; what does not arrive stays in this browser for the next visit.
    for (const row of rows) {
      if (!row.classList.contains("dirty") || row.classList.contains("conflict")) continue;
      fetch("/api/save", { method: "POST", keepalive: true,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
        body: JSON.stringify({ slug: slug, lang: lang, id: row.dataset.id, text: area(row).value,
                               revision: Number(row.dataset.revision) }) });
    }
  });

  // -- what this browser kept from last time ---------------------------------------------------------------------

  let restored = 0;
  for (const row of rows) {
    const kept = localStorage.getItem(keyOf(row));
    if (!kept) continue;
    let value;
    try { value = JSON.parse(kept); } catch (e) { localStorage.removeItem(keyOf(row)); continue; }
    if (value.text === row.dataset.saved) { localStorage.removeItem(keyOf(row)); continue; }
    restored += 1;
    area(row).value = value.text;
    row.classList.add("dirty", "restored");
    if (value.revision !== Number(row.dataset.revision)) {
      conflict(row, { text: row.dataset.saved, revision: Number(row.dataset.revision), state: row.dataset.state,
                      by: "", via: "a save made after yours was kept", findings: [] }, value.text);
    } else {
      mark(row, "restored from this browser, not saved yet", "pending");
      later(row, "save", SAVE_DELAY, () => save(row));
    }
  }
  if (restored) {
    say(`Restored ${restored} unsaved edit(s) kept in this browser since your last visit; they are saved as you ` +
        "go on (a segment changed meanwhile shows both versions).", "restored");
  }
  // Edits kept for segments no longer in the article (its source changed and it was translated again): shown, to
  // copy from, until the translator forgets them; never dropped unseen.
  const prefix = `translate:${slug}:${lang}:`;
  const ids = new Set(rows.map((row) => row.dataset.id));
  const orphans = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key.startsWith(prefix) || ids.has(key.slice(prefix.length))) continue;
    try { orphans.push([key, JSON.parse(localStorage.getItem(key)).text]); } catch (e) { localStorage.removeItem(key); }
  }
  if (orphans.length) {
    if (!restored) say("", "restored");
    notice.hidden = false;
    const intro = document.createElement("p");
    intro.textContent = `${orphans.length} unsaved edit(s) kept in this browser are of sentences no longer in this ` +
      "article (its source changed): copy what you need.";
    const list = document.createElement("ul");
    list.className = "orphans";
    for (const [, text] of orphans) {
      const item = document.createElement("li");
      item.lang = lang;
      item.dir = rows.length ? area(rows[0]).dir : "auto";
      item.textContent = text;
      list.append(item);
    }
    const forget = document.createElement("button");
    forget.type = "button";
    forget.className = "forget-orphans";
    forget.textContent = "Forget them";
    forget.addEventListener("click", () => {
      for (const [key] of orphans) localStorage.removeItem(key);
      intro.remove(); list.remove(); forget.remove();
      if (!notice.textContent) notice.hidden = true;
    });
    notice.append(intro, list, forget);
  }
  updateCounts();
  const linked = rows.find((row) => "#" + row.id === location.hash);  // a search hit's link: /edit/…#seg-ID
  const first = linked || rows.find((row) => ["mt-draft", "needs-review"].includes(row.dataset.state)) || rows[0];
  if (first) setActive(first);
  // After the browser's own jump to the fragment, which takes the focus away from any field.
  if (linked) window.addEventListener("load", () => setTimeout(() => go(linked)));
})();
