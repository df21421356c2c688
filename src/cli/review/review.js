// jingwang review: sorting on the index; highlights, the side-by-side
// inspector, filters and keyboard navigation on a document page; and, when
// the page comes from `jingwang serve`, the edits (sent to /api/edit).
// No library and nothing from the network: the page works from disk.
(function () {
  "use strict";

  var dataEl = document.getElementById("data");
  var DATA = dataEl ? JSON.parse(dataEl.textContent) : { page: "none" };
  var SERVE = DATA.mode === "serve";

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  function typing(ev) {
    var t = ev.target;
    return t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA" || t.isContentEditable);
  }

  // ---------------------------------------------------------------- index
  function initIndex() {
    document.querySelectorAll("table.docs").forEach(sortable);
    var current = -1;
    document.addEventListener("keydown", function (ev) {
      if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var rows = document.querySelectorAll("table.docs tbody tr");
      if (rows.length && (ev.key === "j" || ev.key === "k")) {
        current = Math.max(0, Math.min(rows.length - 1, current + (ev.key === "j" ? 1 : -1)));
        Array.prototype.forEach.call(rows, function (r, i) { r.classList.toggle("current", i === current); });
        rows[current].querySelector("a").focus();
      }
    });
  }

  // Clicking a column (or Enter on it) sorts the rows by it, then the other way.
  function sortable(table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var num = th.getAttribute("data-type") === "num";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-v"), y = b.cells[col].getAttribute("data-v");
          var c = num ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sort(); }
      });
    });
  }

  // ------------------------------------------------------------- document
  var segments = [];      // every highlighted piece of the text
  var factItem = {};      // "g3" / "p5" -> item index
  var current = -1;       // the item being inspected
  var tip = document.getElementById("tip");

  function itemFacts(n) {
    var it = DATA.items[n], ids = [];
    if (it.gold !== null) ids.push("g" + it.gold);
    if (it.predicted !== null) ids.push("p" + it.predicted);
    return ids;
  }

  function segmentsOf(n) {
    var ids = itemFacts(n);
    return segments.filter(function (s) {
      return s.getAttribute("data-f").split(" ").some(function (f) { return ids.indexOf(f) >= 0; });
    });
  }

  function itemsOfSegment(s) {
    var seen = [];
    s.getAttribute("data-f").split(" ").forEach(function (f) {
      var n = factItem[f];
      if (n !== undefined && seen.indexOf(n) < 0) seen.push(n);
    });
    // The most important outcome first (the order items were classed by).
    var rank = { missed: 0, spurious: 1, mismatch: 2, matched: 3, predicted: 4 };
    seen.sort(function (a, b) { return rank[DATA.items[a].outcome] - rank[DATA.items[b].outcome]; });
    return seen;
  }

  var ROWS = ["quote", "span", "value", "unit", "approx", "metric", "category", "change"];

  function shown(f, k) {
    if (!f) return "";
    var v = f[k];
    if (k === "span") return "[" + v[0] + ", " + v[1] + ")";
    if (k === "quote" && f.occurrence) return v + "  (occurrence " + f.occurrence + ")";
    return v === null || v === undefined ? "(none)" : String(v);
  }

  // The side-by-side table of an item; with `edit`, the gold column can be
  // changed and the item accepted or rejected.
  function compareTable(n, edit) {
    var it = DATA.items[n];
    var g = it.gold !== null ? DATA.gold[it.gold] : null;
    var p = it.predicted !== null ? DATA.predicted[it.predicted] : null;
    var box = el("div", { "class": "compare", "data-item": String(n) });
    box.appendChild(el("h3", { "class": "o-" + it.outcome, text: it.label }));
    var table = el("table", { "class": "sbs" });
    table.appendChild(el("tr", {}, [el("th"), el("th", { text: "gold" }), el("th", { text: "predicted" })]));
    ROWS.forEach(function (k) {
      var differs = g && p && shown(g, k) !== shown(p, k) && k !== "quote" || (k === "quote" && g && p && g.quote !== p.quote);
      var tr = el("tr", { "data-row": k, "class": differs ? "differs" : "" });
      tr.appendChild(el("th", { text: k }));
      var gc = el("td", { "class": "gold" });
      if (g && edit && ["value", "unit", "approx", "metric", "category", "change"].indexOf(k) >= 0) gc.appendChild(editor(g, k));
      else gc.textContent = g ? shown(g, k) : "–";
      tr.appendChild(gc);
      tr.appendChild(el("td", { "class": "pred", text: p ? shown(p, k) : "–" }));
      table.appendChild(tr);
    });
    box.appendChild(table);
    if (edit) {
      var acts = el("div", { "class": "actions" });
      if (g) {
        var rej = el("button", { type: "button", id: "act-reject", text: "Reject gold fact" });
        rej.addEventListener("click", function () { post({ op: "reject", index: g.i }); });
        acts.appendChild(rej);
      }
      if (p && !g) {
        var acc = el("button", { type: "button", id: "act-accept", text: "Accept into ground truth" });
        acc.addEventListener("click", function () { post({ op: "accept", fact: p }); });
        acts.appendChild(acc);
      }
      box.appendChild(acts);
    }
    return box;
  }

  // An input or a select of the label list for one attribute of a gold fact;
  // a change is saved at once.
  function editor(g, k) {
    var lists = { approx: DATA.labels.approx, metric: DATA.labels.metric, category: DATA.labels.category };
    var input;
    if (lists[k]) {
      input = el("select", { "data-field": k, "aria-label": k });
      if (k !== "metric") input.appendChild(el("option", { value: "", text: "(none)" }));
      lists[k].forEach(function (l) { input.appendChild(el("option", { value: l, text: l })); });
      input.value = g[k] === null ? "" : g[k];
      input.addEventListener("change", function () { post({ op: "set", index: g.i, field: k, value: input.value }); });
    } else {
      input = el("input", { "data-field": k, "aria-label": k, size: "10" });
      input.value = g[k] === null ? "" : g[k];
      // `change` comes on Enter and on leaving the field, once per edit.
      input.addEventListener("change", function () { post({ op: "set", index: g.i, field: k, value: input.value }); });
    }
    return input;
  }

  function showTip(n, anchor) {
    if (!tip) return;
    tip.innerHTML = "";
    tip.appendChild(compareTable(n, false));
    tip.hidden = false;
    var r = anchor.getBoundingClientRect();
    var top = window.scrollY + r.bottom + 6;
    var left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.top = top + "px";
    tip.style.left = left + "px";
  }

  function hideTip() { if (tip) tip.hidden = true; }

  function inspect(n) {
    var box = document.getElementById("inspector");
    box.innerHTML = "";
    box.appendChild(compareTable(n, SERVE));
  }

  function setCurrent(n, focus) {
    current = n;
    segments.forEach(function (s) { s.classList.remove("current"); });
    var segs = segmentsOf(n);
    segs.forEach(function (s) { s.classList.add("current"); });
    document.querySelectorAll("#facts li").forEach(function (li) {
      li.classList.toggle("current", li.getAttribute("data-item") === String(n));
    });
    inspect(n);
    if (focus && segs.length) {
      segs[0].focus({ preventScroll: true });
      segs[0].scrollIntoView({ block: "center" });
    }
    // The inspector shows the current item; the tooltip is for hovering.
    hideTip();
  }

  function visible(n) {
    var li = document.querySelector('#facts li[data-item="' + n + '"]');
    return !li || !li.hidden;
  }

  // The next (or previous) difference after the current item, in text order.
  function step(dir) {
    var order = DATA.items.map(function (_, i) { return i; }).filter(function (i) {
      return DATA.items[i].difference && visible(i);
    });
    if (!order.length) return;
    var pos = order.indexOf(current);
    var next;
    if (pos < 0) {
      next = dir > 0 ? order.find(function (i) { return i > current; }) : order.slice().reverse().find(function (i) { return i < current; });
      if (next === undefined) next = dir > 0 ? order[0] : order[order.length - 1];
    } else {
      next = order[(pos + dir + order.length) % order.length];
    }
    setCurrent(next, true);
  }

  function applyFilters() {
    var outcomes = Array.prototype.filter.call(document.querySelectorAll('#outcome-filter input'), function (i) { return i.checked; })
      .map(function (i) { return i.value; });
    var metric = document.getElementById("metric").value;
    var category = document.getElementById("category").value;
    var hidden = {};
    document.querySelectorAll("#facts li").forEach(function (li) {
      var ok = outcomes.indexOf(li.getAttribute("data-outcome")) >= 0 &&
        (!metric || li.getAttribute("data-metric").split(" ").indexOf(metric) >= 0) &&
        (!category || li.getAttribute("data-category").split(" ").indexOf(category) >= 0);
      li.hidden = !ok;
      if (!ok) hidden[li.getAttribute("data-item")] = true;
    });
    segments.forEach(function (s) {
      var all = itemsOfSegment(s).every(function (n) { return hidden[n]; });
      s.classList.toggle("filtered", all);
    });
  }

  // ---------------------------------------------------------------- edits
  function message(text, kind) {
    var m = document.getElementById("message");
    if (!m) return;
    m.textContent = text;
    m.className = kind || "error";
    m.hidden = !text;
  }

  function post(body) {
    if (!SERVE) return;
    body.doc = DATA.doc;
    body.version = DATA.version;
    var token = document.querySelector('meta[name="jingwang-token"]').getAttribute("content");
    message("saving…", "info");
    fetch("/api/edit", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Jingwang-Token": token },
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j }; });
    }).then(function (res) {
      if (res.body.ok) {
        sessionStorage.setItem("jw-scroll:" + DATA.doc, String(window.scrollY));
        if (current >= 0) sessionStorage.setItem("jw-item:" + DATA.doc, JSON.stringify(DATA.items[current].span));
        location.reload();
      } else {
        message(res.body.error + (res.body.hint ? " (hint: " + res.body.hint + ")" : ""), "error");
      }
    }).catch(function (e) { message("the edit could not be sent: " + e, "error"); });
  }

  // Character offset (in code points) of a DOM position inside #text.
  function pointOffset(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      var span = node.parentNode;
      if (!span.hasAttribute || !span.hasAttribute("data-s")) return null;
      return parseInt(span.getAttribute("data-s"), 10) + Array.from(node.data.slice(0, offset)).length;
    }
    var child = node.childNodes[offset];
    if (child && child.getAttribute && child.hasAttribute("data-s")) return parseInt(child.getAttribute("data-s"), 10);
    if (node.getAttribute && node.hasAttribute("data-s")) {
      return parseInt(node.getAttribute("data-s"), 10) + (offset > 0 ? Array.from(node.textContent).length : 0);
    }
    if (node.id === "text" && offset >= node.childNodes.length) {
      var last = node.lastChild;
      return last ? parseInt(last.getAttribute("data-s"), 10) + Array.from(last.textContent).length : 0;
    }
    return null;
  }

  var selected = null;

  function onSelection() {
    var btn = document.getElementById("add-fact");
    var sel = window.getSelection();
    var text = document.getElementById("text");
    selected = null;
    if (sel && sel.rangeCount && !sel.isCollapsed) {
      var r = sel.getRangeAt(0);
      if (text.contains(r.startContainer) && text.contains(r.endContainer)) {
        var s = pointOffset(r.startContainer, r.startOffset), e = pointOffset(r.endContainer, r.endOffset);
        if (s !== null && e !== null && e > s) {
          selected = { start: s, end: e, text: sel.toString() };
          var rect = r.getBoundingClientRect();
          btn.style.top = window.scrollY + rect.bottom + 4 + "px";
          btn.style.left = window.scrollX + rect.left + "px";
        }
      }
    }
    btn.hidden = !selected;
  }

  // The form for a new fact over the selected text; value guessed from its
  // first number (万 and 亿 applied), everything editable.
  function addForm(sel) {
    var box = document.getElementById("inspector");
    box.innerHTML = "";
    var form = el("form", { id: "add-form", "class": "compare" });
    form.appendChild(el("h3", { text: "new fact" }));
    form.appendChild(el("p", {}, [el("q", { text: sel.text }), " [" + sel.start + ", " + sel.end + ")"]));
    var m = /(\d+(?:\.\d+)?)(万|亿)?/.exec(sel.text.replace(/[,，]/g, ""));
    var value = "";
    if (m) {
      var scale = m[2] === "万" ? 4 : m[2] === "亿" ? 8 : 0;
      value = shift(m[1], scale);
    }
    var unitGuess = m ? (sel.text.slice(sel.text.indexOf(m[0]) + m[0].length).replace(/^[余多近约]/, "").charAt(0) || "") : "";
    var fields = [
      ["value", el("input", { name: "value", value: value, size: "12" })],
      ["unit", el("input", { name: "unit", value: unitGuess, size: "4" })],
      ["approx", select("approx", DATA.labels.approx, true)],
      ["metric", select("metric", DATA.labels.metric, false)],
      ["category", select("category", DATA.labels.category, true)],
      ["change", el("input", { name: "change", size: "8" })]
    ];
    var table = el("table", { "class": "sbs" });
    fields.forEach(function (f) {
      table.appendChild(el("tr", {}, [el("th", { text: f[0] }), el("td", {}, [f[1]])]));
    });
    form.appendChild(table);
    var save = el("button", { type: "submit", id: "add-save", text: "Add to ground truth" });
    form.appendChild(save);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = { op: "add", span: [sel.start, sel.end] };
      fields.forEach(function (f) { body[f[0]] = f[1].value; });
      post(body);
    });
    box.appendChild(form);
    box.scrollIntoView({ block: "nearest" });
  }

  function select(name, labels, optional) {
    var s = el("select", { name: name });
    if (optional) s.appendChild(el("option", { value: "", text: "(none)" }));
    labels.forEach(function (l) { s.appendChild(el("option", { value: l, text: l })); });
    return s;
  }

  // Decimal text times 10^scale, exactly (string arithmetic).
  function shift(num, scale) {
    var parts = num.split("."), int = parts[0], frac = parts[1] || "";
    while (scale > 0) { int += frac.charAt(0) || "0"; frac = frac.slice(1); scale--; }
    int = int.replace(/^0+(?=\d)/, "");
    return frac ? int + "." + frac : int;
  }

  function initDocument() {
    DATA.items.forEach(function (it, n) {
      if (it.gold !== null) factItem["g" + it.gold] = n;
      if (it.predicted !== null) factItem["p" + it.predicted] = n;
    });
    segments = Array.prototype.slice.call(document.querySelectorAll("#text span[data-f]"));
    segments.forEach(function (s) {
      s.addEventListener("mouseenter", function () { showTip(itemsOfSegment(s)[0], s); });
      s.addEventListener("mouseleave", hideTip);
      s.addEventListener("focus", function () {
        var items = itemsOfSegment(s);
        if (items.indexOf(current) < 0) setCurrent(items[0], false);
      });
      s.addEventListener("click", function () {
        var items = itemsOfSegment(s);
        var i = items.indexOf(current);
        setCurrent(items[(i + 1) % items.length], false);
      });
    });
    document.querySelectorAll("#facts li").forEach(function (li) {
      li.addEventListener("click", function () { setCurrent(parseInt(li.getAttribute("data-item"), 10), true); });
    });
    document.querySelectorAll("#outcome-filter input, #metric, #category").forEach(function (i) {
      i.addEventListener("change", applyFilters);
    });
    document.addEventListener("keydown", function (ev) {
      if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (ev.key === "j" || ev.key === "n") { ev.preventDefault(); step(1); }
      else if (ev.key === "k" || ev.key === "p") { ev.preventDefault(); step(-1); }
      else if (ev.key === "]" && DATA.next) location.href = DATA.next;
      else if (ev.key === "[" && DATA.prev) location.href = DATA.prev;
      else if (ev.key === "Escape") {
        current = -1;
        segments.forEach(function (s) { s.classList.remove("current"); });
        hideTip();
      }
    });
    if (SERVE) initServe();
  }

  function initServe() {
    var mark = document.getElementById("mark-reviewed");
    if (mark) mark.addEventListener("click", function () { post({ op: "status", status: "reviewed" }); });
    var create = document.getElementById("create-draft");
    if (create) create.addEventListener("click", function () { post({ op: "draft" }); });
    var text = document.getElementById("text");
    if (text) {
      var btn = el("button", { type: "button", id: "add-fact", "class": "floating", text: "Add fact…" });
      btn.hidden = true;
      document.body.appendChild(btn);
      btn.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
      btn.addEventListener("click", function () {
        if (!selected) return;
        if (DATA.status === "none") { message("create a draft first: this source has no annotation yet", "error"); return; }
        var sel = selected;
        btn.hidden = true;
        addForm(sel);
      });
      document.addEventListener("selectionchange", onSelection);
    }
    var y = sessionStorage.getItem("jw-scroll:" + DATA.doc);
    if (y !== null) {
      sessionStorage.removeItem("jw-scroll:" + DATA.doc);
      window.scrollTo(0, parseFloat(y));
    }
    var span = sessionStorage.getItem("jw-item:" + DATA.doc);
    if (span !== null) {
      sessionStorage.removeItem("jw-item:" + DATA.doc);
      var s = JSON.parse(span);
      var n = DATA.items.findIndex(function (it) { return it.span[0] === s[0] && it.span[1] === s[1]; });
      if (n >= 0) setCurrent(n, false);
    }
  }

  if (DATA.page === "index") initIndex();
  if (DATA.page === "document") initDocument();
})();
