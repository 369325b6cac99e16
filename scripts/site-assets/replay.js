/*
 * Replay: a player beside each block whose run went through a wire tap. The
 * run's timeline is inline JSON in the page (<script type="application/json"
 * class="replay-data">, written by the build), so this classic script works
 * from file:// with no server. It draws the sequence diagram from the same
 * events, plays them at a chosen speed, and explains the selected event's
 * bytes field by field, each field with the RFC section that defines it.
 * Without JavaScript nothing here runs and the page reads as before.
 */
(function () {
  "use strict";

  // A reference is a spec and a section; the page's data says where each spec is read (data.links).
  function rfc(number, section) {
    return { text: "RFC " + number + " §" + section, spec: "rfc", path: "rfc" + number + "#section-" + section };
  }
  var SSE = { text: "HTML §9.2 (event streams)", spec: "sse", path: "" };
  var FIELDS = {
    "host": rfc(9110, "7.2"), "upgrade": rfc(9110, "7.8"), "connection": rfc(9110, "7.6.1"),
    "sec-websocket-key": rfc(6455, "11.3.1"), "sec-websocket-extensions": rfc(6455, "11.3.2"),
    "sec-websocket-accept": rfc(6455, "11.3.3"), "sec-websocket-protocol": rfc(6455, "11.3.4"),
    "sec-websocket-version": rfc(6455, "11.3.5"), "origin": rfc(6454, "7"),
    "content-length": rfc(9110, "8.6"), "content-type": rfc(9110, "8.3"), "transfer-encoding": rfc(9112, "6.1"),
    "cache-control": rfc(9111, "5.2"), "cookie": rfc(6265, "5.4"), "set-cookie": rfc(6265, "4.1"),
    "user-agent": rfc(9110, "10.1.5"), "server": rfc(9110, "10.2.4"), "date": rfc(9110, "6.6.1"),
    "accept": rfc(9110, "12.5.1"), "accept-encoding": rfc(9110, "12.5.3"), "content-encoding": rfc(9110, "8.4"),
    "range": rfc(9110, "14.2"), "accept-ranges": rfc(9110, "14.3"), "content-range": rfc(9110, "14.4"),
    "etag": rfc(9110, "8.8.3"), "if-none-match": rfc(9110, "13.1.2"), "last-modified": rfc(9110, "8.8.2"),
    "location": rfc(9110, "10.2.2"), "retry-after": rfc(9110, "10.2.3"), "vary": rfc(9110, "12.5.5"),
    "last-event-id": SSE
  };
  var OPCODES = { 0: "continuation", 1: "text", 2: "binary", 8: "close", 9: "ping", 10: "pong" };
  var TAP_KINDS = { CONNECT: 1, HEAD: 1, BODY: 1, FRAME: 1, END: 1, DROP: 1, LOST: 1 };
  var SPEEDS = [["0.25", "¼×"], ["0.5", "½×"], ["1", "1× (real time)"], ["2", "2×"], ["4", "4×"]];
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var players = 0;
  var MAX_LINES = 200; // output lines kept per block, as the builder keeps them

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    }
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (var name in attrs) node.setAttribute(name, attrs[name]);
    return node;
  }
  function bytesOf(base64) {
    var raw = atob(base64 || "");
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function hex(bytes, from, to) {
    var parts = [];
    for (var i = from || 0; i < (to === undefined ? bytes.length : to); i++) parts.push((bytes[i] < 16 ? "0" : "") + bytes[i].toString(16));
    return parts.join(" ");
  }
  function utf8(bytes) {
    return new TextDecoder("utf-8").decode(bytes);
  }
  function latin1(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }
  function ms(micros) {
    return (micros / 1000).toFixed(micros < 10000 ? 2 : 1) + " ms";
  }
  function seconds(micros) {
    return (micros / 1e6).toFixed(3) + " s";
  }
  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }
  function cut(text, n) {
    return text.length > n ? text.slice(0, n - 1) + "…" : text;
  }

  /**
   * One block's player, put into the page by place(section). A live player (BookReplay.live)
   * gets its events one by one through add(e) and follows the newest unless the reader stepped back.
   */
  function Player(place, block, data, isLive) {
    var id = "replay-" + (++players);
    var events = data.events;
    var taps, manyConnections, manyTaps, end;
    function derive() {
      taps = events.filter(function (e) { return TAP_KINDS[e.k]; });
      var connections = {};
      taps.forEach(function (e) { connections[e.tap + "/" + e.c] = true; });
      manyConnections = Object.keys(connections).length > 1;
      manyTaps = taps.some(function (e) { return e.tap !== taps[0].tap; });
      end = events.length ? events[events.length - 1].t : 0;
      taps.forEach(function (e) { if (e.fl) end = Math.max(end, e.t + e.fl); });
    }
    derive();
    function where(e) { return manyConnections ? (manyTaps ? "tap " + e.tap + " " : "") + "#" + e.c + " " : ""; }
    var state = { index: -1, time: 0, playing: false, last: 0, following: !!isLive };
    var name = block ? (block.querySelector(".jbang-source .title") || {}).textContent || "this block" : "this block";

    // --- the controls ---
    var prev = el("button", { type: "button", "class": "replay-prev", "aria-label": "Previous event", text: "◀︎ Prev" });
    var play = el("button", { type: "button", "class": "replay-play", "aria-label": "Play", text: "▶︎ Play" });
    var next = el("button", { type: "button", "class": "replay-next", "aria-label": "Next event", text: "Next ▶︎" });
    var speed = el("select", { "class": "replay-speed", id: id + "-speed" });
    SPEEDS.forEach(function (s) {
      var option = el("option", { value: s[0], text: s[1] });
      if (s[0] === "1") option.selected = true;
      speed.appendChild(option);
    });
    var scrub = el("input", { type: "range", "class": "replay-scrub", min: "0", max: String(end), step: "any", value: "0",
      "aria-label": "Time in the run" });
    var clock = el("output", { "class": "replay-clock", "for": id + "-scrub", text: seconds(0) + " / " + seconds(end) });
    scrub.id = id + "-scrub";
    var status = el("p", { "class": "replay-status", "aria-live": "polite" });

    // --- the diagram (drawn again when a live event comes) ---
    var W = 440, LEFT = 56, RIGHT = W - 56, ROW = 24, TOP = 34;
    var diagram = svg("svg", { role: "img" });
    var arrows, byEvent;
    function rowY(i) { return TOP + i * ROW; }
    function yAt(time) { // the diagram's time axis: linear between rows, so arrows slant by their time in flight
      if (!taps.length) return TOP;
      var i = 0;
      while (i + 1 < taps.length && taps[i + 1].t <= time) i++;
      if (time <= taps[0].t) return rowY(0);
      if (i + 1 >= taps.length) return rowY(i) + Math.min(ROW, ROW * (time - taps[i].t) / Math.max(1, taps[i].fl || 1));
      var span = taps[i + 1].t - taps[i].t;
      return rowY(i) + (span > 0 ? ROW * (time - taps[i].t) / span : 0);
    }
    function draw() {
      var height = TOP + Math.max(1, taps.length) * ROW + 16;
      diagram.textContent = "";
      diagram.setAttribute("viewBox", "0 0 " + W + " " + height);
      diagram.setAttribute("width", String(W));
      diagram.setAttribute("height", String(height));
      diagram.setAttribute("aria-label", "Sequence diagram of " + plural(taps.length, "tap event") + " between client and server; the current event is highlighted");
      [[LEFT, "client"], [RIGHT, "server"]].forEach(function (lane) {
        diagram.appendChild(svg("line", { x1: lane[0], y1: 22, x2: lane[0], y2: height - 4, "class": "replay-lifeline" }));
        var label = svg("text", { x: lane[0], y: 14, "class": "replay-lane", "text-anchor": "middle" });
        label.textContent = lane[1];
        diagram.appendChild(label);
      });
      var defs = svg("defs", {});
      var marker = svg("marker", { id: id + "-head", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "9", markerHeight: "9", markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" });
      marker.appendChild(svg("path", { d: "M0,0 L10,5 L0,10 z", "class": "replay-head" }));
      defs.appendChild(marker);
      diagram.appendChild(defs);
      arrows = taps.map(arrow);
      byEvent = {};
      arrows.forEach(function (a) { byEvent[a.getAttribute("data-event")] = a; });
      scrub.max = String(end);
    }
    function arrow(e, i) {
      var up = e.d === "up";
      var from = up ? LEFT : RIGHT, to = up ? RIGHT : LEFT;
      var y1 = rowY(i), y2 = Math.max(y1, e.fl ? yAt(e.t + e.fl) : y1);
      if (e.k === "DROP" || e.k === "LOST") to = (LEFT + RIGHT) / 2;
      var group = svg("g", { "class": "replay-arrow kind-" + e.k.toLowerCase() + (up ? " up" : " down"), "data-event": String(events.indexOf(e)) });
      group.appendChild(svg("line", { x1: from, y1: y1, x2: to, y2: y2, "marker-end": "url(#" + id + "-head)" }));
      var text = svg("text", { x: (LEFT + RIGHT) / 2, y: Math.min(y1, y2) + (y2 - y1) / 2 - 4, "text-anchor": "middle" });
      text.textContent = where(e) + label(e);
      group.appendChild(text);
      group.addEventListener("click", function () { stop(); select(events.indexOf(e)); });
      diagram.appendChild(group);
      return group;
    }
    draw();
    // focusable, so that a diagram taller than its box scrolls by keyboard too
    // every landmark's name names its player, so that a page with several players keeps them apart
    var which = " (" + id.replace("-", " ") + " of this page)";
    var diagramBox = el("div", { "class": "replay-diagram", role: "region", "aria-label": "Sequence diagram" + which, tabindex: "0" }, [diagram]);

    // --- the inspector and the output so far ---
    var inspector = el("div", { "class": "replay-inspector", role: "region", "aria-label": "Inspector: the selected event" + which, tabindex: "0" });
    var printed = el("pre", { "class": "replay-printed", tabindex: "0" });

    var note = el("p", { "class": "replay-note" });
    function noteText() {
      var omitted = data.omitted || {};
      var notes = [];
      if (omitted.events) notes.push("the tap saw " + plural(omitted.events, "more event") + " (" + omitted.bytes + " B) after the first " + taps.length + ", left out here");
      if (omitted.lines) notes.push(plural(omitted.lines, "more output line") + " left out");
      notes.push("payloads and heads show at most their first " + data.maxBytes + " bytes");
      note.textContent = plural(taps.length, "tap event") + " and " + (events.length - taps.length) + " output lines and figures"
        + ", timed from the first; " + notes.join("; ") + ".";
    }
    noteText();
    var section = el("section", { "class": "replay", id: id, "aria-label": (isLive ? "Live replay of the run of " : "Replay of the run of ") + name + which }, [
      el("p", { "class": "replay-title", text: isLive ? "Replay of this run, live" : "Replay of this run" }),
      note,
      el("div", { "class": "replay-controls", role: "group", "aria-label": "Replay controls" }, [
        prev, play, next, el("label", { "for": id + "-speed", text: "Speed" }), speed, scrub, clock]),
      status,
      el("div", { "class": "replay-panes" }, [diagramBox, inspector]),
      el("div", { "class": "replay-output", role: "region", "aria-label": "Printed by this moment" + which }, [
        el("p", { "class": "replay-output-title", text: "Printed by this moment" }), printed])
    ]);
    place(section);

    function label(e) {
      if (e.k === "FRAME") {
        var h = bytesOf(e.h), op = h[0] & 15;
        var p = unmasked(e);
        if (op === 8 && p.length >= 2) return "close " + ((p[0] << 8) | p[1]);
        return (OPCODES[op] || "opcode " + op) + " " + e.pn + " B" + ((h[0] & 128) ? "" : " (more follows)");
      }
      if (e.k === "HEAD") {
        var line = latin1(bytesOf(e.b)).split("\r\n")[0];
        return cut(line.replace(" HTTP/1.1", "").replace("HTTP/1.1 ", ""), 44);
      }
      if (e.k === "END") return /reset|cut/.test(e.s) ? "RST" : "FIN";
      if (e.k === "CONNECT") return "TCP open";
      return cut(e.s, 44);
    }
    function unmasked(e) {
      var h = bytesOf(e.h), p = bytesOf(e.p);
      if (!(h[1] & 128)) return p;
      var key = h.subarray(h.length - 4), out = new Uint8Array(p.length);
      for (var i = 0; i < p.length; i++) out[i] = p[i] ^ key[i % 4];
      return out;
    }

    // --- time and selection ---
    function indexAt(time) {
      var i = -1;
      while (i + 1 < events.length && events[i + 1].t <= time) i++;
      return i;
    }
    function show() {
      var e = events[state.index];
      scrub.value = String(state.time);
      var where = seconds(state.time) + " / " + seconds(end);
      clock.textContent = where;
      scrub.setAttribute("aria-valuetext", where + (e ? ", event " + (state.index + 1) + " of " + events.length + ": " + describe(e) : ", before the first event"));
      section.setAttribute("data-index", String(state.index));
      arrows.forEach(function (a) {
        var i = Number(a.getAttribute("data-event"));
        a.setAttribute("class", a.getAttribute("class").replace(/ is-(past|current|future)/g, "")
          + (i === state.index ? " is-current" : i < state.index ? " is-past" : " is-future"));
      });
      var current = byEvent[state.index];
      if (current) {
        var y = Number(current.firstChild.getAttribute("y1"));
        var box = diagramBox;
        if (y < box.scrollTop + 20 || y > box.scrollTop + box.clientHeight - 20) box.scrollTop = Math.max(0, y - box.clientHeight / 2);
      }
      inspect(e);
      var lines = [];
      for (var i = 0; i <= state.index; i++) {
        var x = events[i];
        if (x.k === "OUT") lines.push(x.s);
        if (x.k === "ERR") lines.push("[stderr] " + x.s);
        if (x.k === "FIGURE") lines.push("[figure] " + x.s);
      }
      printed.textContent = lines.join("\n");
      printed.scrollTop = printed.scrollHeight;
      prev.disabled = state.index < 0;
      next.disabled = state.index >= events.length - 1;
    }
    function describe(e) {
      if (TAP_KINDS[e.k]) return where(e) + (e.d === "up" ? "client to server, " : "server to client, ") + label(e);
      return (e.k === "OUT" ? "printed: " : e.k === "ERR" ? "printed on stderr: " : "figure published: ") + (e.s === "" ? "(an empty line)" : cut(e.s, 80));
    }
    function select(i) {
      state.index = Math.max(-1, Math.min(events.length - 1, i));
      if (isLive) state.following = state.index === events.length - 1; // back at the newest: follow again
      state.time = state.index < 0 ? 0 : events[state.index].t;
      show();
      status.textContent = state.index < 0 ? "Before the first event." : "Event " + (state.index + 1) + " of " + events.length + ": " + describe(events[state.index]);
    }
    function stop() {
      state.playing = false;
      play.textContent = "▶︎ Play";
      play.setAttribute("aria-label", "Play");
      section.removeAttribute("data-playing");
    }
    function tick(now) {
      if (!state.playing) return;
      var step = (now - state.last) * 1000 * Number(speed.value);
      state.last = now;
      state.time = Math.min(end, state.time + step);
      state.index = indexAt(state.time);
      show();
      if (state.time >= end) {
        stop();
        section.setAttribute("data-ended", "true");
        status.textContent = "Played to the end: " + plural(events.length, "event") + ".";
        return;
      }
      window.requestAnimationFrame(tick);
    }
    play.addEventListener("click", function () {
      if (state.playing) { stop(); status.textContent = "Paused at " + seconds(state.time) + "."; return; }
      if (state.time >= end) { state.time = 0; state.index = -1; }
      section.removeAttribute("data-ended");
      state.playing = true;
      section.setAttribute("data-playing", "true");
      play.textContent = "❚❚ Pause";
      play.setAttribute("aria-label", "Pause");
      status.textContent = "Playing at " + speed.options[speed.selectedIndex].text + ".";
      state.last = performance.now();
      window.requestAnimationFrame(tick);
    });
    prev.addEventListener("click", function () { stop(); select(state.index - 1); });
    next.addEventListener("click", function () { stop(); select(state.index + 1); });
    scrub.addEventListener("input", function () {
      stop();
      state.following = false;
      state.time = Number(scrub.value);
      state.index = indexAt(state.time);
      show();
    });
    section.addEventListener("keydown", function (ev) {
      var tag = ev.target.tagName;
      if (tag === "SELECT" || tag === "INPUT" || ev.altKey || ev.ctrlKey || ev.metaKey) return;
      if (ev.key === "ArrowLeft" || ev.key === ",") { ev.preventDefault(); prev.click(); }
      if (ev.key === "ArrowRight" || ev.key === ".") { ev.preventDefault(); next.click(); }
    });

    // --- the inspector ---
    function inspect(e) {
      inspector.textContent = "";
      if (!e) {
        inspector.appendChild(el("p", { text: "Press Play, or Next, to follow the run; click an arrow in the diagram to read its bytes." }));
        return;
      }
      var head = el("p", { "class": "replay-when" }, [
        el("strong", { text: describe(e) }), " at " + ms(e.t) + (e.fl ? ", then " + ms(e.fl) + " in flight (the tap's delay)" : "")
          + (e.n ? ", " + e.n + " B on the wire" : "")]);
      inspector.appendChild(head);
      var rows = [];
      if (e.k === "FRAME") rows = frameRows(e);
      else if (e.k === "HEAD") rows = headRows(e);
      else if (e.k === "BODY") rows = bodyRows(e);
      else if (e.k === "CONNECT") rows = [["", "TCP connection", "opened by the client; the tap opened one to the server", rfc(9293, "3.5"), "connect"]];
      else if (e.k === "END") rows = [["", /reset|cut/.test(e.s) ? "RST" : "FIN", e.s, /reset|cut/.test(e.s) ? rfc(9293, "3.5.2") : rfc(9293, "3.6"), "end"]];
      else if (e.k === "DROP" || e.k === "LOST") rows = [["", "dropped", e.s, null, "drop"]];
      else rows = [["", e.k === "FIGURE" ? "figure" : e.k === "ERR" ? "stderr line" : "stdout line", e.s, null, "line"]];
      var table = el("table", { "class": "replay-fields" }, [
        el("caption", { text: "Fields of this event" }),
        el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "Bytes" }), el("th", { scope: "col", text: "Field" }),
          el("th", { scope: "col", text: "Value" }), el("th", { scope: "col", text: "Defined in" })])])]);
      var body = el("tbody");
      rows.forEach(function (r) {
        var base = r[3] && (data.links || {})[r[3].spec];
        var cite = !r[3] ? el("span", { text: "" }) : base ? el("a", { href: base + r[3].path, text: r[3].text }) : el("span", { text: r[3].text });
        var tr = el("tr", { "data-field": r[4] }, [el("td", { "class": "replay-bytes", text: r[0] }), el("th", { scope: "row", text: r[1] }),
          el("td", { "class": "replay-value", text: r[2] }), el("td", {}, [cite])]);
        body.appendChild(tr);
      });
      table.appendChild(body);
      inspector.appendChild(table);
      var wire = e.k === "FRAME" ? concat(bytesOf(e.h), bytesOf(e.p)) : e.b ? bytesOf(e.b) : null;
      if (wire && wire.length) {
        inspector.appendChild(el("p", { "class": "replay-hex-title", text: "The bytes as hex and text" + (wire.length < (e.k === "FRAME" ? bytesOf(e.h).length + e.pn : e.bn) ? " (the first " + wire.length + ")" : "") + ":" }));
        inspector.appendChild(el("pre", { "class": "replay-hex", tabindex: "0", text: dump(wire) }));
      }
    }
    function concat(a, b) {
      var out = new Uint8Array(a.length + b.length);
      out.set(a, 0);
      out.set(b, a.length);
      return out;
    }
    function dump(bytes) {
      var lines = [];
      for (var at = 0; at < bytes.length; at += 16) {
        var row = bytes.subarray(at, Math.min(bytes.length, at + 16)), text = "";
        for (var i = 0; i < row.length; i++) text += row[i] >= 32 && row[i] < 127 ? String.fromCharCode(row[i]) : ".";
        var h = hex(row);
        lines.push(("000" + at.toString(16)).slice(-4) + "  " + h + new Array(49 - h.length).join(" ") + "  " + text);
      }
      return lines.join("\n");
    }
    function frameRows(e) {
      var h = bytesOf(e.h), p = bytesOf(e.p), b0 = h[0], b1 = h[1], len7 = b1 & 127, op = b0 & 15;
      var s52 = rfc(6455, "5.2"), rows = [];
      var byte0 = "byte 0: " + hex(h, 0, 1), byte1 = "byte 1: " + hex(h, 1, 2);
      rows.push([byte0, "FIN", ((b0 >> 7) & 1) + (b0 & 128 ? " (the last frame of its message)" : " (more frames follow)"), s52, "fin"]);
      rows.push([byte0, "RSV1", String((b0 >> 6) & 1) + ((b0 & 64) ? " (an extension, e.g. permessage-deflate, RFC 7692)" : ""), s52, "rsv1"]);
      rows.push([byte0, "RSV2", String((b0 >> 5) & 1), s52, "rsv2"]);
      rows.push([byte0, "RSV3", String((b0 >> 4) & 1), s52, "rsv3"]);
      rows.push([byte0, "opcode", "0x" + op.toString(16) + " (" + (OPCODES[op] || "reserved") + ")", rfc(6455, op >= 8 ? "5.5" : "5.6"), "opcode"]);
      rows.push([byte1, "MASK", ((b1 >> 7) & 1) + (b1 & 128 ? " (client to server: masked)" : " (server to client: not masked)"), rfc(6455, "5.3"), "mask"]);
      var form = len7 < 126 ? "7-bit form" : len7 === 126 ? "16-bit form: 126, then 2 bytes" : "64-bit form: 127, then 8 bytes";
      rows.push([byte1, "payload length", (len7 < 126 ? len7 : len7) + " (" + form + ")", s52, "length7"]);
      var at = 2;
      if (len7 >= 126) {
        var size = len7 === 126 ? 2 : 8;
        rows.push(["bytes " + at + "–" + (at + size - 1) + ": " + hex(h, at, at + size), "extended payload length", e.pn + " (" + (size * 8) + "-bit)", s52, "length-extended"]);
        at += size;
      }
      if (b1 & 128) rows.push(["bytes " + at + "–" + (at + 3) + ": " + hex(h, at, at + 4), "masking key", hex(h, at, at + 4), rfc(6455, "5.3"), "key"]);
      var shown = p.length < e.pn ? " (first " + p.length + " of " + e.pn + " bytes)" : "";
      var plain = unmasked(e);
      if (b1 & 128) rows.push(["payload as sent", "payload, masked", hex(p) + shown, rfc(6455, "5.3"), "payload-masked"]);
      var text = op === 1 || op === 0 ? JSON.stringify(utf8(plain)) : op === 8 && plain.length >= 2
        ? "code " + ((plain[0] << 8) | plain[1]) + (plain.length > 2 ? " " + JSON.stringify(utf8(plain.subarray(2))) : "") : hex(plain);
      rows.push(["payload " + (b1 & 128 ? "unmasked" : "as sent"), "payload" + (b1 & 128 ? ", unmasked" : ""), text + shown,
        op === 8 ? rfc(6455, "7.4") : op === 1 ? rfc(6455, "5.6") : s52, "payload"]);
      return rows;
    }
    function headRows(e) {
      var raw = bytesOf(e.b), text = latin1(raw), lines = text.split("\r\n"), rows = [], at = 0;
      var complete = raw.length >= e.bn && /\r\n\r\n$/.test(text);
      lines.forEach(function (line, i) {
        var span = "bytes " + at + "–" + (at + line.length + 1);
        if (i === 0) {
          var request = !/^HTTP\//.test(line);
          rows.push([span, request ? "request line" : "status line", line, rfc(9112, request ? "3" : "4"), "start"]);
        } else if (line === "" && complete && i === lines.length - 2) {
          rows.push([span, "empty line", "CRLF: the head ends here", rfc(9112, "2.1"), "empty"]);
        } else if (line !== "" || i < lines.length - 1) {
          var colon = line.indexOf(":");
          var fieldName = colon > 0 ? line.slice(0, colon) : line;
          if (line !== "") rows.push([span, fieldName, colon > 0 ? line.slice(colon + 1).trim() : "", FIELDS[fieldName.toLowerCase()] || rfc(9110, "5"), "field"]);
        }
        at += line.length + 2;
      });
      if (e.bn > raw.length) rows.push(["", "left out", (e.bn - raw.length) + " more bytes of this head", null, "omitted"]);
      return rows;
    }
    function bodyRows(e) {
      var raw = bytesOf(e.b), rows = [];
      var stream = isEventStream(e);
      var chunk = /^chunk|^last chunk/.test(e.s);
      rows.push(["", chunk ? "chunk" : "body", e.s, chunk ? rfc(9112, "7.1") : rfc(9112, "6"), "body"]);
      if (stream) {
        utf8(raw).split("\n").forEach(function (line) {
          if (line === "") return;
          var colon = line.indexOf(":");
          var field = colon === 0 ? "comment" : colon > 0 ? line.slice(0, colon) : line;
          rows.push(["", "SSE " + field, colon >= 0 ? line.slice(colon + 1).trim() : "", SSE, "sse"]);
        });
      } else if (raw.length) {
        rows.push(["", "content", cut(utf8(raw), 200), null, "content"]);
      }
      if (e.bn > raw.length) rows.push(["", "left out", (e.bn - raw.length) + " more bytes of this body", null, "omitted"]);
      return rows;
    }
    function isEventStream(e) {
      for (var i = taps.indexOf(e) - 1; i >= 0; i--) {
        var x = taps[i];
        if (x.k === "HEAD" && x.tap === e.tap && x.c === e.c && x.d === e.d) return /content-type:\s*text\/event-stream/i.test(latin1(bytesOf(x.b)));
      }
      return false;
    }

    /** A live event: into its place in time, the newest one shown while the reader follows. */
    function add(e) {
      var at = events.length;
      while (at > 0 && events[at - 1].t > e.t) at--;
      events.splice(at, 0, e);
      if (at <= state.index) state.index++; // the reader's event stays selected
      derive();
      draw();
      noteText();
      if (state.following && !state.playing) {
        state.index = events.length - 1;
        state.time = events[state.index].t;
      }
      section.setAttribute("data-events", String(events.length));
      show();
    }
    /** The run ended: the player now holds its whole timeline. */
    function finish(why) {
      noteText();
      section.setAttribute("data-live", "ended");
      status.textContent = "The run ended" + (why ? " (" + why + ")" : "") + ": " + plural(events.length, "event") + ".";
    }

    show();
    section.setAttribute("data-events", String(events.length));
    if (isLive) section.setAttribute("data-live", "running");
    if (reducedMotion) section.setAttribute("data-reduced-motion", "true");
    var link = /^#(replay-\d+):(\d+)$/.exec(window.location.hash); // page.html#replay-2:7 opens player 2 at event 7
    if (link && link[1] === id) {
      select(Number(link[2]) - 1);
      section.scrollIntoView();
    }
    return { add: add, finish: finish };
  }

  /** Where the inspector's references point: the page's own timelines say (the builder writes them). */
  function pageLinks() {
    var first = document.querySelector("script.replay-data");
    try {
      return (first && JSON.parse(first.textContent).links) || {};
    } catch (e) {
      return {};
    }
  }

  /**
   * A player fed as a run goes (./jbang serve): event(e) takes a timeline event, its t in µs
   * from the run's start; line({t, stream, text}) an output line; omitted({events, bytes}) the
   * tap's last count of what it left out; end(why) the end. The block's old player goes at once,
   * since the block now shows the new run; the new one appears with the first tap event, as the
   * builder gives a player only to a run that used a tap.
   */
  function live(block) {
    var old = block.querySelector("section.replay");
    if (old) old.parentNode.removeChild(old);
    var anchor = block.querySelector("script.replay-data");
    var data = { events: [], maxBytes: 128, links: pageLinks(), omitted: {} };
    var player = null, pending = [], zero = null, lines = 0;
    function place(section) {
      if (anchor) anchor.parentNode.insertBefore(section, anchor.nextSibling);
      else (block.querySelector(".content") || block).appendChild(section);
    }
    function add(e) {
      if (zero === null) zero = e.t;
      if (e.t < zero) { // earlier than the first so far: the timeline starts there now
        var shift = zero - e.t;
        data.events.concat(pending).forEach(function (x) { x.t += shift; });
        zero = e.t;
      }
      e.t -= zero;
      if (player) { player.add(e); return; }
      var at = pending.length;
      while (at > 0 && pending[at - 1].t > e.t) at--;
      pending.splice(at, 0, e);
      if (TAP_KINDS[e.k]) {
        data.events = pending;
        pending = [];
        player = Player(place, block, data, true);
      }
    }
    return {
      event: function (e) { if (e && typeof e.t === "number" && typeof e.k === "string") add(e); },
      line: function (l) {
        if (lines++ >= MAX_LINES) { data.omitted.lines = lines - MAX_LINES; return; }
        add({ t: l.t, k: l.stream === "err" ? "ERR" : "OUT", s: l.text });
      },
      omitted: function (o) { data.omitted.events = o.events; data.omitted.bytes = o.bytes; },
      end: function (why) { if (player) player.finish(why); }
    };
  }
  window.BookReplay = { live: live };

  function placeAfter(node) {
    return function (section) { node.parentNode.insertBefore(section, node.nextSibling); };
  }

  function start() {
    var scripts = document.querySelectorAll("script.replay-data");
    for (var i = 0; i < scripts.length; i++) {
      var data;
      try {
        data = JSON.parse(scripts[i].textContent);
      } catch (e) {
        continue; // a damaged timeline: the block reads as it does without the player
      }
      if (data && data.events && data.events.length) Player(placeAfter(scripts[i]), scripts[i].closest(".jbang-block"), data, false);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
