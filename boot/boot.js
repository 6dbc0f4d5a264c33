/*! nianbao boot check: says, in the page and in Chinese, why the app cannot start here. */
/*
 * A classic script in ES5 (no let/const, arrow functions, template strings, …): it must run where the
 * app cannot — the IE kernel of 360/QQ/搜狗 dual-engine browsers in 兼容模式, browsers without
 * WebAssembly or module scripts — to replace the static "starting" box (#nianbao-boot, inside the
 * app's mount element; yew clears it when the app mounts) with a diagnosis and what to do.
 * It is an external file in the multi-file builds (a Content-Security-Policy forbids inline scripts
 * there) and inlined by xtask/src/bundle.rs in the single file. The portal build ships it as
 * nianbao-boot.js (xtask/src/portal.rs): there the host page places the #nianbao-boot box itself, beside
 * the forms, and the loader (nianbao.js) calls started() or fail().
 *
 * The app's loader calls window.nianbaoBoot.fail(error) when instantiating the wasm fails (e.g.
 * `CompileError: … invalid value type 'externref'` in an old Chromium), and a page error before the
 * app has started (a SyntaxError in the module script of an old browser) is shown the same way.
 */
(function (w, d) {
  var started = false;
  var pending = null;

  // A wasm module that uses every post-MVP feature the app is built with (sign-ext, nontrapping
  // float-to-int, bulk memory, an exported mutable global). Checked byte for byte in xtask's tests.
  var FEATURES_WASM = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x03, 0x02, 0x01, 0x00,
    0x05, 0x03, 0x01, 0x00, 0x01,
    0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b,
    0x07, 0x05, 0x01, 0x01, 0x67, 0x03, 0x00,
    0x0a, 0x19, 0x01, 0x17, 0x00,
    0x41, 0x00, 0xc0, 0x1a,
    0x43, 0x00, 0x00, 0x00, 0x00, 0xfc, 0x00, 0x1a,
    0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x00,
    0x0b
  ];

  var NEWER = '请使用较新版本的浏览器打开本工具，例如新版 Chrome、Edge、Firefox，或 360 安全浏览器、' +
    'QQ 浏览器的“极速模式”，以及较新版本的国产（信创）浏览器。';
  var COMPAT = '本页面正在以“兼容模式”（IE 内核）打开，本工具无法在兼容模式下运行。请切换到极速模式：' +
    '点击地址栏右侧的“闪电”或“e”图标，选择“极速模式”，然后刷新页面。也可以换用新版 Chrome、Edge、Firefox 打开。';

  function escapeHtml(text) {
    // Element content only (never an attribute value): &, < and > are all that need escaping.
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  function box() {
    return d.getElementById('nianbao-boot');
  }

  function render(problem) {
    var el = box();
    // No box: the app is already mounted (yew cleared it), or a page that embeds the app otherwise.
    // A panic screen (#nb-crash) already says what happened and what to do.
    if (!el || started || d.getElementById('nb-crash')) {
      return;
    }
    var html = '<h1 class="nb-boot-title">' + escapeHtml(problem.title) + '</h1>' +
      '<p class="nb-boot-advice">' + escapeHtml(problem.advice) + '</p>';
    if (problem.detail) {
      html += '<p class="nb-boot-detail">技术信息（可提供给技术人员）：<code>' +
        escapeHtml(problem.detail) + '</code></p>';
    }
    el.innerHTML = html;
    el.className = 'nb-boot nb-boot-failed';
    el.setAttribute('role', 'alert');
  }

  function show(problem) {
    if (started) {
      return;
    }
    if (box()) {
      render(problem);
    } else {
      // Before the body is parsed: shown on DOMContentLoaded.
      pending = problem;
    }
  }

  function describe(error) {
    if (error && error.name && error.message) {
      return error.name + ': ' + error.message;
    }
    return String(error);
  }

  // What a start-up error means for the user.
  function diagnose(error) {
    var detail = describe(error);
    // First: a policy that forbids compiling WebAssembly is also a CompileError ("Wasm code
    // generation disallowed by embedder" in Chromium before 97, which does not know 'wasm-unsafe-eval').
    if (/unsafe-eval|Content.Security.Policy|CSP|disallowed by embedder|code generation/i.test(detail)) {
      return {
        title: '网站的安全设置阻止了本工具运行',
        advice: '网页的安全策略（CSP）不允许运行 WebAssembly。请联系网站管理员：Content-Security-Policy 的 ' +
          'script-src 须含有 \'wasm-unsafe-eval\'（Chromium 97 以前的浏览器，包括部分国产信创浏览器，须改用 ' +
          '\'unsafe-eval\'）。也可以换用新版 Chrome、Edge、Firefox 打开本页，或下载单文件版本在本地打开。',
        detail: detail
      };
    }
    if (/externref|reftypes|reference.types|invalid value type|CompileError|LinkError/i.test(detail)) {
      return {
        title: '浏览器版本过旧，无法运行本工具',
        advice: '这个浏览器的 WebAssembly 功能版本过旧（常见于基于旧版 Chromium 的浏览器）。' + NEWER,
        detail: detail
      };
    }
    if (/SyntaxError/.test(detail)) {
      return {
        title: '浏览器版本过旧，无法运行本工具',
        advice: '这个浏览器不支持本工具使用的 JavaScript 语法。' + NEWER,
        detail: detail
      };
    }
    return {
      title: '填报工具启动失败',
      advice: '请刷新页面重试。如果仍然失败：' + NEWER,
      detail: detail
    };
  }

  // The checks that need no module script: what an IE kernel or a very old browser lacks.
  function check() {
    var ua = w.navigator ? String(w.navigator.userAgent) : '';
    if (d.documentMode || /MSIE |Trident\//.test(ua)) {
      return { title: '请切换到极速模式', advice: COMPAT, detail: ua };
    }
    if (typeof w.WebAssembly !== 'object' || typeof w.WebAssembly.instantiate !== 'function') {
      return {
        title: '此浏览器不能运行 WebAssembly，无法使用本工具',
        advice: '本工具需要浏览器的 WebAssembly 功能，这个浏览器没有提供（可能是版本过旧，或被单位的安全设置关闭）。' +
          NEWER + ' 如果浏览器由单位统一配置，请联系信息技术人员开启 WebAssembly。',
        detail: ua
      };
    }
    if (!('noModule' in d.createElement('script'))) {
      return { title: '浏览器版本过旧，无法运行本工具', advice: NEWER, detail: ua };
    }
    try {
      if (typeof Uint8Array === 'function' && !w.WebAssembly.validate(new Uint8Array(FEATURES_WASM))) {
        return {
          title: '浏览器版本过旧，无法运行本工具',
          advice: '这个浏览器的 WebAssembly 功能版本过旧（缺少 bulk memory 等功能）。' + NEWER,
          detail: ua
        };
      }
    } catch (e) {
      // validate() itself unavailable or refused: let the real start decide.
    }
    return null;
  }

  // Whether a page error comes from the app's scripts: the page's inline ones (the single file) or
  // a nianbao*.js file. A portal page's own scripts (host.js, a statistics script) may fail without
  // the form being concerned.
  function ours(event) {
    var file = String(event.filename || '');
    var page = String(w.location.href).split('#')[0];
    return !file || file.split('#')[0] === page || /nianbao[^\/]*\.js/.test(file);
  }

  // A page saved with the browser's “另存为” after the form was drawn holds that form, dead until the
  // app starts again (and for good where it cannot): its start-up box comes back instead, from the
  // mount element's data-nb-placeholder attribute (kept there by the app, src/browser.rs), so the
  // copy starts like the original page and can say why it cannot start. Until then boot.css hides
  // the dead form (html.nb-starting), so nobody types into it.
  function restorePlaceholder() {
    var mount = d.getElementById('nianbao-app');
    var placeholder = mount && mount.getAttribute('data-nb-placeholder');
    if (!started && placeholder && !box()) {
      mount.innerHTML = placeholder;
    }
  }

  function starting(on) {
    var root = d.documentElement;
    var rest = (' ' + root.className + ' ').replace(' nb-starting ', ' ');
    root.className = (rest + (on ? ' nb-starting' : '')).replace(/^\s+|\s+$/g, '');
  }
  starting(true);

  function onReady() {
    restorePlaceholder();
    var problem = check();
    if (problem) {
      show(problem);
    } else if (pending) {
      show(pending);
    }
  }

  w.nianbaoBoot = {
    /** Called by the loader when instantiating the app fails. */
    fail: function (error) {
      // What the browser lacks (no WebAssembly, an IE kernel) is the better explanation of a failure.
      show(check() || diagnose(error));
    },
    /** Called when the app has started (also on the TrunkApplicationStarted event). */
    started: function () {
      started = true;
      starting(false);
      var el = box();
      // Taken out rather than hidden: a host page's stylesheet may override [hidden].
      if (el && el.parentNode) {
        el.parentNode.removeChild(el);
      }
    },
    diagnose: diagnose,
    check: check
  };

  if (w.addEventListener) {
    // An error before the app started is a start-up failure: a module script the browser cannot
    // parse, or the loader's rejected promise.
    w.addEventListener('error', function (event) {
      if (!started && event && (event.error || event.message) && ours(event)) {
        show(check() || diagnose(event.error || event.message));
      }
    });
    w.addEventListener('unhandledrejection', function (event) {
      if (!started && event) {
        show(check() || diagnose(event.reason));
      }
    });
    w.addEventListener('TrunkApplicationStarted', function () {
      w.nianbaoBoot.started();
    });
  }
  if (d.readyState === 'loading' && d.addEventListener) {
    d.addEventListener('DOMContentLoaded', onReady);
  } else if (d.readyState === 'loading' && d.attachEvent) {
    // IE 8 and older (document modes of 360's 兼容模式).
    d.attachEvent('onreadystatechange', function () {
      if (d.readyState === 'complete') {
        onReady();
      }
    });
  } else {
    onReady();
  }
}(window, document));
