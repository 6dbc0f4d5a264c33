// nianbao example: the portal's own script. It uses the form's JavaScript API (window.nianbao) and
// listens to the form's events; an external file, as a strict Content-Security-Policy requires.

// window.nianbao is there once the form's module has started ("nianbao-ready" says so).
function whenReady(go) {
  if (window.nianbao) go();
  else window.addEventListener("nianbao-ready", go, { once: true });
}

// Every event the forms send bubbles up to the document (they are composed: they leave the shadow root).
const log = document.getElementById("event-log");
for (const name of ["report-change", "report-validate", "report-export"]) {
  document.addEventListener(name, (event) => {
    const row = document.createElement("tr");
    const detail = event.detail || {};
    const summary =
      name === "report-change"
        ? `机关名称：${detail.report.header.agency || "（未填）"}`
        : name === "report-validate"
          ? `错误 ${detail.errors} 处，提示 ${detail.warnings} 处`
          : `${detail.format}：${detail.fileName}`;
    for (const text of [new Date().toLocaleTimeString(), event.target.id, name, summary]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.appendChild(cell);
    }
    log.prepend(row);
    while (log.rows.length > 12) log.lastElementChild.remove();
  });
}

whenReady(() => {
  // The second form, through the API.
  let options = { autosavePrefix: "portal-b" };
  let handle = window.nianbao.mount("#report-b", options);

  document.getElementById("load-b").addEventListener("click", () => {
    const report = handle.getReport();
    report.header.agency = "某某县某某局";
    report.header.year = "2024";
    handle.setReport(report);
  });

  document.getElementById("readonly-b").addEventListener("click", () => {
    // Options are fixed at mount: mount again, with the report as it is now.
    const report = handle.toJSON();
    handle.destroy();
    options = { ...options, readOnly: !options.readOnly, report };
    handle = window.nianbao.mount("#report-b", options);
  });

  // The first form is the element: its methods are on the element.
  document.getElementById("submit-a").addEventListener("click", () => {
    const element = document.getElementById("report-a");
    const findings = element.validate();
    const errors = findings.filter((f) => f.severity === "error");
    if (errors.length > 0) {
      alert(`还有 ${errors.length} 处错误，请先改正。第一处：${errors[0].message}`);
      return;
    }
    // A real portal would now send element.toJSON() (and element.toHTML()) to its server.
    alert("报告已检查通过，可以提交。");
  });
});
