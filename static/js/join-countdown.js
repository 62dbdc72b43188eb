/*
 * The join page before a session opens: counts down to <time id="countdown" datetime="…">
 * and reloads the page when the meeting link opens (the server then redirects to it).
 */
(function () {
  "use strict";

  var el = document.getElementById("countdown");
  if (!el) return;
  var opens = Date.parse(el.getAttribute("datetime"));

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    var left = Math.max(0, Math.floor((opens - Date.now()) / 1000));
    var d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600), m = Math.floor(left % 3600 / 60);
    el.textContent = (d ? d + "d " : "") + pad(h) + ":" + pad(m) + ":" + pad(left % 60);
    if (left === 0) window.location.reload();
    else setTimeout(tick, 1000);
  }

  tick();
})();
