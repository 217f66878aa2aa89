// decktype HTML export: slide view navigation. No network, no eval.
(function () {
  "use strict";
  var body = document.body;
  var slides = Array.prototype.slice.call(document.querySelectorAll(".dt-slide"));
  if (!slides.length) return;
  var hud = document.querySelector(".dt-number");
  var current = 0;
  function hv(i) { return [+slides[i].dataset.h, +slides[i].dataset.v]; }
  function find(h, v) {
    for (var i = 0; i < slides.length; i++) { var p = hv(i); if (p[0] === h && p[1] === v) return i; }
    return -1;
  }
  function fit() {
    if (!body.classList.contains("dt-slides") || body.classList.contains("dt-overview")) return;
    var s = slides[current];
    // The stage and the slide inside it (page.css, or the deck's slideOptions).
    var css = getComputedStyle(s);
    var w = parseFloat(css.getPropertyValue("--dt-stage-w")) || 1244;
    var H = parseFloat(css.getPropertyValue("--dt-stage-h")) || 700;
    var room = H - 2 * (parseFloat(css.getPropertyValue("--dt-pad-y")) || 0);
    var scale = Math.min(window.innerWidth / w, window.innerHeight / H);
    s.style.transform = "translate(-50%, -50%) scale(" + scale + ")";
    var content = s.querySelector(".dt-content");
    if (content) {
      content.style.transform = "";
      var h = content.scrollHeight;
      if (h > room) content.style.transform = "scale(" + (room / h) + ")";
    }
  }
  function show(i, keepHash) {
    i = Math.max(0, Math.min(slides.length - 1, i));
    slides[current].classList.remove("dt-current");
    slides[current].style.transform = "";
    current = i;
    slides[i].classList.add("dt-current");
    var p = hv(i);
    if (hud) hud.textContent = (i + 1) + " / " + slides.length;
    body.dataset.slide = String(i);
    if (!keepHash && body.classList.contains("dt-slides")) history.replaceState(null, "", "#/" + p[0] + (p[1] ? "/" + p[1] : ""));
    fit();
  }
  function fromHash() {
    var m = /^#\/(\d+)(?:\/(\d+))?/.exec(location.hash);
    if (!m) return 0;
    var i = find(+m[1], +(m[2] || 0));
    return i < 0 ? 0 : i;
  }
  function view(slideView) {
    body.classList.toggle("dt-slides", slideView);
    body.classList.toggle("dt-document", !slideView);
    body.classList.remove("dt-overview");
    slides.forEach(function (s) { s.style.transform = ""; });
    if (slideView) show(current); else history.replaceState(null, "", "#doc");
  }
  function column(dh) {
    var p = hv(current), h = p[0] + dh;
    var i = find(h, 0);
    if (i >= 0) show(i);
  }
  function row(dv) {
    var p = hv(current);
    var i = find(p[0], p[1] + dv);
    if (i >= 0) show(i);
  }
  function overview() {
    if (!body.classList.contains("dt-slides")) return;
    var on = !body.classList.contains("dt-overview");
    body.classList.toggle("dt-overview", on);
    slides.forEach(function (s) { s.style.transform = ""; });
    if (!on) fit(); else slides[current].scrollIntoView({ block: "center" });
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var slideView = body.classList.contains("dt-slides");
    var k = e.key;
    if (k === "d") { view(!slideView); e.preventDefault(); return; }
    if (!slideView) return;
    if (body.classList.contains("dt-overview") && (k === "Enter")) { overview(); e.preventDefault(); return; }
    switch (k) {
      case "ArrowRight": case "l": column(1); break;
      case "ArrowLeft": case "h": column(-1); break;
      case "ArrowDown": case "j": row(1); break;
      case "ArrowUp": case "k": row(-1); break;
      case " ": case "PageDown": case "n": show(current + (e.shiftKey ? -1 : 1)); break;
      case "PageUp": case "p": case "Backspace": show(current - 1); break;
      case "Home": show(0); break;
      case "End": show(slides.length - 1); break;
      case "o": case "Escape": overview(); break;
      case "s": body.classList.toggle("dt-show-notes"); break;
      default: return;
    }
    e.preventDefault();
  });
  slides.forEach(function (s, i) {
    s.addEventListener("click", function () { if (body.classList.contains("dt-overview")) { show(i); overview(); } });
  });
  window.addEventListener("resize", fit);
  window.addEventListener("hashchange", function () { if (body.classList.contains("dt-slides")) show(fromHash(), true); });
  var buttons = document.querySelectorAll(".dt-hud button");
  Array.prototype.forEach.call(buttons, function (b) {
    b.addEventListener("click", function () {
      var a = b.dataset.action;
      if (a === "prev") show(current - 1); else if (a === "next") show(current + 1);
      else if (a === "overview") overview(); else if (a === "notes") body.classList.toggle("dt-show-notes");
      else if (a === "document") view(false);
    });
  });
  current = fromHash();
  view(location.hash !== "#doc");
})();
