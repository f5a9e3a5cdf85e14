// Follows a running ledger import: polls its status and moves the progress bar;
// reloads the page (which then shows the report) when the import has ended.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var labels = JSON.parse(box.getAttribute("data-labels"));

  function show(state) {
    if (state.rows_total > 0) {
      bar.max = state.rows_total;
      bar.value = state.rows_done;
    }
    text.textContent = (labels[state.status] || state.status) + " " + state.rows_done + " / " + state.rows_total;
  }

  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.finished) { window.location.reload(); return; }
        show(state);
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 500);
})();
