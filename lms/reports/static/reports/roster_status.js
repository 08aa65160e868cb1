// Poll the import's JSON status and move the progress bar; reload when finished to show the preview.
(function () {
  "use strict";
  var box = document.getElementById("roster-status");
  if (!box) { return; }
  var url = box.dataset.url;
  function set(id, value) { var el = document.getElementById(id); if (el) { el.textContent = value; } }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        document.getElementById("roster-progress").value = s.percent;
        set("roster-state", s.status_label); set("roster-rows", s.processed_rows);
        ["created", "updated", "unchanged", "deactivated", "rejected"].forEach(function (k) { set("roster-" + k, s[k]); });
        if (s.finished) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
