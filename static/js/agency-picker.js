/*
 * Agency picker: a searchable agency select, filtered by province. No dependencies.
 *
 * Markup (written by the macro in templates/agencies/_picker.html):
 *
 *   <div data-agency-picker data-url="/agencies/picker"
 *        [data-province-select="#province_code"]      <- optional: use the form's own province field
 *        [data-province="17" [data-central="1"]]>     <- optional: a province already chosen (and central bodies)
 *     <select data-picker-province hidden>…</select>   <- the picker's province filter (if no data-province-select)
 *     <input type="search" data-picker-search hidden>  <- name search
 *     <select name="agency_id">…every agency…</select> <- the real form field (the no-JS fallback)
 *   </div>
 *
 * Without JavaScript the form posts the plain select. With it, the filter and search are shown
 * and the select's options are replaced by the answer of GET {data-url}?province=<code>&q=<text>
 * (a JSON list of {id, name, kind}, at most 50); the current choice is kept when it still matches.
 * With a province already chosen (data-province) the select already lists its agencies: the
 * search narrows them, and an empty search brings the first list back.
 * Include it once per page: <script src="/static/js/agency-picker.js" defer></script>.
 */
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function setOptions(select, agencies) {
    var chosen = select.value;
    var empty = select.querySelector('option[value=""]');
    select.textContent = "";
    if (empty) select.appendChild(empty);
    agencies.forEach(function (agency) {
      var option = document.createElement("option");
      option.value = String(agency.id);
      option.textContent = agency.name;
      if (option.value === chosen) option.selected = true;
      select.appendChild(option);
    });
  }

  function init(root) {
    var select = root.querySelector("select:not([data-picker-province])");
    var search = root.querySelector("[data-picker-search]");
    var province = root.dataset.provinceSelect
      ? document.querySelector(root.dataset.provinceSelect)
      : root.querySelector("[data-picker-province]");
    if (!select || !search) return;
    search.hidden = false;
    if (province) province.hidden = false;
    var fixed = root.dataset.province || "";
    var initial = Array.prototype.map.call(select.querySelectorAll("option"), function (option) {
      return option.value ? { id: option.value, name: option.textContent } : null;
    }).filter(Boolean);
    var request = 0;

    var refresh = debounce(function () {
      var q = search.value.trim();
      var mine = ++request;
      if (fixed && !q) {
        setOptions(select, initial);
        return;
      }
      var params = new URLSearchParams({ province: province ? province.value : fixed, q: q });
      if (root.dataset.central) params.set("central", "1");
      fetch(root.dataset.url + "?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
        .then(function (agencies) { if (mine === request) setOptions(select, agencies); })
        .catch(function () { /* keep the full list: the form still works */ });
    }, 250);

    search.addEventListener("input", refresh);
    if (province) province.addEventListener("change", refresh);
  }

  function start() {
    document.querySelectorAll("[data-agency-picker]").forEach(init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
