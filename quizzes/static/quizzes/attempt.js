// Quiz attempt page: autosave answers through the API and show a countdown.
// Without this file the form still works: "Save answers" and "Submit" post it.
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form) return;
  var state = document.getElementById("save-state");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var pending = {};
  var timer = null;
  var closed = false;

  function say(text) { if (state) state.textContent = text; }

  function answersOf(questionId) {
    var boxes = form.querySelectorAll("input[name='q_" + questionId + "']:checked");
    return Array.prototype.map.call(boxes, function (b) { return parseInt(b.value, 10); });
  }

  function flush() {
    timer = null;
    var ids = Object.keys(pending);
    if (!ids.length || closed) return;
    var body = {};
    ids.forEach(function (id) { body[id] = answersOf(id); });
    pending = {};
    say(form.dataset.msgSaving);
    fetch(form.dataset.saveUrl, {
      method: "PUT", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify({answers: body})
    }).then(function (response) {
      if (response.ok) { say(form.dataset.msgSaved); return; }
      if (response.status === 409) { closed = true; say(form.dataset.msgClosed); form.submit(); return; }
      throw new Error("HTTP " + response.status);
    }).catch(function () {
      ids.forEach(function (id) { pending[id] = true; });
      say(form.dataset.msgOffline);
      if (!timer) timer = setTimeout(flush, 5000);
    });
  }

  form.addEventListener("change", function (event) {
    var name = event.target.name || "";
    if (name.indexOf("q_") !== 0) return;
    pending[name.slice(2)] = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, 400);
  });
  window.addEventListener("online", flush);

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.value === "submit" && !closed) {
      var unanswered = form.querySelectorAll("fieldset.question").length -
        Array.prototype.filter.call(form.querySelectorAll("fieldset.question"), function (f) {
          return f.querySelector("input:checked");
        }).length;
      var message = form.dataset.msgConfirm;
      if (unanswered > 0) message = unanswered + " " + form.dataset.msgUnanswered + "\n" + message;
      if (!window.confirm(message)) { event.preventDefault(); return; }
      // Prevent a double submission; the server grades once anyway.
      submitter.disabled = true;
      var hidden = document.createElement("input");
      hidden.type = "hidden"; hidden.name = "action"; hidden.value = "submit";
      form.appendChild(hidden);
    }
  });

  var countdown = document.getElementById("countdown");
  if (countdown) {
    var deadline = Date.parse(countdown.dataset.deadline);
    var skew = Date.parse(countdown.dataset.serverNow) - Date.now();
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
      var m = Math.floor(left / 60), s = left % 60;
      countdown.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      countdown.parentNode.classList.toggle("hurry", left <= 60);
      if (left === 0) {
        clearInterval(interval);
        closed = true;
        var hidden = document.createElement("input");
        hidden.type = "hidden"; hidden.name = "action"; hidden.value = "submit";
        form.appendChild(hidden);
        form.submit();
      }
    };
    var interval = setInterval(tick, 1000);
    tick();
  }
})();
