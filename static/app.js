// Small enhancements; every page also works without JavaScript.
"use strict";

// A form sent once: the button is disabled on submit, so a double click cannot send it twice
// (the server also refuses a second post of the same form token).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-once]")) return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  for (const button of form.querySelectorAll("button[type=submit]")) {
    button.disabled = true;
    if (button.dataset.busyLabel) button.textContent = button.dataset.busyLabel;
  }
});

// A form refused by the server comes back in place: focus its field at fault (and show it), not the page top.
const focusError = () => {
  const invalid = document.querySelector("[data-error-focus]");
  if (!invalid) return false;
  for (let folded = invalid.closest("details"); folded; folded = folded.parentElement.closest("details")) {
    folded.open = true;
  }
  invalid.focus();
  invalid.scrollIntoView({ block: "center" });
  return true;
};
focusError();

// Copy buttons for standard clauses: the Clipboard API, else (no secure context) a selected textarea.
const showCopyButtons = () => {
  for (const button of document.querySelectorAll("button[data-copy]")) button.hidden = false;
};
showCopyButtons();
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const status = button.parentElement.querySelector(".copy-status");
  const source = document.getElementById(button.dataset.copy);
  const text = source ? source.value : "";
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    if (source) {
      source.hidden = false; source.select(); copied = document.execCommand("copy"); source.hidden = true;
    }
  }
  if (status) {
    status.textContent = copied ? "De clausule staat op het klembord: plak ze in je bestek."
      : "Kopiëren lukte niet: selecteer de tekst hierboven en kopieer ze zelf.";
  }
  const label = button.textContent;
  button.textContent = copied ? "Gekopieerd" : label;
  setTimeout(() => { button.textContent = label; }, 2000);
});

// The report as a worklist: filter the findings without a reload (the filter form shows only with JavaScript).
const filter = { toon: "alle", thema: "" };
const visible = (element) => !element.closest("[hidden]");
const applyFilters = () => {
  const form = document.querySelector("form[data-filters]");
  if (!form) return;
  form.hidden = false;
  form.elements.toon.value = filter.toon;
  form.elements.thema.value = filter.thema;
  let shown = 0;
  for (const item of document.querySelectorAll("article.finding[data-status]")) {
    const status = filter.toon === "alle" || (filter.toon === "open"
      ? item.dataset.reviewed === "nee" : item.dataset.status === filter.toon);
    item.hidden = !(status && (!filter.thema || item.dataset.theme === filter.thema));
    if (!item.hidden) shown += 1;
  }
  for (const group of document.querySelectorAll(".theme-findings")) {
    group.hidden = !group.querySelector("article.finding:not([hidden])");
  }
  const empty = document.getElementById("filter-leeg");
  if (empty) empty.hidden = shown > 0;
  const filtering = filter.toon !== "alle" || filter.thema !== "";
  form.querySelector("[data-filter-count]").textContent = !filtering ? ""
    : shown === 1 ? "1 bevinding getoond." : `${shown} bevindingen getoond.`;
};
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-filters]");
  if (!form) return;
  filter.toon = form.elements.toon.value;
  filter.thema = form.elements.thema.value;
  applyFilters();
});
document.addEventListener("click", (event) => {  // a theme link shows its theme, whatever the filter hid
  const link = event.target.closest(".theme-nav a");
  const target = link && document.querySelector(link.getAttribute("href"));
  if (target && !visible(target)) { filter.toon = "alle"; filter.thema = ""; applyFilters(); }
});
applyFilters();

// Review in place: one finding's form is saved with fetch; the server sends the report and the review panel
// back, with the error beside its field when it refused. Without JavaScript the form posts and redirects.
const say = (message) => {
  const box = document.querySelector("[data-worklist-message]");
  if (box) box.textContent = message || "";
};
const focusFinding = (id) => {  // the finding just saved, or the next one the filter still shows
  const items = [...document.querySelectorAll("[data-report] [id^='c-'][tabindex]")];
  const at = items.findIndex((item) => item.id === id);
  const next = [...items.slice(at), ...items.slice(0, at)].find(visible);
  if (next) next.focus();
};
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.matches("form[data-review-form]")) return;
  event.preventDefault();
  const id = form.closest("[id^='c-']").id;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  let response, answer;
  try {
    response = await fetch(form.action, {
      method: "POST", body: new FormData(form), headers: { Accept: "application/json" },
    });
    answer = await response.json();
  } catch {
    form.submit();  // the network or the server failed: the ordinary post shows what happened
    return;
  }
  button.disabled = false;
  for (const [key, html] of Object.entries(answer.fragments || {})) {
    const old = document.getElementById(key);
    if (old) old.outerHTML = html;
  }
  applyFilters();
  showCopyButtons();
  say(answer.message);
  if (response.status === 422) focusError();
  else if (response.ok) focusFinding(id);
});

// Progress of a running analysis: poll the status endpoint, reload when it is finished.
const box = document.querySelector("[data-status-url]");
if (box) {
  const bar = box.querySelector("progress");
  const message = box.querySelector("[data-progress-message]");
  const value = box.querySelector("[data-progress-value]");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const status = await response.json();
        bar.value = status.progress; value.textContent = status.progress; message.textContent = status.message;
        if (!status.busy) { window.location.reload(); return; }
      }
    } catch { /* network hiccup: try again */ }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 700);
}
