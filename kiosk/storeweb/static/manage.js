// Back office: keep the mirrors' acknowledgements current on the catalogue page.  The page
// works without this (reload); with it, each mirror's row turns "acknowledged" as soon as
// its retained state reports the live version.
(function () {
  "use strict";
  var table = document.getElementById("acks");
  if (!table) { return; }
  var version = table.getAttribute("data-version");
  var yes = table.getAttribute("data-ack-yes") || "✓";
  var refused = table.getAttribute("data-ack-refused") || "✗";

  function cell(row, field) { return row.querySelector('[data-field="' + field + '"]'); }

  function update(mirrors) {
    mirrors.forEach(function (m) {
      var row = table.querySelector('tr[data-mirror="' + CSS.escape(m.mirror) + '"]');
      if (!row) { return; }
      cell(row, "catalogue_version").textContent = m.catalogue_version || "–";
      cell(row, "last_error").textContent = m.last_error;
      cell(row, "catalogue_error").textContent = m.catalogue_error;
      var acked = m.status === "online" && !!version && m.catalogue_version.indexOf(version) === 0;
      if (acked && row.getAttribute("data-acknowledged") !== "yes") {
        row.setAttribute("data-acknowledged", "yes");
        cell(row, "ack").textContent = yes;
      } else if (!acked && m.catalogue_error && row.getAttribute("data-acknowledged") === "no") {
        row.setAttribute("data-acknowledged", "refused");  // it kept its catalogue: says why
        cell(row, "ack").textContent = refused;
      }
    });
  }

  function poll() {
    fetch("/manage/mirrors.json", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && data.ok) { update(data.mirrors); }
        if (table.querySelector('tr[data-acknowledged="no"], tr[data-acknowledged="refused"]') || !data) { setTimeout(poll, 1000); }
        else if (data && data.mirrors.length > table.querySelectorAll("tbody tr[data-mirror]").length) { location.reload(); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 500);
}());
