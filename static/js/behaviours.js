/*
 * Small behaviours any page may ask for with a data attribute (loaded by base.html), so that
 * templates carry no inline script or event handler (the Content-Security-Policy forbids them):
 *
 *   <form data-confirm="Question?">       asks before submitting; "Cancel" keeps the page as is
 *   <select data-submit-on-change>         submits its form when the choice changes
 *   <a href="#" data-print>                prints the page
 *   <span data-local-time data-start="ISO" [data-end="ISO"] data-zone="WIB" data-label="waktu Anda">
 *                                          adds the visitor's own time after the server's
 *                                          (e.g. "10.30–12.00 WIT (waktu Anda)" for a visitor in
 *                                          Jayapura), only when their zone differs from the event's
 *   [aria-invalid="true"]                  the first such field on the page gets the focus (a
 *                                          form shown again with its errors: templates/core/_form.html)
 *
 * Without JavaScript forms submit without the question and the page shows a submit button
 * in <noscript> where one is needed.
 */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-submit-on-change") && field.form) {
      if (field.form.requestSubmit) field.form.requestSubmit();
      else field.form.submit();
    }
  });

  // Indonesian zones read as people say them; elsewhere the browser's own abbreviation.
  var LABELS = { "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT" };

  function localTimes() {
    var zone, lang = document.documentElement.lang || "id";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) return;
    var clock = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: zone });
    document.querySelectorAll("[data-local-time]").forEach(function (el) {
      var start = new Date(el.dataset.start), end = el.dataset.end ? new Date(el.dataset.end) : null;
      if (isNaN(start)) return;
      var label = LABELS[zone];
      if (!label) {
        var parts = new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: "short" }).formatToParts(start);
        label = (parts.filter(function (p) { return p.type === "timeZoneName"; })[0] || {}).value || zone;
      }
      if (label === el.dataset.zone) return;
      var text = clock.format(start) + (end ? "–" + clock.format(end) : "") + " " + label;
      var small = document.createElement("small");
      small.className = "muted local-time";
      small.textContent = text + (el.dataset.label ? " (" + el.dataset.label + ")" : "");
      el.appendChild(document.createElement("br"));
      el.appendChild(small);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", localTimes);
  else localTimes();

  function focusFirstError() {
    var field = document.querySelector("main [aria-invalid='true']");
    if (!field) return;
    if (field.tagName === "FIELDSET") field = field.querySelector("input, select, textarea") || field;
    var closed = field.closest && field.closest("details:not([open])");
    if (closed) closed.open = true;
    field.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusFirstError);
  else focusFirstError();

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-print]");
    if (link) {
      event.preventDefault();
      window.print();
    }
  });
})();
