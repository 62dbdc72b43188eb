/*
 * Small behaviours any page may ask for with a data attribute (loaded by base.html), so that
 * templates carry no inline script or event handler (the Content-Security-Policy forbids them):
 *
 *   <form data-confirm="Question?">       asks before submitting; "Cancel" keeps the page as is
 *   <select data-submit-on-change>         submits its form when the choice changes
 *   <a href="#" data-print>                prints the page
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

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-print]");
    if (link) {
      event.preventDefault();
      window.print();
    }
  });
})();
