// nianbao: where the app finds its import module (the readers of web pages, Word files and text,
// loaded the first time someone imports a report; src/browser.rs calls window.nianbaoImportModule).
//
// This is the served build's way (scripts/run.sh serves target/dist-release/, where
// `cargo xtask dist` writes nianbao-import.wasm beside index.html): fetch the file next to the page.
// The single file replaces it with its own (the module travels packed in the page: file:// forbids
// fetching), and the portal build defines its own in nianbao.js (a hashed file next to that script).
// ES5 and a classic script, as boot.js: it must not stop an old browser from showing why the form
// cannot start.
(function () {
  if (window.nianbaoImportModule) return;
  window.nianbaoImportModule = function () {
    return fetch("nianbao-import.wasm").then(function (response) {
      if (!response.ok) throw new Error("nianbao-import.wasm: HTTP " + response.status);
      return response.arrayBuffer();
    });
  };
})();
