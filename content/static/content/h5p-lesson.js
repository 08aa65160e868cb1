// The lesson page side of an H5P activity: loads the sandboxed player when it
// comes near the screen (or on tap, on a slow or data-saving connection),
// sends it the saved state, and posts the xAPI statements and state it
// reports to our API with the CSRF token. Only messages from our own frame
// (event.source) are read.
(function () {
  "use strict";
  if (window.__h5pLessonLoaded) return;
  window.__h5pLessonLoaded = true;
  var csrf = (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || "";
  var conn = navigator.connection || {};
  var slow = !!conn.saveData || /(^|-)2g$/.test(conn.effectiveType || "");

  function post(url, method, body) {
    return fetch(url, {
      method: method, credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    });
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, k) { return values[k]; });
  }

  function setup(el) {
    var holder = el.querySelector(".h5p-frame-holder");
    var button = el.querySelector("[data-h5p-start]");
    var status = el.querySelector(".h5p-status");
    var lesson = parseInt(el.dataset.lesson || "0", 10);
    var pkg = parseInt(el.dataset.package || "0", 10);
    var reporting = !!(lesson && pkg && el.dataset.statementUrl);
    var iframe = null;
    var queue = [];
    var sending = false;
    var stateTimer = null;

    function load() {
      if (iframe) return;
      iframe = document.createElement("iframe");
      iframe.setAttribute("sandbox", "allow-scripts");
      iframe.setAttribute("title", el.querySelector(".h5p-activity-title").textContent.trim());
      iframe.setAttribute("referrerpolicy", "no-referrer");
      iframe.setAttribute("allow", "fullscreen 'none'");
      iframe.src = el.dataset.playerUrl;
      if (button) button.remove();
      holder.appendChild(iframe);
    }

    function showResult(data) {
      if (!status || !data || !data.counted) return;
      var text = format(el.dataset.textScore, { score: +data.best_score.toFixed(2), max: +data.max_score.toFixed(2) });
      var badge = data.passed ? el.dataset.textPassed : el.dataset.textNotPassed;
      status.textContent = text + " · " + badge + (data.lesson_completed ? " — " + el.dataset.textLessonDone : "");
      el.classList.toggle("is-passed", !!data.passed);
    }

    function flush() {
      if (sending || !queue.length) return;
      sending = true;
      var statement = queue[0];
      post(el.dataset.statementUrl, "POST", { lesson: lesson, package: pkg, statement: statement })
        .then(function (r) {
          if (r.status >= 500) throw new Error("server");
          queue.shift();  // a 4xx answer is final: sending again would not change it
          return r.ok ? r.json() : null;
        })
        .then(function (data) { sending = false; showResult(data); flush(); })
        .catch(function () {
          sending = false;
          if (status) status.textContent = el.dataset.textError;
          setTimeout(flush, 5000);
        });
    }

    function saveState(state) {
      el.dataset.state = state;
      clearTimeout(stateTimer);
      stateTimer = setTimeout(function () {
        post(el.dataset.stateUrl, "PUT", { lesson: lesson, package: pkg, state: state }).catch(function () {});
      }, 1000);
    }

    window.addEventListener("message", function (event) {
      if (!iframe || event.source !== iframe.contentWindow) return;
      var msg = event.data;
      if (!msg || typeof msg !== "object") return;
      if (msg.type === "h5p-ready") {
        iframe.contentWindow.postMessage({ type: "h5p-init", state: el.dataset.state || "" }, "*");
      } else if (msg.type === "h5p-resize") {
        var h = Math.max(120, Math.min(6000, parseInt(msg.height, 10) || 0));
        iframe.style.height = h + "px";
      } else if (msg.type === "h5p-started") {
        el.classList.add("is-started");
      } else if (msg.type === "h5p-xapi" && reporting && msg.statement && typeof msg.statement === "object") {
        queue.push(msg.statement);
        flush();
      } else if (msg.type === "h5p-state" && reporting && typeof msg.state === "string" && msg.state.length < 200000) {
        saveState(msg.state);
      }
    });

    if (button) button.addEventListener("click", load);
    if (!slow && "IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) { observer.disconnect(); load(); }
      }, { rootMargin: "200px 0px" });
      observer.observe(el);
    }
  }

  function init() { document.querySelectorAll("[data-h5p-activity]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
