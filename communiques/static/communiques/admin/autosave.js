/* The release form's autosave. Every 30 s, when something was typed since the last
   save, the form's text fields go to the server, which keeps them privately for this
   editor (communiques/admin/autosave.py); also when the tab is hidden. The release
   itself is never written: the form offers to restore the text when reopened. */
(function () {
  "use strict";
  var status = document.getElementById("autosave-status");
  if (!status || !window.fetch || !window.FormData) return;
  var form = status.closest("form");
  if (!form) return;
  var FIELDS = ["title", "slug", "lede", "body", "dateline_place", "event_date",
    "event_date_precision", "version"];
  var interval = parseInt(status.dataset.interval, 10) || 30000;
  var token = form.querySelector("[name=csrfmiddlewaretoken]");
  var changed = false;
  var busy = false;

  function markChanged() { changed = true; }
  form.addEventListener("input", markChanged);
  form.addEventListener("change", markChanged);

  function save() {
    if (!changed || busy) return;
    busy = true;
    changed = false;
    var all = new FormData(form);
    var body = new FormData();
    FIELDS.forEach(function (name) {
      if (all.has(name)) body.append(name, all.get(name));
    });
    fetch(status.dataset.autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) changed = true;
        status.textContent = answer.message || answer.error || "";
      });
    }).catch(function () {
      changed = true;
      status.textContent = "Enregistrement automatique impossible pour l’instant : " +
        "nouvel essai dans 30 secondes.";
    }).then(function () { busy = false; });
  }

  window.setInterval(save, interval);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save();
  });
})();
