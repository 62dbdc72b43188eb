/*
 * Countdowns to <time data-countdown datetime="…" data-days="hari"> ("2 hari 03:10:05" in the
 * page's language: the day word comes from the page). With data-reload the page reloads when
 * the countdown reaches zero (the join page: the server then redirects to the meeting).
 * Without script the server's text (the date, or "…") stays.
 */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function start(el) {
    var opens = Date.parse(el.getAttribute("datetime"));
    if (isNaN(opens)) return;
    var days = el.dataset.days || "d";

    function tick() {
      var left = Math.max(0, Math.floor((opens - Date.now()) / 1000));
      var d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600), m = Math.floor(left % 3600 / 60);
      el.textContent = (d ? d + " " + days + " " : "") + pad(h) + ":" + pad(m) + ":" + pad(left % 60);
      if (left === 0) {
        if (el.hasAttribute("data-reload")) window.location.reload();
      } else {
        setTimeout(tick, 1000);
      }
    }

    tick();
  }

  document.querySelectorAll("[data-countdown]").forEach(start);
})();
