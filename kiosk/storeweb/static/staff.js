// Staff app page: live list from /staff/events, actions by fetch, alerts, offline banner.
// No framework and no build step; all text goes in with textContent (never as HTML).
"use strict";
(function () {
  const app = document.getElementById("app");
  if (!app) return;  // the sign-in page needs no script
  const T = JSON.parse(document.getElementById("i18n").textContent);
  const list = document.getElementById("requests");
  const banner = document.getElementById("offline");
  const csrf = app.dataset.csrf;
  const SILENCE_MS = 5000;  // no event for this long: the phone or the service is gone
  let skew = 0, lastEvent = Date.now(), items = [], seen = new Set(), first = true, audio = null;
  // When each request first reached the DOM (epoch ms): `python -m bench.staff` reads it
  // through selenium, so "visible on the phone" is measured in the browser, not guessed.
  const shownAt = window.staffShownAt = {};
  // Every alert this page rang (request id + why), for browser tests: the service decides
  // who is alerted (free associates first), the page only rings.
  const alerts = window.staffAlerts = [];
  const ETAS = [1, 2, 5];  // "On my way" picks, minutes (checked again by the service)

  const t = (key, values) => (T[key] || key).replace(/\{(\w+)\}/g, (_, k) => (values || {})[k] ?? "");
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  function age(created) {
    const minutes = Math.floor((Date.now() / 1000 + skew - created) / 60);
    return minutes < 1 ? t("age_now") : t("age_min", { n: minutes });
  }

  function actionsFor(r) {
    if (r.status === "open") return [["claim"]];
    return r.mine ? [...ETAS.map((n) => ["on-my-way", n]), ["delivered"], ["cannot-find"]] : [];
  }

  function card(r) {
    const li = el("li", "req " + r.status + (r.escalation ? " escalated" : "") + (r.priority ? " priority" : ""));
    li.dataset.requestId = r.id;
    li.append(el("div", "size", r.size));
    const what = el("div", "what");
    what.append(el("span", "product", r.product), " ", el("span", "colour", r.colour));
    li.append(what, el("div", "where", r.room), el("div", "age", age(r.created)));
    li.lastChild.dataset.created = r.created;
    if (r.off_floor && ["open", "claimed"].includes(r.status)) li.append(el("div", "off-floor", t("off_floor")));
    if (r.priority && r.status === "open") li.append(el("div", "again", t("asked_again")));
    if (r.escalation) {
      const who = ["floor_lead", "manager"].includes(r.notify) ? t("rung_" + r.notify) : r.notify;
      li.append(el("div", "level", t("escalated", { who })));
    }
    if (r.claimed_by) li.append(el("div", "who", r.mine ? t("mine") : t("claimed_by", { name: r.claimed_by })));
    if (r.note) li.append(el("div", "note", t("note_" + r.note.kind, { name: r.note.name, n: r.note.eta_min })));
    const actions = el("div", "actions");
    if (r.mine && r.status === "claimed") actions.append(el("div", "eta-label", t("on_my_way")));
    for (const [a, eta] of actionsFor(r)) {
      const form = el("form", eta ? "eta" : null);
      form.method = "post";
      form.action = "/staff/requests/" + encodeURIComponent(r.id) + "/" + a + (eta ? "?eta=" + eta : "");
      const button = el("button", null, eta ? t("on_my_way_min", { n: eta }) : t(a.replace(/-/g, "_")));
      button.type = "submit";
      button.dataset.action = a;
      if (eta) button.dataset.eta = eta;
      form.append(button);
      actions.append(form);
    }
    li.append(actions);
    return li;
  }

  function render() {
    const nodes = items.length ? items.map(card) : [el("li", "empty", t("empty"))];
    list.replaceChildren(...nodes);
    const now = Date.now();
    for (const r of items) if (!(r.id in shownAt)) shownAt[r.id] = now;
    const open = items.filter((r) => r.status === "open").length;
    document.title = (open ? "(" + open + ") " : "") + document.title.replace(/^\(\d+\) /, "");
    if (navigator.setAppBadge) navigator.setAppBadge(open).catch(() => {});
  }

  // Alert (sound + vibration together) when the service says this phone should ring: a new,
  // escalated or asked-again open request for a free associate, or for the whole zone once
  // nobody free took it.  A request not (yet) for me rings later if it becomes mine to hear.
  function alertIfNew() {
    let fresh = false;
    for (const r of items) {
      const key = r.id + ":" + r.escalation + ":" + r.priority;
      if (r.status !== "open" || !r.alert || seen.has(key)) continue;
      seen.add(key);
      if (!first) { fresh = true; alerts.push(key); }
    }
    if (fresh) {
      if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
      chime();
    }
    first = false;
  }

  function chime() {
    if (!audio) return;  // browsers allow sound only after a tap on the page
    const osc = audio.createOscillator(), gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.3, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.6);
  }

  document.addEventListener("pointerdown", () => {
    if (audio || !window.AudioContext) return;
    audio = new AudioContext();
    document.getElementById("sound-hint").hidden = true;
  }, { once: true });

  function toast(text) {
    let node = document.getElementById("toast");
    if (!node) {
      node = el("p", "toast");
      node.id = "toast";
      node.setAttribute("role", "status");
      app.prepend(node);
    }
    node.textContent = text;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => node.remove(), 4000);
  }

  function online(up) {
    banner.hidden = up;
    document.body.classList.toggle("is-offline", !up);
  }

  function connect() {
    const source = new EventSource("/staff/events");
    source.addEventListener("list", (e) => {
      const data = JSON.parse(e.data);
      lastEvent = Date.now();
      skew = data.now - Date.now() / 1000;
      items = data.requests;
      render();
      alertIfNew();
      online(data.broker);
    });
    source.addEventListener("ping", (e) => {
      const data = JSON.parse(e.data);
      lastEvent = Date.now();
      skew = data.now - Date.now() / 1000;
      online(data.broker);
    });
    source.addEventListener("signedout", () => { source.close(); location.reload(); });
    source.onerror = () => online(false);  // EventSource reconnects by itself (retry: 2 s)
  }

  // Actions go by fetch so the list stays put; the server answers 202 and the change
  // arrives as an event once the mirror has decided (first claim wins there).
  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (!form.action.includes("/staff/requests/")) return;
    e.preventDefault();
    for (const b of form.querySelectorAll("button")) b.disabled = true;
    fetch(form.action, { method: "POST", headers: { "X-CSRF-Token": csrf, Accept: "application/json" },
                         credentials: "same-origin" })
      .then((r) => r.json().then((body) => ({ ok: r.ok, status: r.status, body })))
      .then(({ ok, status, body }) => {
        if (status === 401) location.reload();
        else if (!ok) toast(t("refused", { why: body.message }));
      })
      .catch(() => online(false));
  });

  setInterval(() => {
    if (Date.now() - lastEvent > SILENCE_MS) online(false);
    for (const node of list.querySelectorAll(".age")) node.textContent = age(Number(node.dataset.created));
  }, 1000);

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/staff/sw.js", { scope: "/staff" }).catch(() => {});
  }
  connect();
})();
