// The release page: publishes through /api/release/publish with the page's token, shows what came back.
"use strict";
(() => {
  const form = document.getElementById("publish-form");
  if (!form) return;
  const result = document.getElementById("publish-result");
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const button = document.getElementById("publish");

  function show(kind, message, note, href) {
    result.hidden = false;
    result.className = "notice " + kind;
    result.replaceChildren();
    const line = document.createElement("p");
    line.textContent = message;
    result.append(line);
    if (note) {
      const small = document.createElement("p");
      small.className = "hint";
      small.textContent = note;
      result.append(small);
    }
    if (href) {
      const link = document.createElement("a");
      link.href = href;
      link.id = "open-release";
      link.textContent = "Open the release";
      result.append(link);
    }
  }

  function listRelease(name, href) {
    const list = document.getElementById("releases");
    if ([...list.querySelectorAll("a")].some((a) => a.textContent === name)) return;
    list.querySelector(".none")?.remove();
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = href;
    link.textContent = name;
    item.append(link);
    list.prepend(item);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((input) => input.value);
    const body = {
      name: form.elements.name.value,
      articles: checked("articles"),
      langs: checked("langs"),
      allow_unreviewed: form.elements.allow_unreviewed.checked,
    };
    button.disabled = true;
    show("", "Publishing…");
    try {
      const response = await fetch("/api/release/publish", {
        method: "POST", headers: {"Content-Type": "application/json", "X-CSRF-Token": token},
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (response.ok) {
        show("done", answer.message, answer.note, answer.href);
        listRelease(body.name.trim(), answer.href);
      }
      else show("error", answer.error || "The release was not published.");
    } catch (error) {
      show("error", "The server did not answer: " + error.message);
    } finally {
      button.disabled = false;
    }
  });
})();
