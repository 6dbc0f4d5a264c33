// The benchmark's peer page (written by xtask/src/peer.rs): the report form as a SurveyJS survey.
// It builds the model from the survey JSON that peer.rs generated from the template, renders it
// into #nb-peer and exposes, for `cargo xtask bench`:
//
//   window.nbPeer.survey          the SurveyJS model
//   window.nbPeer.load(doc)       sets the survey's data from one of our report documents
//                                 (docs/json-format.md); returns nothing
//   window.nbPeer.cell(t, r, c)   the <input> of cell (r, c) of table t (tables numbered as
//                                 Template::tables() numbers them); null for a computed cell
(function () {
  "use strict";
  var json = JSON.parse(document.getElementById("nb-peer-survey").textContent);
  var meta = JSON.parse(document.getElementById("nb-peer-meta").textContent);

  // The sum of entries that are all counts (digits, or the numbers of computed cells); empty
  // while one is blank or not a number, so that a rule waits until its cells hold numbers (as
  // ours does).
  Survey.FunctionFactory.Instance.register("nbsum", function (params) {
    var total = 0;
    for (var i = 0; i < params.length; i++) {
      var v = params[i];
      if (typeof v === "number" && isFinite(v)) total += v;
      else if (typeof v === "string" && /^[0-9]+$/.test(v)) total += Number(v);
      else return null;
    }
    return total;
  });
  // Whether two sums agree; true while either is empty (the rule waits).
  Survey.FunctionFactory.Instance.register("nbsame", function (params) {
    var a = params[0], b = params[1];
    return a === null || a === undefined || b === null || b === undefined || a === b;
  });

  // Single computed cells (H2's total row): SurveyJS's JSON gives cell types per column only.
  function computed(o) {
    var table = meta.cells[o.question.name];
    var row = table && table[o.row.rowName];
    return (row && row[o.columnName]) || null;
  }

  var survey = new Survey.Model();
  survey.onMatrixCellCreating.add(function (_, o) {
    if (computed(o)) o.cellType = "expression";
  });
  survey.onMatrixCellCreated.add(function (_, o) {
    var expression = computed(o);
    if (expression) o.cellQuestion.expression = expression;
  });
  survey.fromJSON(json);

  function load(doc) {
    var data = {};
    function put(name, value) {
      if (value !== null && value !== undefined && value !== "") data[name] = value;
    }
    Object.keys(meta.header).forEach(function (key) {
      put(meta.header[key], doc.header[key]);
    });
    if (typeof doc.preamble === "string") put(meta.preamble, doc.preamble);
    meta.texts.forEach(function (id) {
      put(id, doc.texts[id]);
    });
    meta.tables.forEach(function (table) {
      var value = {};
      (doc.tables[table.id] || []).forEach(function (cells, r) {
        var row = {};
        cells.forEach(function (entry, c) {
          if (entry !== null && entry !== "") row[table.columns[c]] = String(entry);
        });
        if (Object.keys(row).length) value[table.rows[r]] = row;
      });
      put(table.id, value);
    });
    if (doc.fee) {
      if (typeof doc.fee.charged === "boolean") data[meta.fee.charged] = doc.fee.charged;
      put(meta.fee.amount, doc.fee.amount);
      put(meta.fee.note, doc.fee.note);
    }
    // A fresh survey, then the document: without a preamble of its own, the usual one keeps
    // following the header (its default value expression), as a freshly opened page does.
    survey.clear(true, true);
    survey.mergeData(data);
  }

  function cell(t, r, c) {
    var table = meta.tables[t];
    if (!table) return null;
    var question = survey.getQuestionByName(table.id);
    var rows = question.visibleRows;
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].rowName !== table.rows[r]) continue;
      var q = rows[i].getQuestionByColumnName(table.columns[c]);
      var input = q && document.getElementById(q.inputId);
      return input && input.tagName === "INPUT" ? input : null;
    }
    return null;
  }

  window.nbPeer = { survey: survey, load: load, cell: cell };
  SurveyUI.renderSurvey(survey, document.getElementById("nb-peer"));
})();
