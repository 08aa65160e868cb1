// Runs inside the sandboxed, cookie-less player frame (opaque origin). It
// starts h5p-standalone once the lesson page has sent the saved state, and
// passes xAPI statements, state and its height to the parent with postMessage.
// The parent (our origin, signed in) decides what to send to the server.
(function () {
  "use strict";
  // The sandbox gives this frame no storage (reading localStorage throws, and
  // H5P core reads it while starting); an in-memory stand-in keeps H5P working
  // and keeps nothing behind.
  function memoryStorage() {
    var data = {};
    return {
      getItem: function (k) { return Object.prototype.hasOwnProperty.call(data, k) ? data[k] : null; },
      setItem: function (k, v) { data[k] = String(v); },
      removeItem: function (k) { delete data[k]; },
      clear: function () { data = {}; },
      key: function (i) { return Object.keys(data)[i] || null; },
      get length() { return Object.keys(data).length; }
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try { window[name].getItem("x"); } catch (e) {
      try { Object.defineProperty(window, name, { value: memoryStorage(), configurable: true }); } catch (e2) { /* keep going */ }
    }
  });
  var cfg = JSON.parse(document.getElementById("h5p-config").textContent);
  var parentWin = window.parent;
  var started = false;
  var lastState = null;
  var lastHeight = 0;

  function send(message) {
    if (parentWin && parentWin !== window) parentWin.postMessage(message, cfg.parentOrigin);
  }

  function reportHeight() {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h && Math.abs(h - lastHeight) > 2) {
      lastHeight = h;
      send({ type: "h5p-resize", height: h });
    }
  }

  function saveState() {
    try {
      var instance = window.H5P && H5P.instances && H5P.instances[0];
      if (!instance || typeof instance.getCurrentState !== "function") return;
      var state = instance.getCurrentState();
      if (state === undefined || state === null) return;
      var text = JSON.stringify(state);
      if (text !== lastState) {
        lastState = text;
        send({ type: "h5p-state", state: text });
      }
    } catch (e) { /* a content type without state */ }
  }

  function start(state) {
    var el = document.getElementById("h5p-container");
    var options = {
      id: "h5p-" + cfg.packageId,
      h5pJsonPath: cfg.base,
      frameJs: cfg.frameJs,
      frameCss: cfg.frameCss,
      embedType: "div",
      frame: false,
      copyright: false,
      export: false,
      icon: false,
      fullScreen: false,
      saveFreq: false,
      xAPIObjectIRI: cfg.parentOrigin + "/h5p/activity/" + cfg.packageId
    };
    if (state) {
      options.saveFreq = 30;
      options.contentUserData = [{ dataType: "state", previousState: state, subContentId: "*" }];
      lastState = state;
    }
    new H5PStandalone.H5P(el, options).then(function () {
      H5P.externalDispatcher.on("xAPI", function (event) {
        var statement = event && event.data && event.data.statement;
        if (statement) send({ type: "h5p-xapi", statement: statement });
        setTimeout(saveState, 0);
      });
      setInterval(saveState, 10000);
      window.addEventListener("pagehide", saveState);
      if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(document.body);
      setInterval(reportHeight, 1000);
      reportHeight();
      send({ type: "h5p-started" });
    }).catch(function () {
      var p = document.createElement("p");
      p.className = "h5p-load-error";
      p.textContent = el.getAttribute("data-error");
      el.appendChild(p);
      reportHeight();
      send({ type: "h5p-error" });
    });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== parentWin || event.origin !== cfg.parentOrigin) return;
    var data = event.data;
    if (!started && data && data.type === "h5p-init") {
      started = true;
      start(typeof data.state === "string" ? data.state : "");
    }
  });
  send({ type: "h5p-ready" });
})();
