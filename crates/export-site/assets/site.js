// decktype archive index: splits events by today's date, scrolls the activity
// matrix to the newest calls, and searches the embedded index.
// No network, no eval, no HTML parsing: results are built with DOM APIs and
// textContent only.
(function () {
  "use strict";
  var doc = document;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // Events: Upcoming (ends today or later, soonest first) and Past (newest first).
  (function () {
    var all = doc.getElementById("events-all");
    var split = doc.getElementById("events-split");
    var up = doc.getElementById("events-upcoming");
    var past = doc.getElementById("events-past");
    if (!all || !split || !up || !past) return;
    var d = new Date();
    var today = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
    var items = Array.prototype.slice.call(all.querySelectorAll("li.event"));
    items.forEach(function (li) {
      var end = li.getAttribute("data-end") || li.getAttribute("data-start") || "";
      if (end >= today) up.appendChild(li);
      else past.insertBefore(li, past.firstChild);
    });
    doc.getElementById("events-upcoming-none").hidden = up.children.length > 0;
    doc.getElementById("events-past-none").hidden = past.children.length > 0;
    all.hidden = true;
    split.hidden = false;
    split.setAttribute("data-today", today);
  })();

  // Activity matrix: show the newest calls (the right end) first.
  var wrap = doc.querySelector(".matrix-wrap");
  if (wrap) wrap.scrollLeft = wrap.scrollWidth;

  // Search.
  var input = doc.getElementById("search");
  var status = doc.getElementById("search-status");
  var list = doc.getElementById("search-results");
  var data = doc.getElementById("search-index");
  if (!input || !status || !list || !data) return;
  var entries;
  try { entries = JSON.parse(data.textContent); } catch (e) { entries = []; }
  if (!Array.isArray(entries)) entries = [];
  var limit = parseInt(list.getAttribute("data-limit"), 10) || 100;
  var MARKS = /\p{M}/gu;

  // Lowercase, decompose, drop combining marks: "Brühl" -> "bruhl".
  function fold(s) { return String(s).toLowerCase().normalize("NFD").replace(MARKS, ""); }

  // The folded string with, for each of its UTF-16 units, the range of the
  // original code point it came from.
  function folded(s) {
    var out = "", start = [], end = [], i = 0;
    for (var ch of s) {
      var f = fold(ch);
      for (var k = 0; k < f.length; k++) { start.push(i); end.push(i + ch.length); }
      out += f;
      i += ch.length;
    }
    return { s: out, start: start, end: end };
  }

  // Original ranges of every occurrence of every term, sorted and merged.
  function ranges(f, terms) {
    var r = [];
    terms.forEach(function (t) {
      var at = f.s.indexOf(t);
      while (at >= 0) {
        r.push([f.start[at], f.end[at + t.length - 1]]);
        at = f.s.indexOf(t, at + t.length);
      }
    });
    r.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    r.forEach(function (x) {
      var last = merged[merged.length - 1];
      if (last && x[0] <= last[1]) last[1] = Math.max(last[1], x[1]);
      else merged.push([x[0], x[1]]);
    });
    return merged;
  }

  // Appends text[from, to) to el, the ranges in <mark>.
  function highlight(el, text, from, to, rs) {
    var pos = from;
    rs.forEach(function (r) {
      var a = Math.max(r[0], pos), b = Math.min(r[1], to);
      if (a >= b) return;
      if (a > pos) el.appendChild(doc.createTextNode(text.slice(pos, a)));
      var m = doc.createElement("mark");
      m.textContent = text.slice(a, b);
      el.appendChild(m);
      pos = b;
    });
    if (pos < to) el.appendChild(doc.createTextNode(text.slice(pos, to)));
  }

  // A window of the text around the first match.
  function snippet(el, text, terms) {
    var f = folded(text);
    var rs = ranges(f, terms);
    var first = rs.length ? rs[0][0] : 0;
    var from = Math.max(0, first - 70);
    var to = Math.min(text.length, from + 240);
    if (from > 0) {
      var sp = text.indexOf(" ", from);
      if (sp >= 0 && sp < first) from = sp + 1;
    }
    if (to < text.length) {
      var back = text.lastIndexOf(" ", to);
      if (back > first + 20) to = back;
    }
    if (from > 0) el.appendChild(doc.createTextNode("… "));
    highlight(el, text, from, to, rs);
    if (to < text.length) el.appendChild(doc.createTextNode(" …"));
  }

  function result(e, terms) {
    var li = doc.createElement("li");
    li.className = "result";
    var head = doc.createElement(e.href ? "a" : "span");
    head.className = "result-head";
    if (e.href) head.setAttribute("href", e.href + "#/" + e.h + "/" + e.v);
    var date = doc.createElement("span");
    date.className = "result-date";
    date.textContent = e.date || "undated";
    var deck = doc.createElement("span");
    deck.className = "result-deck";
    deck.textContent = e.deck || e.path;
    var slide = doc.createElement("span");
    slide.className = "result-slide";
    var title = e.title || "Slide " + (e.h + 1) + (e.v ? "." + (e.v + 1) : "");
    highlight(slide, title, 0, title.length, ranges(folded(title), terms));
    head.appendChild(date);
    head.appendChild(deck);
    head.appendChild(slide);
    li.appendChild(head);
    var text = String(e.text || "");
    if (text) {
      var p = doc.createElement("p");
      p.className = "result-snippet";
      snippet(p, text, terms);
      li.appendChild(p);
    }
    return li;
  }

  function run() {
    var q = input.value;
    var terms = fold(q).split(/\s+/).filter(function (t, i, a) { return t && a.indexOf(t) === i; });
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!terms.length) {
      status.textContent = "Type words to search " + entries.length + " slides.";
      return;
    }
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i];
      if (e.hay === undefined) e.hay = fold((e.title || "") + "\n" + (e.text || ""));
      var ok = true;
      for (var k = 0; k < terms.length && ok; k++) ok = e.hay.indexOf(terms[k]) >= 0;
      if (ok) hits.push(e);
    }
    if (!hits.length) {
      status.textContent = "No results for \u201c" + q.trim() + "\u201d.";
      return;
    }
    var shown = hits.slice(0, limit);
    status.textContent = hits.length + (hits.length === 1 ? " result" : " results") +
      (hits.length > limit ? ", showing first " + limit : "") + ".";
    var frag = doc.createDocumentFragment();
    shown.forEach(function (e) { frag.appendChild(result(e, terms)); });
    list.appendChild(frag);
  }

  // index.html#q=words or index.html?q=words prefills the search.
  function fromUrl() {
    var q = null;
    var m = /^#q=(.*)$/.exec(location.hash);
    if (m) {
      q = m[1].replace(/\+/g, " ");
      try { q = decodeURIComponent(q); } catch (e) { /* keep it as written */ }
    } else {
      try { q = new URLSearchParams(location.search).get("q"); } catch (e) { q = null; }
    }
    if (q === null) return false;
    input.value = q;
    run();
    return true;
  }

  input.addEventListener("input", run);
  window.addEventListener("hashchange", function () { if (/^#q=/.test(location.hash)) fromUrl(); });
  if (!fromUrl()) run();
})();
