// Polls the export's JSON status and moves the progress bar until the ZIP is ready.
(function () {
  const box = document.getElementById("export-progress");
  if (!box) return;
  const bar = box.querySelector("progress");
  const state = box.querySelector("[data-state]");
  const count = box.querySelector("[data-count]");
  const link = box.querySelector("[data-download]");
  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, { credentials: "same-origin" });
      if (response.ok) {
        const s = await response.json();
        bar.value = s.percent;
        bar.textContent = s.percent + "%";
        state.textContent = s.state_label;
        count.textContent = s.done + " / " + s.total;
        if (s.download_url) {
          link.href = s.download_url;
          link.hidden = false;
          return;
        }
        if (s.state === "failed") return;
      }
    } catch (e) { /* the network blipped: try again */ }
    setTimeout(poll, 1000);
  }
  poll();
})();
