/*
 * Served mode only: ./jbang serve adds this script to the pages it serves
 * (the static site never loads it). One WebSocket per page to the server:
 *  - "reload": this page was rebuilt, so it reloads;
 *  - "errors": the last build failed; the problems show over the page, which
 *    stays as it was until a build succeeds;
 *  - Run buttons: each block asks the server for a fresh run (by the block's
 *    id; the server knows which script and arguments that is) and its output
 *    streams in, line by line, then the exit status and the time; the run's
 *    timeline streams into the block's replay player (replay.js) as it goes;
 *  - the live box of the Update mechanism page (live::polling-vs-push[]).
 */
(function () {
  "use strict";
  var match = /(?:^|\s)page-(\S+)/.exec(document.body.className);
  var page = match ? match[1] : "";
  var socket = null;
  var runs = {};          // run id -> the block's output elements
  var runCount = 0;
  var overlay = null;
  var hidden = false;     // the page was left (it may sit in the back/forward cache)
  var closers = [];       // what to close when the page is left

  function wsUrl(path) {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function connect() {
    socket = new WebSocket(wsUrl("/_serve/ws"));
    socket.onopen = function () {
      document.documentElement.classList.remove("serve-offline");
      send({ type: "hello", page: page });
    };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "reload") {
        if (message.pages.indexOf("*") >= 0 || message.pages.indexOf(page) >= 0) location.reload();
      } else if (message.type === "errors") {
        showErrors(message.errors);
      } else if (message.type === "run") {
        runEvent(message);
      }
    };
    socket.onclose = function () {
      Object.keys(runs).forEach(function (id) { finish(id, null, "", "the connection to the server closing"); });
      if (hidden) return;
      document.documentElement.classList.add("serve-offline");
      setTimeout(function () { if (!hidden) connect(); }, 1000); // the server may be restarting
    };
  }

  // ---- build errors ----------------------------------------------------------------
  function showErrors(errors) {
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.className = "serve-overlay";
      overlay.setAttribute("role", "alert");
      document.body.appendChild(overlay);
    }
    overlay.innerHTML = "";
    var head = document.createElement("h2");
    head.textContent = "The build failed: this page is the last good one";
    var list = document.createElement("pre");
    list.textContent = errors.join("\n\n");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "serve-overlay-close";
    close.textContent = "Hide";
    close.addEventListener("click", function () { overlay.hidden = true; });
    overlay.append(head, list, close);
    overlay.hidden = false;
  }

  // ---- Run buttons -------------------------------------------------------------------
  function setupRunButtons() {
    document.querySelectorAll(".jbang-block[id]").forEach(function (block) {
      var output = block.querySelector(".jbang-output");
      var head = output && output.querySelector(".jbang-output-head");
      if (!head) return;
      var run = button("Run", "serve-run");
      var stop = button("Stop", "serve-stop");
      stop.hidden = true;
      head.appendChild(run);
      head.appendChild(stop);
      // Streamed lines are not read one by one: this polite region sums them up now and then.
      var status = document.createElement("p");
      status.className = "visually-hidden serve-status";
      status.setAttribute("role", "status");
      output.appendChild(status);
      var state = { block: block, output: output, run: run, stop: stop, status: status, id: null };
      run.addEventListener("click", function () { start(state); });
      stop.addEventListener("click", function () { if (state.id) send({ type: "stop", id: state.id }); });
    });
  }

  function button(label, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "serve-button " + cls;
    b.textContent = label;
    return b;
  }

  function start(state) {
    var id = "r" + (++runCount);
    state.id = id;
    runs[id] = state;
    var out = state.output;
    out.querySelectorAll("pre.jbang-stdout, pre.jbang-stderr, pre.serve-live").forEach(function (pre) { pre.hidden = true; });
    var live = out.querySelector("pre.serve-live");
    if (!live) {
      live = document.createElement("pre");
      live.className = "serve-live";
      out.appendChild(live);
    }
    live.textContent = "";
    live.hidden = false;
    state.live = live;
    state.started = performance.now();
    out.setAttribute("data-live", "running");
    out.removeAttribute("data-exit");
    out.setAttribute("data-cached", "false");
    out.querySelector(".jbang-exit").textContent = "running…";
    out.querySelector(".jbang-time").textContent = "";
    var hadFocus = document.activeElement === state.run;
    state.run.hidden = true;
    state.stop.hidden = false;
    if (hadFocus) state.stop.focus();
    state.lines = 0;
    state.lastLine = "";
    state.told = performance.now();
    state.status.textContent = "Running.";
    startReplay(state);
    send({ type: "run", block: state.block.id, id: id });
  }

  function runEvent(message) {
    var state = runs[message.id];
    if (!state) return;
    if (message.event === "line") {
      var line = document.createElement("span");
      line.className = message.stream === "err" ? "serve-line serve-err" : "serve-line";
      line.setAttribute("data-t", Math.round(performance.now() - state.started));
      line.textContent = message.text + "\n";
      state.live.appendChild(line);
      state.lines++;
      state.lastLine = message.text;
      if (performance.now() - state.told > 5000) { // at most one summary every 5 s
        state.told = performance.now();
        state.status.textContent = state.lines + " lines so far. Latest: " + message.text;
      }
      replayEvent(state, message);
    } else if (message.event === "timeline" || message.event === "omitted") {
      replayEvent(state, message);
    } else if (message.event === "started") {
      state.started = performance.now();
    } else if (message.event === "ended") {
      finish(message.id, message.exit, message.time, message.endedBy);
    } else if (message.event === "refused") {
      finish(message.id, null, "", message.reason || "the server refused to run it");
    }
  }

  function finish(id, exit, time, endedBy) {
    var state = runs[id];
    if (!state) return;
    delete runs[id];
    state.id = null;
    var out = state.output;
    out.setAttribute("data-live", "ended");
    out.setAttribute("data-exit", exit === null ? "-1" : String(exit));
    out.querySelector(".jbang-exit").textContent = exit === null ? "not run" : exit < 0 ? "ended" : "exit " + exit;
    out.querySelector(".jbang-time").textContent = time || "";
    if (endedBy) {
      var note = document.createElement("span");
      note.className = "serve-line serve-note";
      note.textContent = "[ended by " + endedBy + "]\n";
      state.live.appendChild(note);
    }
    var hadFocus = document.activeElement === state.stop;
    state.run.hidden = false;
    state.stop.hidden = true;
    if (hadFocus) state.run.focus();
    state.status.textContent = "Finished: " + out.querySelector(".jbang-exit").textContent +
      (time ? ", " + time : "") + ", " + (state.lines || 0) + " lines" +
      (state.lastLine ? ". Last: " + state.lastLine : "") + (endedBy ? ". Ended by " + endedBy : "") + ".";
    endReplay(state, endedBy);
  }

  // ---- the run's replay, live ------------------------------------------------------------
  function startReplay(state) {
    state.replay = window.BookReplay ? window.BookReplay.live(state.block) : null;
  }

  function replayEvent(state, message) {
    if (!state.replay) return;
    if (message.event === "line") state.replay.line({ t: message.t, stream: message.stream, text: message.text });
    else if (message.event === "timeline") state.replay.event(message.e);
    else if (message.event === "omitted") state.replay.omitted({ events: message.events, bytes: message.bytes });
  }

  function endReplay(state, endedBy) {
    if (state.replay) state.replay.end(endedBy);
    state.replay = null;
  }

  // ---- live::polling-vs-push[] ---------------------------------------------------------
  function setupPollingVsPush(box) {
    box.innerHTML = "";
    box.classList.add("live-on");
    var intro = document.createElement("p");
    intro.className = "live-intro";
    intro.textContent = "One stream of events from this server, received three ways at once. " +
      "An event comes every 0.3 to 1.5 s; the page polls once a second.";
    box.appendChild(intro);
    // It updates by itself without end, so it can be paused (WCAG 2.2.2); counting goes on meanwhile.
    var paused = false;
    var refreshers = [];
    var received = 0;
    var pause = button("Pause updates", "live-pause");
    pause.setAttribute("aria-pressed", "false");
    pause.addEventListener("click", function () {
      paused = !paused;
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      pause.textContent = paused ? "Resume updates" : "Pause updates";
      if (!paused) refreshers.forEach(function (refresh) { refresh(); });
    });
    box.appendChild(pause);
    var grid = document.createElement("div");
    grid.className = "live-grid";
    box.appendChild(grid);

    function column(title, note) {
      var col = document.createElement("div");
      col.className = "live-column";
      col.innerHTML = "<h4></h4><p class=\"live-note\"></p><dl>" +
        "<dt>HTTP requests</dt><dd data-k=\"requests\">0</dd>" +
        "<dt>empty answers</dt><dd data-k=\"empty\">0</dd>" +
        "<dt>events</dt><dd data-k=\"events\">0</dd>" +
        "<dt>last latency</dt><dd data-k=\"last\">–</dd>" +
        "<dt>mean latency</dt><dd data-k=\"mean\">–</dd></dl><ol class=\"live-log\"></ol>";
      col.querySelector("h4").textContent = title;
      col.querySelector(".live-note").textContent = note;
      grid.appendChild(col);
      var counts = { requests: 0, empty: 0, events: 0, total: 0, last: null, log: [] };
      function show() {
        if (paused) return;
        ["requests", "empty", "events"].forEach(function (k) {
          col.querySelector("[data-k=" + k + "]").textContent = counts[k];
        });
        if (counts.last !== null) {
          col.querySelector("[data-k=last]").textContent = counts.last + " ms";
          col.querySelector("[data-k=mean]").textContent = Math.round(counts.total / counts.events) + " ms";
        }
        var log = col.querySelector(".live-log");
        log.textContent = "";
        counts.log.forEach(function (text) {
          var item = document.createElement("li");
          item.textContent = text;
          log.appendChild(item);
        });
      }
      refreshers.push(show);
      return {
        request: function () { counts.requests++; show(); },
        empty: function () { counts.empty++; show(); },
        event: function (e) {
          var late = Math.max(0, Date.now() - e.t);
          counts.events++;
          counts.total += late;
          counts.last = late;
          box.setAttribute("data-events", String(++received)); // counted, shown or not
          counts.log.unshift("event " + e.id + " · " + late + " ms late");
          if (counts.log.length > 5) counts.log.length = 5;
          show();
        }
      };
    }

    var polling = column("Polling", "GET /_serve/live/poll every second: a full request each time, news or not.");
    var sse = column("Server-Sent Events", "One GET to /_serve/live/sse; the answer never ends, an event per chunk.");
    var ws = column("WebSocket", "One upgrade to /_serve/live; then each event is one small frame.");

    var after = -1;
    function poll() {
      polling.request();
      fetch("/_serve/live/poll?after=" + Math.max(after, 0), { cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          if (after < 0) { // the first answer only says where the stream is
            answer.events.forEach(function (e) { after = Math.max(after, e.id); });
            if (after < 0) after = 0;
            return;
          }
          if (answer.events.length === 0) polling.empty();
          answer.events.forEach(function (e) { after = Math.max(after, e.id); polling.event(e); });
        })
        .catch(function () {})
        .then(function () { setTimeout(poll, 1000); });
    }
    poll();

    var source = new EventSource("/_serve/live/sse");
    closers.push(function () { source.close(); });
    source.onopen = function () { sse.request(); };
    source.onmessage = function (event) { sse.event(JSON.parse(event.data)); };

    var feed = new WebSocket(wsUrl("/_serve/live"));
    closers.push(function () { feed.close(1000, "page left"); });
    feed.onopen = function () { ws.request(); };
    feed.onmessage = function (event) { ws.event(JSON.parse(event.data)); };
  }

  function setupLive() {
    document.querySelectorAll(".live-widget[data-live=polling-vs-push]").forEach(setupPollingVsPush);
  }

  // A page that is left closes its sockets at once, so the server ends its runs: a page kept
  // in the back/forward cache would otherwise hold them open, its runs going on unseen.
  window.addEventListener("pagehide", function () {
    hidden = true;
    if (socket) socket.close(1000, "page left");
    closers.forEach(function (close) { close(); });
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) location.reload(); // back from the cache: start afresh
  });

  setupRunButtons();
  setupLive();
  connect();
})();
