// decktype HTML export: slide view navigation and fragments. No network, no eval.
(function () {
  "use strict";
  var body = document.body;
  // The slides as export writes them (a deck's own <section class="dt-slide"> inside a slide is not one).
  var slides = Array.prototype.slice.call(document.querySelectorAll(".reveal > .slides > section.dt-slide, .reveal > .slides > section.dt-stack > section.dt-slide"));
  if (!slides.length) return;
  var hud = document.querySelector(".dt-number");
  var current = 0;
  // Each slide's fragments in groups, in reveal.js 3.9's order (sortFragments): the groups of
  // data-fragment-index in index order, then each fragment without one in document order.
  // step[i] is the last group shown on slide i (-1: none).
  var groups = slides.map(function (s) {
    var indexed = [], unindexed = [];
    var content = s.querySelector(".dt-content");
    var all = content ? content.querySelectorAll(".fragment") : [];
    Array.prototype.forEach.call(all, function (f) {
      var n = parseInt(f.getAttribute("data-fragment-index"), 10);
      if (n >= 0) (indexed[n] = indexed[n] || []).push(f); else unindexed.push([f]);
    });
    var out = [];
    indexed.forEach(function (g) { out.push(g); });
    return out.concat(unindexed);
  });
  var step = slides.map(function () { return -1; });
  function setStep(i, k) {
    step[i] = k;
    groups[i].forEach(function (g, n) {
      g.forEach(function (f) {
        f.classList.toggle("visible", n <= k);
        f.classList.toggle("current-fragment", n === k);
      });
    });
  }
  function hv(i) { return [+slides[i].dataset.h, +slides[i].dataset.v]; }
  function find(h, v) {
    for (var i = 0; i < slides.length; i++) { var p = hv(i); if (p[0] === h && p[1] === v) return i; }
    return -1;
  }
  function stepping() { return body.classList.contains("dt-slides") && !body.classList.contains("dt-overview"); }
  function fit() {
    if (!stepping()) return;
    var s = slides[current];
    // The stage and the slide inside it (page.css, or the deck's slideOptions).
    var css = getComputedStyle(s);
    var w = parseFloat(css.getPropertyValue("--dt-stage-w")) || 1244;
    var H = parseFloat(css.getPropertyValue("--dt-stage-h")) || 700;
    var room = H - 2 * (parseFloat(css.getPropertyValue("--dt-pad-y")) || 0);
    s.style.setProperty("--dt-scale", String(Math.min(window.innerWidth / w, window.innerHeight / H)));
    var content = s.querySelector(".dt-content");
    if (content) {
      var h = content.scrollHeight;
      if (h > room) content.style.setProperty("--dt-fit", String(room / h)); else content.style.removeProperty("--dt-fit");
    }
  }
  function show(i, keepHash) {
    i = Math.max(0, Math.min(slides.length - 1, i));
    slides[current].classList.remove("dt-current");
    current = i;
    slides[i].classList.add("dt-current");
    // As reveal.js: the slides before show all their fragments, those after none; this one keeps
    // what it showed (all of them when coming back to it).
    slides.forEach(function (s, j) {
      if (j < i && step[j] !== groups[j].length - 1) setStep(j, groups[j].length - 1);
      else if (j > i && step[j] !== -1) setStep(j, -1);
    });
    var p = hv(i);
    if (hud) hud.textContent = (i + 1) + " / " + slides.length;
    body.dataset.slide = String(i);
    body.dataset.fragment = String(step[i]);
    if (!keepHash && body.classList.contains("dt-slides")) history.replaceState(null, "", "#/" + p[0] + (p[1] ? "/" + p[1] : ""));
    fit();
  }
  // The next or previous fragment of the current slide: false when there is none, so the key
  // moves to another slide instead.
  function fragment(d) {
    if (!stepping()) return false;
    var k = step[current] + d;
    if (k < -1 || k >= groups[current].length) return false;
    setStep(current, k);
    body.dataset.fragment = String(k);
    return true;
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
  function next() { if (!fragment(1)) show(current + 1); }
  function prev() { if (!fragment(-1)) show(current - 1); }
  function overview() {
    if (!body.classList.contains("dt-slides")) return;
    var on = !body.classList.contains("dt-overview");
    body.classList.toggle("dt-overview", on);
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
      case "ArrowRight": case "l": if (!fragment(1)) column(1); break;
      case "ArrowLeft": case "h": if (!fragment(-1)) column(-1); break;
      case "ArrowDown": case "j": if (!fragment(1)) row(1); break;
      case "ArrowUp": case "k": if (!fragment(-1)) row(-1); break;
      case " ": case "PageDown": case "n": if (e.shiftKey) prev(); else next(); break;
      case "PageUp": case "p": case "Backspace": prev(); break;
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
      if (a === "prev") prev(); else if (a === "next") next();
      else if (a === "overview") overview(); else if (a === "notes") body.classList.toggle("dt-show-notes");
      else if (a === "document") view(false);
    });
  });
  current = fromHash();
  view(location.hash !== "#doc");
})();
