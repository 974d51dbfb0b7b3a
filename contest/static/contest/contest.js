/* The take page without JavaScript is a plain form (save / submit). With it: a countdown driven
   by the server's deadline (corrected for the device clock), autosave of each answer through the
   API, and an automatic submit when the time is up. Correctness is never on this page. */
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  var box = document.getElementById("deadline");
  if (!form || !box) return;
  var status = form.querySelector("[data-save-status]");
  var countdown = box.querySelector("[data-countdown]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var lang = document.documentElement.lang || "vi";
  var T = lang === "en"
    ? { left: "Time left: ", saved: "Saved.", saving: "Saving…", failed: "Not saved (network). Your answer will be sent again.", over: "Time is up, submitting…" }
    : { left: "Thời gian còn lại: ", saved: "Đã lưu.", saving: "Đang lưu…", failed: "Chưa lưu được (mạng). Câu trả lời sẽ được gửi lại.", over: "Hết giờ, đang nộp bài…" };
  // Remaining time comes from the server (seconds left when the page was made), not the device clock.
  var endAt = Date.now() + parseInt(box.dataset.secondsLeft, 10) * 1000;
  var submitted = false;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.round((endAt - Date.now()) / 1000));
    countdown.hidden = false;
    countdown.textContent = T.left + pad(Math.floor(left / 60)) + ":" + pad(left % 60);
    countdown.classList.toggle("countdown-low", left <= 60);
    if (left === 0 && !submitted) {
      submitted = true;
      status.textContent = T.over;
      var button = form.querySelector("button[name=submit]");
      if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
      return;
    }
    setTimeout(tick, 1000);
  }

  var pending = {};
  var timer = null;
  function collect(name) {
    var values = [];
    form.querySelectorAll("input[name='" + name + "']").forEach(function (el) { if (el.checked) values.push(parseInt(el.value, 10)); });
    return values;
  }
  function flush() {
    timer = null;
    var answers = Object.keys(pending).filter(function (name) { return /^q\d+$/.test(name); }).map(function (name) { return { question_id: parseInt(name.slice(1), 10), choice_ids: collect(name) }; });
    var body = { answers: answers };
    var prediction = form.querySelector("input[name=prediction]");
    if (prediction && prediction.value !== "" && pending.__prediction) body.prediction = parseInt(prediction.value, 10);
    var sent = pending;
    pending = {};
    status.textContent = T.saving;
    fetch(form.dataset.saveUrl, {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.ok) { status.textContent = T.saved; return; }
      return response.json().then(function (data) { status.textContent = data.detail || T.failed; });
    }).catch(function () {
      Object.keys(sent).forEach(function (k) { pending[k] = true; });
      status.textContent = T.failed;
      timer = setTimeout(flush, 3000);
    });
  }
  form.addEventListener("change", function (event) {
    var name = event.target.name;
    if (!name) return;
    if (name === "prediction") { pending.__prediction = true; } else if (/^q\d+$/.test(name)) { pending[name] = true; } else { return; }
    status.textContent = T.saving;
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, 300);
  });
  tick();
})();
