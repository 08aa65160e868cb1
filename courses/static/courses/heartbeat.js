// Reports study time while the lesson is visible (the server bounds what it counts).
(function () {
  const el = document.querySelector("[data-heartbeat-url]");
  if (!el) return;
  const csrf = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
  let last = Date.now();
  function beat() {
    const now = Date.now();
    const seconds = Math.round((now - last) / 1000);
    last = now;
    if (document.visibilityState !== "visible" || seconds <= 0) return;
    fetch(el.dataset.heartbeatUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify({seconds: seconds}),
    }).catch(function () {});
  }
  setInterval(beat, 30000);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") last = Date.now(); });
})();
