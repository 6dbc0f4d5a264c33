// nianbao example: the portal's own script. It uses the form's JavaScript API (window.nianbao) and
// listens to the form's events; an external file, as a strict Content-Security-Policy requires.

// window.nianbao is there once the form's module has started ("nianbao-ready" says so).
function whenReady(go) {
  if (window.nianbao) go();
  else window.addEventListener("nianbao-ready", go, { once: true });
}

// Every event the forms send bubbles up to the document (they are composed: they leave the shadow root).
const log = document.getElementById("event-log");
for (const name of ["report-change", "report-validate", "report-export", "report-submit"]) {
  document.addEventListener(name, (event) => {
    const row = document.createElement("tr");
    const detail = event.detail || {};
    const summary =
      name === "report-change"
        ? `机关名称：${detail.report.header.agency || "（未填）"}`
        : name === "report-validate" || name === "report-submit"
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

// 提交: the form hands the report over (report-submit, after its own check and, with errors left,
// the user's “仍然提交”); the portal sends it to its server with its CSRF token. The server must
// check the JSON again (README, 部署说明).
const status = document.getElementById("submit-status");
document.addEventListener("report-submit", async (event) => {
  status.textContent = "正在提交……";
  try {
    const response = await fetch("/nianbao/submit", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json;charset=utf-8",
        "X-CSRF-Token": document.querySelector('meta[name="csrf-token"]').content,
      },
      body: event.detail.json,
    });
    if (!response.ok) throw new Error(`服务器答复 ${response.status}`);
    status.textContent = "已提交到本网站。";
  } catch (error) {
    // The form keeps the report (and its draft): the user can try again.
    status.textContent = `提交没有成功（${error.message}），报告仍在表单中，请稍后再试。`;
  }
});

whenReady(() => {
  // The second form, through the API: the portal collects it, so no downloads, and its own 提交.
  let options = { autosavePrefix: "portal-b", hide: ["download", "drafts"], submit: "提交到本网站" };
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
