/* Accessibility tools and the "listen" button. Plain JavaScript, no framework; every page works
   without it (the tools stay hidden when this file does not run). Choices persist per browser. */
(function () {
  "use strict";
  var root = document.documentElement;
  function store(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }

  var tools = document.querySelector("[data-a11y-tools]");
  if (tools) {
    tools.hidden = false;
    var contrast = tools.querySelector("[data-contrast-toggle]");
    var sizeButtons = tools.querySelectorAll("[data-text-size]");
    function showSize(size) {
      sizeButtons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.textSize === size)); });
    }
    showSize(root.dataset.textSize || "normal");
    contrast.setAttribute("aria-pressed", String(root.dataset.contrast === "high"));
    sizeButtons.forEach(function (button) {
      button.addEventListener("click", function () {
        root.dataset.textSize = button.dataset.textSize;
        store("hvs-text-size", button.dataset.textSize);
        showSize(button.dataset.textSize);
      });
    });
    contrast.addEventListener("click", function () {
      var on = root.dataset.contrast !== "high";
      root.dataset.contrast = on ? "high" : "normal";
      store("hvs-contrast", root.dataset.contrast);
      contrast.setAttribute("aria-pressed", String(on));
    });
  }

  var listen = document.querySelector("[data-listen]");
  if (listen && "speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
    var target = document.querySelector(listen.dataset.listen);
    listen.hidden = false;
    var label = listen.textContent, stopLabel = listen.dataset.stopLabel;
    listen.addEventListener("click", function () {
      if (speechSynthesis.speaking) {
        speechSynthesis.cancel();
        return;
      }
      var utterance = new SpeechSynthesisUtterance(target ? target.innerText : "");
      utterance.lang = root.lang === "vi" ? "vi-VN" : root.lang;
      var voice = speechSynthesis.getVoices().filter(function (v) { return v.lang && v.lang.indexOf(root.lang) === 0; })[0];
      if (voice) { utterance.voice = voice; }
      utterance.onend = utterance.onerror = function () { listen.textContent = label; listen.setAttribute("aria-pressed", "false"); };
      listen.textContent = stopLabel;
      listen.setAttribute("aria-pressed", "true");
      speechSynthesis.speak(utterance);
    });
  }
})();
