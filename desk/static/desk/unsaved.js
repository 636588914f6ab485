/* Leaving an admin form with changes not saved asks first (the browser's own dialog).
   Saving, or any button of the form, lets the page go. */
(function () {
  "use strict";
  var form = document.querySelector('#content-main form[method="post"][id$="_form"]');
  if (!form) return;
  var changed = false;
  function markChanged() { changed = true; }
  form.addEventListener("input", markChanged);
  form.addEventListener("change", markChanged);
  form.addEventListener("submit", function () { changed = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!changed) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
