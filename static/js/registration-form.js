/*
 * The registration form: show only the agencies of the chosen province (the agency select's
 * <optgroup label> is the province name), and the new-agency fields only when asked for.
 * Without script the whole list and every field show, and the form works the same.
 */
(function () {
  "use strict";

  var province = document.getElementById("province"), agency = document.getElementById("agency_id");
  var missing = document.getElementById("agency_missing"), fields = document.getElementById("new-agency");
  if (!province || !agency) return;

  function chosenLabel() {
    var option = province.options[province.selectedIndex];
    return option && option.value ? option.text : "";
  }

  function filter() {
    var chosen = chosenLabel();
    Array.prototype.forEach.call(agency.querySelectorAll("optgroup"), function (group) {
      var show = !chosen || !group.label || group.label === chosen;
      group.hidden = !show;
      group.disabled = !show;
    });
  }

  function toggle() {
    if (missing && fields) fields.hidden = !missing.checked;
  }

  province.addEventListener("change", function () { filter(); agency.value = ""; });
  if (missing) missing.addEventListener("change", toggle);
  filter();
  toggle();
})();
