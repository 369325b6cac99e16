/*
 * The book's page behaviour: theme switch, chapter menu on phones, copy
 * buttons on code, callout badges, scrolling tables and search (lunr, over
 * window.BOOK_SEARCH from search-index.js). Nothing here makes a request.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var THEME_KEY = "book-theme";

  /* ---------- Theme ---------- */

  function systemTheme() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function currentTheme() {
    var chosen = root.getAttribute("data-theme");
    return chosen === "dark" || chosen === "light" ? chosen : systemTheme();
  }

  function showTheme(button) {
    var dark = currentTheme() === "dark";
    button.setAttribute("aria-pressed", dark ? "true" : "false");
    button.title = dark ? "Light theme" : "Dark theme";
  }

  function setupTheme() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    button.setAttribute("aria-label", "Dark theme");
    showTheme(button);
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(THEME_KEY, next); } catch (e) { /* private mode: this page only */ }
      showTheme(button);
    });
    if (window.matchMedia) {
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      // Until the reader chooses, the page follows the system's setting.
      var follow = function () {
        var saved = null;
        try { saved = localStorage.getItem(THEME_KEY); } catch (e) { /* private mode */ }
        if (saved !== "dark" && saved !== "light") root.setAttribute("data-theme", systemTheme());
        showTheme(button);
      };
      if (query.addEventListener) query.addEventListener("change", follow);
    }
    window.addEventListener("storage", function (event) {
      if (event.key === THEME_KEY && (event.newValue === "dark" || event.newValue === "light")) {
        root.setAttribute("data-theme", event.newValue);
        showTheme(button);
      }
    });
  }

  /* ---------- Chapter menu (phones) ---------- */

  function setupNav() {
    var button = document.querySelector(".nav-toggle");
    var sidebar = document.getElementById("book-sidebar");
    if (!button || !sidebar) return;

    function setOpen(open, focusBack) {
      root.classList.toggle("nav-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var current = sidebar.querySelector("[aria-current]") || sidebar.querySelector("a");
        if (current) current.focus();
      } else if (focusBack) {
        button.focus();
      }
    }

    button.addEventListener("click", function () { setOpen(!root.classList.contains("nav-open"), false); });
    document.querySelectorAll("[data-close-nav]").forEach(function (el) {
      el.addEventListener("click", function () { setOpen(false, false); });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && root.classList.contains("nav-open")) setOpen(false, true);
    });
    sidebar.addEventListener("click", function (event) {
      if (event.target.closest("a")) setOpen(false, false);
    });
  }

  /* ---------- Callouts: "(1)" becomes a badge ---------- */

  function setupCallouts() {
    document.querySelectorAll(".page-body .conum").forEach(function (badge) {
      var number = (badge.textContent.match(/\d+/) || [])[0];
      if (number) {
        badge.setAttribute("data-value", number);
        badge.setAttribute("aria-label", "callout " + number);
      }
      // In code, "// <1>" leaves a bare comment marker before the badge: drop it.
      var before = badge.previousSibling;
      if (badge.closest("pre") && before && before.nodeType === Node.TEXT_NODE) {
        before.textContent = before.textContent.replace(/\s*(\/\/|#|--)\s*$/, " ");
      }
    });
  }

  /* ---------- Tables scroll sideways on narrow screens ---------- */

  function setupTables() {
    document.querySelectorAll(".page-body table.tableblock").forEach(function (table) {
      if (table.parentElement.classList.contains("tableblock-wrap")) return;
      var wrap = document.createElement("div");
      wrap.className = "tableblock-wrap";
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    });
  }

  /* ---------- A polite voice for screen readers ---------- */

  var announcer = null;

  // Says the text through a polite live region (role=status), without moving focus.
  function announce(text) {
    if (!announcer) {
      announcer = document.createElement("div");
      announcer.id = "book-announce";
      announcer.className = "visually-hidden";
      announcer.setAttribute("role", "status");
      document.body.appendChild(announcer);
    }
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  /* ---------- Copy buttons ---------- */

  function textToCopy(pre) {
    var copy = pre.cloneNode(true);
    copy.querySelectorAll(".conum").forEach(function (badge) { badge.remove(); });
    var text = copy.textContent.replace(/[ \t]+$/gm, "").replace(/\n+$/, "");
    if (pre.closest(".jbang-command")) text = text.replace(/^\$ /gm, "");
    return text;
  }

  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyWithSelection(text); });
    }
    return Promise.resolve(copyWithSelection(text));
  }

  function selectContents(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copyLabel(pre) {
    if (pre.closest(".jbang-command")) return "Copy command";
    if (pre.classList.contains("jbang-stderr")) return "Copy error output";
    if (pre.closest(".jbang-output")) return "Copy output";
    return "Copy code";
  }

  function setupCopy() {
    document.querySelectorAll(".page-body pre").forEach(function (pre) {
      if (!pre.textContent.trim()) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", copyLabel(pre));

      // The output's button sits in its header bar, clear of the text.
      var head = pre.classList.contains("jbang-stdout") && pre.parentNode.querySelector(".jbang-output-head");
      if (head) {
        head.appendChild(button);
      } else {
        var wrap = document.createElement("div");
        wrap.className = "code-wrap";
        pre.parentNode.insertBefore(wrap, pre);
        wrap.appendChild(pre);
        wrap.appendChild(button);
      }

      var timer = null;
      button.addEventListener("click", function () {
        copyText(textToCopy(pre)).then(function (ok) {
          if (!ok) selectContents(pre);
          button.textContent = ok ? "Copied" : "Press Ctrl+C";
          announce(ok ? "Copied to the clipboard" : "Not copied: the text is selected, press Ctrl+C to copy it");
          button.classList.toggle("copied", ok);
          clearTimeout(timer);
          timer = setTimeout(function () {
            button.textContent = "Copy";
            button.classList.remove("copied");
          }, 1600);
        });
      });
    });
  }

  /* ---------- What scrolls sideways can be scrolled from the keyboard ---------- */

  function setupScrollers() {
    function mark() {
      document.querySelectorAll(".page-body pre, .tableblock-wrap").forEach(function (el) {
        if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
        else if (el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
      });
    }
    mark();
    var timer = null;
    window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(mark, 150); });
  }

  /* ---------- Table of contents follows the reading position ---------- */

  function setupTocHighlight() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
    if (!links.length || !("IntersectionObserver" in window)) return;
    var byId = {};
    links.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var headings = Object.keys(byId).map(function (id) { return document.getElementById(id); })
      .filter(Boolean);
    var visible = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting; });
      var first = headings.find(function (h) { return visible[h.id]; });
      if (!first) return;
      links.forEach(function (a) { a.classList.remove("active"); });
      byId[first.id].classList.add("active");
    }, { rootMargin: "-10% 0px -70% 0px" });
    headings.forEach(function (h) { observer.observe(h); });
  }

  /* ---------- Search ---------- */

  function setupSearch() {
    var input = document.getElementById("book-search");
    var box = input && input.closest(".search");
    if (!box) return;
    var key = box.querySelector(".search-key");
    if (key && /Mac|iPhone|iPad/.test(navigator.platform || "")) key.textContent = "\u2318K";
    var panel = box.querySelector(".search-panel");
    var status = document.getElementById("book-search-status");
    var list = document.getElementById("book-search-results");
    var docs = window.BOOK_SEARCH || [];
    var index = null;
    var active = -1;

    function buildIndex() {
      if (index || typeof window.lunr !== "function") return index;
      index = window.lunr(function () {
        this.ref("i");
        this.field("title", { boost: 8 });
        this.field("text");
        this.metadataWhitelist = ["position"];
        var builder = this;
        docs.forEach(function (doc, i) {
          builder.add({ i: String(i), title: doc.title || "", text: doc.text || "" });
        });
      });
      return index;
    }

    function find(queryText) {
      var idx = buildIndex();
      if (!idx) return [];
      var terms = window.lunr.tokenizer(queryText).map(function (t) { return t.toString(); })
        .filter(function (t) { return t.length > 0; });
      if (!terms.length) return [];
      try {
        return idx.query(function (q) {
          terms.forEach(function (term) {
            q.term(term, { boost: 10 });
            if (term.length > 1) {
              q.term(term, { usePipeline: false, wildcard: window.lunr.Query.wildcard.TRAILING, boost: 2 });
            }
          });
        }).slice(0, 12);
      } catch (e) {
        return [];
      }
    }

    function firstPosition(result) {
      var best = null;
      var metadata = result.matchData.metadata;
      Object.keys(metadata).forEach(function (term) {
        var text = metadata[term].text;
        if (text && text.position) {
          text.position.forEach(function (p) { if (!best || p[0] < best[0]) best = p; });
        }
      });
      return best;
    }

    function snippet(doc, position) {
      var el = document.createElement("span");
      el.className = "result-snippet";
      var text = doc.text || "";
      if (!position) {
        el.textContent = text.slice(0, 140) + (text.length > 140 ? "…" : "");
        return el;
      }
      var start = Math.max(0, position[0] - 60);
      var end = Math.min(text.length, position[0] + position[1] + 90);
      if (start > 0) { var space = text.indexOf(" ", start); if (space > 0 && space < position[0]) start = space + 1; }
      el.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, position[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(position[0], position[0] + position[1]);
      el.appendChild(mark);
      el.appendChild(document.createTextNode(text.slice(position[0] + position[1], end) + (end < text.length ? "…" : "")));
      return el;
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

    function setActive(i) {
      var all = links();
      all.forEach(function (a) { a.classList.remove("active"); a.removeAttribute("aria-current"); });
      active = i;
      if (i >= 0 && all[i]) {
        all[i].classList.add("active");
        all[i].focus();
      }
    }

    function open() { panel.hidden = false; }
    function close() { panel.hidden = true; active = -1; }

    function render() {
      var queryText = input.value.trim();
      list.textContent = "";
      active = -1;
      if (!queryText) { close(); return; }
      var results = find(queryText);
      status.textContent = results.length
        ? results.length + (results.length === 1 ? " result" : " results") + " for “" + queryText + "”"
        : "No results for “" + queryText + "”";
      results.forEach(function (result) {
        var doc = docs[Number(result.ref)];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = doc.href;
        var title = document.createElement("span");
        title.className = "result-title";
        title.textContent = doc.title;
        a.appendChild(title);
        a.appendChild(snippet(doc, firstPosition(result)));
        li.appendChild(a);
        list.appendChild(li);
      });
      open();
    }

    input.addEventListener("focus", buildIndex);
    input.addEventListener("input", render);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && links().length) { event.preventDefault(); setActive(0); }
      else if (event.key === "Enter" && links().length) { event.preventDefault(); links()[0].click(); }
      else if (event.key === "Escape") {
        if (!panel.hidden) { event.stopPropagation(); close(); }
        else if (input.value) { input.value = ""; }
        else { input.blur(); }
      }
    });
    list.addEventListener("keydown", function (event) {
      var all = links();
      if (event.key === "ArrowDown") { event.preventDefault(); setActive(Math.min(active + 1, all.length - 1)); }
      else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (active <= 0) { setActive(-1); input.focus(); } else { setActive(active - 1); }
      }
      else if (event.key === "Escape") { event.preventDefault(); close(); input.focus(); }
      else if (event.key === "Home") { event.preventDefault(); setActive(0); }
      else if (event.key === "End") { event.preventDefault(); setActive(all.length - 1); }
    });
    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) close();
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) close();
    });
    input.addEventListener("focus", function () { if (input.value.trim()) render(); });
    // Ctrl+K (⌘K on a Mac) goes to search. A bare letter or "/" would be a trap for
    // screen-reader and speech users, whose own keys reach the page (WCAG 2.1.4).
    document.addEventListener("keydown", function (event) {
      if ((event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  function start() {
    setupTheme();
    setupNav();
    setupCallouts();
    setupTables();
    setupCopy();
    setupScrollers();
    setupTocHighlight();
    setupSearch();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
