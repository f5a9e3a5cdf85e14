// Progressive enhancement of the filing form: pick a party from the enterprises
// registered at the centre by typing part of its name (GET /api/v1/organisations);
// picking one fills its credit code. An ARIA combobox with a listbox (WAI-ARIA APG):
// arrow keys move through the matches, Enter picks, Escape closes. Without script, or
// when nothing matches, the name and the code are typed as before.
(function () {
  "use strict";
  var MIN_LENGTH = 2;
  var DELAY = 250; // ms after the last keystroke: one request per pause, not per key

  Array.prototype.forEach.call(document.querySelectorAll("input[data-lookup]"), enhance);

  function enhance(input) {
    var code = document.getElementById(input.getAttribute("data-lookup-fills"));
    var list = document.createElement("ul");
    var status = document.createElement("span");
    var matches = [];
    var active = -1;
    var timer = null;
    var asked = "";

    list.id = input.id + "-matches";
    list.className = "lookup-matches";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-lookup-label"));
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, DELAY);
    });
    input.addEventListener("keydown", onKey);
    input.addEventListener("blur", function () { window.setTimeout(close, 200); });

    function lookUp() {
      var name = input.value.trim();
      asked = name;
      if (name.length < MIN_LENGTH) { close(); return; }
      var url = input.getAttribute("data-lookup") + "?name=" + encodeURIComponent(name);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (found) { if (name === asked) { show(found); } })
        .catch(close);
    }

    function show(found) {
      matches = found;
      active = -1;
      list.textContent = "";
      found.forEach(function (match, index) {
        var option = document.createElement("li");
        option.id = list.id + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = match.name + " · " + match.uscc;
        // mousedown, not click: it comes before the input's blur closes the list
        option.addEventListener("mousedown", function (event) { event.preventDefault(); pick(index); });
        list.appendChild(option);
      });
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", String(found.length > 0));
      input.removeAttribute("aria-activedescendant");
      status.textContent = input.getAttribute("data-lookup-found").replace("{n}", found.length);
    }

    function move(step) {
      if (list.hidden) { return; }
      var options = list.children;
      if (active >= 0) { options[active].setAttribute("aria-selected", "false"); }
      active = (active + step + options.length) % options.length;
      options[active].setAttribute("aria-selected", "true");
      options[active].scrollIntoView({ block: "nearest" });
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    function pick(index) {
      input.value = matches[index].name;
      code.value = matches[index].uscc;
      asked = input.value;
      close();
    }

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function onKey(event) {
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Enter" && !list.hidden && active >= 0) { event.preventDefault(); pick(active); }
      else if (event.key === "Escape" && !list.hidden) { event.preventDefault(); close(); }
    }
  }
})();
