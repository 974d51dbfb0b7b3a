/* The take page without JavaScript is a plain form (save / submit). With it: a countdown driven
   by the server's deadline (corrected for the device clock), autosave of each answer through the
   API, and submit through the API, retried with the same key until the server answers (a phone
   on a weak network must not lose its paper), also when the time is up. Requests carry the
   attempt's token, not the session. Correctness is never on this page. Messages come from the
   template, translated there. */
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  var box = document.getElementById("deadline");
  if (!form || !box || !window.fetch) return;
  var status = form.querySelector("[data-save-status]");
  var countdown = box.querySelector("[data-countdown]");
  var T = form.dataset;
  var headers = { "Content-Type": "application/json", "X-Attempt-Token": T.attemptToken };
  // Remaining time comes from the server (seconds left when the page was made), not the device clock.
  var endAt = Date.now() + parseInt(box.dataset.secondsLeft, 10) * 1000;
  var submitting = false;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.round((endAt - Date.now()) / 1000));
    countdown.hidden = false;
    countdown.textContent = T.tLeft + pad(Math.floor(left / 60)) + ":" + pad(left % 60);
    countdown.classList.toggle("countdown-low", left <= 60);
    if (left === 0 && !submitting) {
      status.textContent = T.tOver;
      submit();
      return;
    }
    setTimeout(tick, 1000);
  }

  var pending = {};
  var timer = null;
  var saving = null;  // the autosave in flight, so that submit waits for it
  function collect(name) {
    var values = [];
    form.querySelectorAll("input[name='" + name + "']").forEach(function (el) { if (el.checked) values.push(parseInt(el.value, 10)); });
    return values;
  }
  function prediction() {
    var input = form.querySelector("input[name=prediction]");
    return input && input.value !== "" ? parseInt(input.value, 10) : null;
  }
  function flush() {
    timer = null;
    var answers = Object.keys(pending).filter(function (name) { return /^q\d+$/.test(name); }).map(function (name) { return { question_id: parseInt(name.slice(1), 10), choice_ids: collect(name) }; });
    var body = { answers: answers };
    if (pending.__prediction && prediction() !== null) body.prediction = prediction();
    var sent = pending;
    pending = {};
    status.textContent = T.tSaving;
    // Resolves to false only when the answers did not reach the server (to be sent again).
    saving = fetch(T.saveUrl, { method: "PUT", credentials: "same-origin", headers: headers, body: JSON.stringify(body) })
      .then(function (response) {
        if (response.status >= 500) throw new Error("server");
        if (response.ok) { status.textContent = T.tSaved; return true; }
        return response.json().then(function (data) { status.textContent = data.detail || T.tFailed; return true; });
      }).catch(function () {
        Object.keys(sent).forEach(function (k) { pending[k] = true; });
        status.textContent = T.tFailed;
        if (!submitting) timer = setTimeout(flush, 3000);
        return false;
      });
    return saving;
  }

  function submit() {
    if (submitting) return;
    submitting = true;
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    status.textContent = T.tSubmitting;
    if (timer) { clearTimeout(timer); timer = null; }
    var key = form.querySelector("input[name=submit_key]").value;
    var delay = 1000;
    function attempt() {
      // Answers changed since the last autosave go first; the server marks what it has.
      var before = Object.keys(pending).length ? flush() : (saving || Promise.resolve(true));
      before.then(function (saved) {
        if (!saved) throw new Error("not saved");
        var body = { submit_key: key };
        if (prediction() !== null) body.prediction = prediction();
        return fetch(T.submitUrl, { method: "POST", credentials: "same-origin", headers: headers, body: JSON.stringify(body) });
      }).then(function (response) {
        if (response.ok || response.status === 404 || response.status === 409) {
          window.location.assign(T.resultUrl);  // the result page shows the outcome, or the paper if closed
          return;
        }
        if (response.status >= 500) throw new Error("server");
        return response.json().then(function (data) {
          status.textContent = data.detail;
          submitting = false;
          form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
        });
      }).catch(function () {
        // The same key again: the server keeps one submission whatever reaches it twice.
        status.textContent = T.tRetrying;
        setTimeout(attempt, delay);
        delay = Math.min(delay * 2, 15000);
      });
    }
    attempt();
  }

  form.addEventListener("change", function (event) {
    var name = event.target.name;
    if (!name || submitting) return;
    if (name === "prediction") { pending.__prediction = true; } else if (/^q\d+$/.test(name)) { pending[name] = true; } else { return; }
    status.textContent = T.tSaving;
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, 300);
  });
  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.name === "submit") {
      event.preventDefault();
      submit();
    }
  });
  tick();
})();
