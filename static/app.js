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
const invalid = document.querySelector("[data-error-focus]");
if (invalid) {
  const folded = invalid.closest("details");
  if (folded) folded.open = true;
  invalid.focus();
  invalid.scrollIntoView({ block: "center" });
}

// Copy buttons for standard clauses: the Clipboard API, else (no secure context) a selected textarea.
for (const button of document.querySelectorAll("button[data-copy]")) {
  button.hidden = false;
  const status = button.parentElement.querySelector(".copy-status");
  button.addEventListener("click", async () => {
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
}

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
