// Read-aloud ("Voorlezen") for the family portal (portal/templatetags/readaloud.py).
// The browser's own speech synthesis reads when it has a voice for the page's language; otherwise the audio the
// server makes with espeak-ng plays (data-readaloud-audio). Nothing goes to anyone else. Buttons: read, pause or
// go on, stop; the status line (role="status") says what happens.
(function () {
  "use strict";

  var SKIP = "script, style, svg, nav, template, select, textarea, noscript, header, [hidden], [aria-hidden='true'], [data-readaloud]";
  var BREAK = /^(P|H[1-6]|LI|DT|DD|TR|TD|TH|LABEL|LEGEND|DIV|SECTION|ARTICLE|BLOCKQUOTE|CAPTION|FIGCAPTION|BR|UL|OL|DL|TABLE|Q)$/;
  var synth = window.speechSynthesis || null;
  var current = null; // the controls now reading

  function pageLanguage() {
    return (document.documentElement.lang || "nl").toLowerCase().split("-")[0];
  }

  function browserVoice() {
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return null;
    var lang = pageLanguage();
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().split(/[-_]/)[0] === lang) return voices[i];
    }
    return null;
  }

  // The same text the server would read: headings, paragraphs and list items, one line each.
  function textOf(node, lines) {
    for (var child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        lines[lines.length - 1] += child.nodeValue;
      } else if (child.nodeType === 1 && !child.matches(SKIP)) {
        var breaks = BREAK.test(child.tagName);
        if (breaks) lines.push("");
        textOf(child, lines);
        if (breaks) lines.push("");
      }
    }
    return lines;
  }

  function chunks(target) {
    return textOf(target, [""])
      .map(function (line) { return line.replace(/\s+/g, " ").trim(); })
      .filter(function (line) { return line.length > 0; })
      .map(function (line) { return /[.!?:;…]$/.test(line) ? line : line + "."; });
  }

  function Controls(root) {
    this.root = root;
    this.play = root.querySelector("[data-readaloud-play]");
    this.pause = root.querySelector("[data-readaloud-pause]");
    this.pauseLabel = root.querySelector("[data-readaloud-pause-label]");
    this.stop = root.querySelector("[data-readaloud-stop]");
    this.status = root.querySelector("[data-readaloud-status]");
    this.audio = null;
    this.mode = null; // "browser" or "server"
    this.paused = false;
    var target = root.getAttribute("data-readaloud-target");
    this.target = target === "page" ? document.getElementById("main")
      : document.querySelector("[data-readaloud-block='" + target + "']");
    this.play.addEventListener("click", this.start.bind(this));
    this.pause.addEventListener("click", this.togglePause.bind(this));
    this.stop.addEventListener("click", this.end.bind(this, "stopped"));
    root.hidden = false;
  }

  Controls.prototype.say = function (key) {
    this.status.textContent = this.root.getAttribute("data-text-" + key) || "";
  };

  Controls.prototype.playing = function (on) {
    this.pause.hidden = !on;
    this.stop.hidden = !on;
    this.paused = false;
    this.pauseLabel.textContent = this.root.getAttribute("data-text-pause");
  };

  Controls.prototype.start = function () {
    if (current && current !== this) current.end("stopped");
    current = this;
    this.end(null);
    var voice = browserVoice();
    if (voice && this.target) {
      this.mode = "browser";
      this.root.setAttribute("data-readaloud-mode", "browser");
      var self = this;
      var lines = chunks(this.target);
      lines.forEach(function (line, index) {
        var utterance = new window.SpeechSynthesisUtterance(line);
        utterance.voice = voice;
        utterance.lang = voice.lang;
        if (index === lines.length - 1) utterance.onend = function () { self.finished(); };
        synth.speak(utterance);
      });
    } else if (this.root.hasAttribute("data-readaloud-audio")) {
      this.mode = "server";
      this.root.setAttribute("data-readaloud-mode", "server");
      if (!this.audio) {
        this.audio = document.createElement("audio");
        this.audio.preload = "none";
        this.audio.addEventListener("ended", this.finished.bind(this));
        this.audio.addEventListener("error", this.failed.bind(this));
        this.root.appendChild(this.audio);
      }
      this.audio.src = this.root.getAttribute("data-readaloud-audio");
      var playing = this.audio.play();
      if (playing && playing.catch) playing.catch(this.failed.bind(this));
    } else {
      this.failed();
      return;
    }
    this.playing(true);
    this.say("reading");
  };

  Controls.prototype.togglePause = function () {
    if (this.mode === "browser") {
      if (this.paused) synth.resume(); else synth.pause();
    } else if (this.audio) {
      if (this.paused) this.audio.play(); else this.audio.pause();
    }
    this.paused = !this.paused;
    this.pauseLabel.textContent = this.root.getAttribute(this.paused ? "data-text-resume" : "data-text-pause");
    this.say(this.paused ? "paused" : "reading");
  };

  Controls.prototype.end = function (why) {
    if (this.mode === "browser" && synth) synth.cancel();
    if (this.audio) {
      this.audio.pause();
      this.audio.currentTime = 0;
    }
    this.mode = null;
    this.playing(false);
    if (why) this.say(why);
    if (why) this.play.focus();
  };

  Controls.prototype.finished = function () {
    if (!this.mode) return; // an utterance ended by "stop"
    this.mode = null;
    this.playing(false);
    this.say("done");
  };

  Controls.prototype.failed = function () {
    this.mode = null;
    this.playing(false);
    this.say("failed");
  };

  function init() {
    if (synth) synth.getVoices(); // voices load lazily in some browsers; ask early
    var roots = document.querySelectorAll("[data-readaloud]");
    for (var i = 0; i < roots.length; i++) new Controls(roots[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
