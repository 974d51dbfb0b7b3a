/* Lesson player: resumes where the learner stopped, offers the light 360p rendition on slow or
   metered connections, and reports the position (periodically and on pause/end/leaving the page)
   to the progress endpoint. The server decides what counts; this only reports. */
(function () {
  "use strict";
  var box = document.querySelector("[data-player]");
  if (!box) return;
  var url = box.dataset.beaconUrl, token = box.dataset.token;
  var seq = parseInt(box.dataset.seq || "0", 10), lastT = 0, timer = null;
  var status = document.querySelector("[data-progress-status]");
  var done = document.querySelector("[data-course-done]");
  var getPosition = function () { return 0; }, getDuration = function () { return null; };

  function payload(event) {
    var t = Math.max(Date.now(), lastT + 1);
    lastT = t;
    var body = {token: token, seq: seq++, t: t, position: Math.max(0, getPosition() || 0), event: event};
    var d = getDuration();
    if (d && isFinite(d)) body.duration = d;
    return JSON.stringify(body);
  }
  function show(data) {
    if (!data || !status || data.reason === "queued") return;
    if (data.lesson_completed) status.textContent = status.dataset.msgDone;
    else status.textContent = status.dataset.msgWatched + " " + data.watched_percent + "%";
    if (data.course_completed && done) done.hidden = false;
  }
  function report(event) {
    if (!url) return;
    var body = payload(event);
    if (event === "hidden" && navigator.sendBeacon) {
      navigator.sendBeacon(url, new Blob([body], {type: "text/plain;charset=UTF-8"}));
      return;
    }
    fetch(url, {method: "POST", body: body, keepalive: true, credentials: "same-origin",
                headers: {"Content-Type": "text/plain;charset=UTF-8"}})
      .then(function (r) { return r.ok ? r.json() : null; }).then(show).catch(function () {});
  }
  function startTimer() { if (!timer) timer = setInterval(function () { report("tick"); }, 10000); }
  function stopTimer() { clearInterval(timer); timer = null; }
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") report("hidden"); });
  window.addEventListener("pagehide", function () { report("hidden"); });

  var video = box.querySelector("video");
  if (video) {
    getPosition = function () { return video.currentTime; };
    getDuration = function () { return video.duration; };
    var resume = parseFloat(box.dataset.resume || "0");
    var low = box.dataset.low, full = box.dataset.full, toggle = box.querySelector("[data-save-data]");
    var conn = navigator.connection || {};
    var stored = null;
    try { stored = localStorage.getItem("hvs-save-data"); } catch (e) {}
    var wantLow = stored !== null ? stored === "1" : !!(conn.saveData || /(^|-)2g|3g/.test(conn.effectiveType || ""));
    function useSource(src) {
      var at = video.currentTime, playing = !video.paused;
      var source = video.querySelector("source");
      if (source.getAttribute("src") === src) return;
      source.setAttribute("src", src);
      video.load();
      video.addEventListener("loadedmetadata", function once() {
        video.removeEventListener("loadedmetadata", once);
        if (at) video.currentTime = at;
        if (playing) video.play();
      });
    }
    if (low && toggle) {
      toggle.checked = wantLow;
      if (wantLow) useSource(low);
      toggle.addEventListener("change", function () {
        try { localStorage.setItem("hvs-save-data", toggle.checked ? "1" : "0"); } catch (e) {}
        useSource(toggle.checked ? low : full);
      });
    }
    video.addEventListener("loadedmetadata", function () {
      if (resume > 1 && video.duration && resume < video.duration - 2) { video.currentTime = resume; resume = 0; }
    });
    video.addEventListener("play", function () { report("play"); startTimer(); });
    video.addEventListener("pause", function () { stopTimer(); if (!video.ended) report("pause"); });
    video.addEventListener("ended", function () { stopTimer(); report("ended"); });
    return;
  }

  var ytId = box.dataset.youtube;
  if (ytId && url) {
    var iframe = box.querySelector("iframe"), player = null;
    window.onYouTubeIframeAPIReady = function () {
      player = new YT.Player(iframe.id, {events: {onStateChange: function (e) {
        if (e.data === YT.PlayerState.PLAYING) { report("play"); startTimer(); }
        else if (e.data === YT.PlayerState.PAUSED) { stopTimer(); report("pause"); }
        else if (e.data === YT.PlayerState.ENDED) { stopTimer(); report("ended"); }
      }}});
      getPosition = function () { return player && player.getCurrentTime ? player.getCurrentTime() : 0; };
      getDuration = function () { return player && player.getDuration ? player.getDuration() : null; };
    };
  }
})();
