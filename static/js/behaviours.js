/*
 * Small behaviours any page may ask for with a data attribute (loaded by base.html), so that
 * templates carry no inline script or event handler (the Content-Security-Policy forbids them):
 *
 *   <form data-confirm="Question?">       asks before submitting; "Cancel" keeps the page as is
 *   <select data-submit-on-change>         submits its form when the choice changes
 *   <a href="#" data-print>                prints the page
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
