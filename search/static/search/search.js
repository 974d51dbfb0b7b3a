/* Suggestions as you type on the search page. The page works without this file: the form submits. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var list = document.getElementById("search-suggestions");
  var timer = null, active = -1, lastQuery = "", controller = null;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function close() {
    list.hidden = true;
    list.textContent = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function show(items) {
    list.textContent = "";
    if (!items.length) { close(); return; }
    items.forEach(function (item, index) {
      var li = document.createElement("li");
      li.id = "search-suggestion-" + index;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.url = item.url;
      li.textContent = item.title;  // text, never HTML
      // mousedown, not click: it comes before the input's blur closes the list.
      li.addEventListener("mousedown", function (event) { event.preventDefault(); go(li); });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function go(option) {
    var url = option.dataset.url;
    if (url && url.charAt(0) === "/" && url.charAt(1) !== "/") window.location.href = url;  // same site only
  }

  function move(step) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    if (active >= 0) options[active].setAttribute("aria-selected", "false");
    active = (active + step + options.length) % options.length;
    options[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    if (q === lastQuery) return;
    lastQuery = q;
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var url = form.dataset.suggestUrl + "?q=" + encodeURIComponent(q) + "&lang=" + encodeURIComponent(form.dataset.language);
    fetch(url, {headers: {"Accept": "application/json"}, signal: controller && controller.signal})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) { if (input.value.trim() === q) show(items); })
      .catch(function () { /* suggestions are optional */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      go(list.querySelectorAll("[role=option]")[active]);
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 200); });
})();
