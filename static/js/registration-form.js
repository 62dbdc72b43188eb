/*
 * The registration form: the new-agency fields show only when "my agency is not listed" is
 * ticked. (The agency list is already that of the chosen province; agency-picker.js searches
 * it.) Without script every field shows and the form works the same.
 */
(function () {
  "use strict";

  var missing = document.getElementById("agency_missing"), fields = document.getElementById("new-agency");
  if (!missing || !fields) return;

  function toggle() { fields.hidden = !missing.checked; }

  missing.addEventListener("change", toggle);
  toggle();
})();
