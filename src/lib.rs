//! nianbao: the browser app — the 政府信息公开工作年度报告 form that checks every entry as it is typed.
//!
//! The app is a yew single-page app compiled to wasm (Trunk builds it; `index.html` holds the mount
//! element `#nianbao-app`). The report itself — template, draft, edits, checking, JSON and HTML — lives
//! in `nianbao-core`; this crate only draws it and turns what the user does into core [`Edit`]s.
//!
//! - [`state`]: the one reducer: the draft, its findings, undo/redo, the mode flags.
//! - [`instance`]: one running form: where it is drawn, its options, the report it starts from.
//! - [`components`]: one yew component per file; they render and dispatch, nothing else.
//! - [`browser`]: every call into the browser (storage, files, downloads, clock, shadow roots,
//!   events, offline copies, panic screen).
//! - [`api`]: the JavaScript API (`window.nianbao`) for pages that embed the form.
//! - [`drafts`]: how drafts are kept in local storage (pure, host-tested).
//! - [`style`]: the stylesheet as used in a shadow root (pure, host-tested).
//! - [`ids`]: the DOM ids the end-to-end tests rely on.
//!
//! Everything that touches the browser is compiled for `wasm32` only: on the host this crate is just
//! its two pure modules, so `cargo test` at the workspace root stays fast and never builds yew.
//!
//! [`Edit`]: nianbao_core::Edit
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
pub mod drafts;
pub mod grid;
#[cfg(target_arch = "wasm32")]
pub mod ids;
#[cfg(target_arch = "wasm32")]
pub mod instance;
#[cfg(target_arch = "wasm32")]
pub mod state;
pub mod style;

#[cfg(target_arch = "wasm32")]
pub use entry::{mount_into, start, Mounted};

#[cfg(target_arch = "wasm32")]
mod entry {
    //! Starting the app: the wasm entry point and the mount function the component tests use.

    use std::rc::Rc;

    use wasm_bindgen::prelude::wasm_bindgen;
    use yew::AppHandle;

    use crate::browser::{self, PristinePage};
    use crate::components::app::{App, AppProps};
    use crate::instance::{self, Options, Place, Setup};

    /// The element `index.html` provides for the app. yew clears the element it mounts on, so the
    /// app never mounts on `<body>` (that would delete the page's own scripts from the live DOM).
    pub const MOUNT_ID: &str = "nianbao-app";

    /// The wasm entry point, run when the module is instantiated: the JS API for embedding pages,
    /// then the page's own form if the page has the mount element (index.html, the single file).
    #[wasm_bindgen(start)]
    pub fn start() {
        crate::api::register();
        // The component-test harness instantiates this module too, on a page without the mount
        // element: there the tests mount the app themselves and keep their own panic reporting.
        // Embedding pages have no such element either.
        let Some(root) = browser::element_by_id(MOUNT_ID) else {
            return;
        };
        // First, before anything can panic: a panic must never leave a blank or frozen page.
        crate::api::install_panic_hook();
        // The page as loaded, before the form is drawn in it: an offline copy is this page again.
        let offline = PristinePage::capture(MOUNT_ID);
        // The form's stylesheet (not in the page: compiled into the wasm), before it is drawn.
        browser::style_page();
        // The app lives as long as the page.
        std::mem::forget(mount(root, Place::Page { offline }));
    }

    /// A mounted app.
    pub struct Mounted {
        app: AppHandle<App>,
        setup: Rc<Setup>,
    }

    impl Mounted {
        /// Removes the app from its element (tests mount a fresh app for each case).
        pub fn unmount(self) {
            self.setup.bridge.close();
            self.app.destroy();
        }
    }

    /// Mounts the page's own form into `element`, which yew clears first.
    pub fn mount_into(element: web_sys::Element) -> Mounted {
        mount(element, Place::Page { offline: None })
    }

    fn mount(element: web_sys::Element, place: Place) -> Mounted {
        let setup = instance::create(element.clone(), place, Options::default());
        let app = yew::Renderer::<App>::with_root_and_props(
            element,
            AppProps {
                setup: setup.clone(),
            },
        )
        .render();
        Mounted { app, setup }
    }
}
