// Drawing a signature on the case page's canvas; the PNG goes in the hidden field on submit.
(function () {
  "use strict";
  document.querySelectorAll("form.signing").forEach(function (form) {
    var canvas = form.querySelector("canvas.signature-pad");
    var field = form.querySelector("input[name=signature]");
    var context = canvas.getContext("2d");
    var drawing = false, drawn = false;
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.strokeStyle = "#000";

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      context.beginPath();
      context.moveTo(p[0], p[1]);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var p = point(event);
      context.lineTo(p[0], p[1]);
      context.stroke();
      drawn = true;
    });
    ["pointerup", "pointercancel"].forEach(function (name) {
      canvas.addEventListener(name, function () { drawing = false; });
    });
    form.querySelector(".clear-signature").addEventListener("click", function () {
      context.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
    });
    // Show only the fields of the chosen way of signing.
    function showMethod() {
      var method = form.querySelector("input[name=method]:checked").value;
      form.querySelectorAll(".field.drawn").forEach(function (el) { el.hidden = method !== "drawn"; });
      form.querySelectorAll(".field.scan").forEach(function (el) { el.hidden = method !== "scan"; });
    }
    form.querySelectorAll("input[name=method]").forEach(function (radio) {
      radio.addEventListener("change", showMethod);
    });
    showMethod();
    form.addEventListener("submit", function () {
      field.value = drawn ? canvas.toDataURL("image/png") : "";
    });
  });
})();
