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

// Copy buttons for standard clauses.
for (const button of document.querySelectorAll("button[data-copy]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const source = document.getElementById(button.dataset.copy);
    const text = source ? source.value : "";
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      source.hidden = false; source.select(); document.execCommand("copy"); source.hidden = true;
    }
    const label = button.textContent;
    button.textContent = "Gekopieerd";
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
