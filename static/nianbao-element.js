// nianbao: the <nianbao-report> custom element, a thin shell over window.nianbao.mount (src/api.rs).
//
// Why a JavaScript file: a custom element needs a class that extends HTMLElement. Wasm cannot make one
// without eval or `new Function` (both forbidden by a strict Content-Security-Policy), and a
// wasm-bindgen JS snippet would be a separate file the single-file build cannot carry. So the class is
// this file, and everything it does is a call into the JS API: the form, its shadow root, its
// stylesheet and its events all come from the wasm.
//
// Both builds carry this one file: the single file as an inline classic script (index.html, Trunk
// rel="inline"), the portal build at the end of its loader module (xtask/src/portal.rs). The element is
// defined once window.nianbao exists: at once, or on the "nianbao-ready" event.
//
// Keep out of this file the two sequences that would end or confuse an inline script: a closing script
// tag and the HTML comment opener (the single-file bundler refuses them).
(function () {
  "use strict";
  var NAME = "nianbao-report";
  var ATTRIBUTES = ["report", "agency", "year", "fixed", "autosave", "autosave-prefix", "readonly", "hide", "submit"];

  // Boolean attributes as HTML has them (present means on), plus an explicit "off" or "false".
  function flag(value) {
    return !/^(off|false|no|0)$/i.test(value);
  }

  // The attributes as mount() options; mount() checks the values and says what is wrong.
  function options(el) {
    var o = {};
    if (el.hasAttribute("report")) o.report = el.getAttribute("report");
    if (el.hasAttribute("agency")) o.agency = el.getAttribute("agency");
    if (el.hasAttribute("year")) o.year = el.getAttribute("year");
    if (el.hasAttribute("fixed")) o.fixed = flag(el.getAttribute("fixed"));
    if (el.hasAttribute("readonly")) o.readOnly = flag(el.getAttribute("readonly"));
    if (el.hasAttribute("autosave")) o.autosave = flag(el.getAttribute("autosave"));
    if (el.hasAttribute("autosave-prefix")) o.autosavePrefix = el.getAttribute("autosave-prefix");
    if (el.hasAttribute("hide")) o.hide = el.getAttribute("hide");
    if (el.hasAttribute("submit")) o.submit = el.getAttribute("submit");
    return o;
  }

  function define() {
    if (!window.customElements || !window.nianbao || customElements.get(NAME)) return;

    class NianbaoReport extends HTMLElement {
      static get observedAttributes() {
        return ATTRIBUTES;
      }

      connectedCallback() {
        if (!this._handle) this._mount(null);
      }

      disconnectedCallback() {
        // Moving the element is a disconnect and a connect in one task: the form stays then.
        var el = this;
        Promise.resolve().then(function () {
          if (!el.isConnected) el._unmount();
        });
      }

      attributeChangedCallback(name, before, after) {
        if (!this._handle || before === after) return;
        // A form with the new options, showing the report as it is now (unless the report itself
        // was replaced).
        var keep = name === "report" ? null : this._handle.toJSON();
        this._unmount();
        this._mount(keep);
      }

      _mount(report) {
        var o = options(this);
        if (report !== null) o.report = report;
        try {
          this._handle = window.nianbao.mount(this, o);
        } catch (error) {
          // An attribute the API refuses: there is no caller to throw to, so say it as an event.
          this._handle = null;
          console.error(error);
          this.dispatchEvent(
            new CustomEvent("report-error", {
              bubbles: true,
              composed: true,
              detail: { message: error.message, code: error.code },
            })
          );
        }
      }

      _unmount() {
        if (this._handle) {
          this._handle.destroy();
          this._handle = null;
        }
      }

      _call(method, argument) {
        if (!this._handle) {
          throw new Error(
            "这个 nianbao-report 元素中没有表单（尚未加载，或属性有误）。（nianbao: the element holds no form）"
          );
        }
        return this._handle[method](argument);
      }

      // The handle's methods, on the element itself.
      getReport() {
        return this._call("getReport");
      }
      setReport(report) {
        return this._call("setReport", report);
      }
      getLastYear() {
        return this._call("getLastYear");
      }
      setLastYear(report) {
        return this._call("setLastYear", report);
      }
      validate() {
        return this._call("validate");
      }
      toJSON() {
        return this._call("toJSON");
      }
      toHTML() {
        return this._call("toHTML");
      }
      importReport(input) {
        return this._call("importReport", input);
      }
      toDOCX() {
        return this._call("toDOCX");
      }
      copyForEditor() {
        return this._call("copyForEditor");
      }
      submit() {
        return this._call("submit");
      }
      get handle() {
        return this._handle || null;
      }
    }

    customElements.define(NAME, NianbaoReport);
  }

  if (window.nianbao) define();
  else window.addEventListener("nianbao-ready", define);
})();
