//! nianbao: the browser app — the 政府信息公开工作年度报告 form that checks every entry as it is typed.
//!
//! The app is a yew single-page app compiled to wasm (Trunk builds it; `index.html` holds the mount
//! element `#nianbao-app`). The report itself — template, draft, edits, checking, JSON and HTML — lives
//! in `nianbao-core`; this crate only draws it and turns what the user does into core [`Edit`]s.
//!
//! - [`state`]: the one reducer: the draft, its findings, undo/redo, the mode flags.
//! - [`components`]: one yew component per file; they render and dispatch, nothing else.
//! - [`browser`]: every call into the browser (storage, files, downloads, clock, panic screen).
//! - [`ids`]: the DOM ids the end-to-end tests rely on.
//!
//! Everything is compiled for `wasm32` only: on the host this crate is empty, so `cargo test` at the
//! workspace root stays fast and never builds yew.
//!
//! [`Edit`]: nianbao_core::Edit

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod ids;
#[cfg(target_arch = "wasm32")]
pub mod state;

#[cfg(target_arch = "wasm32")]
pub use entry::{mount_into, start, Mounted};

#[cfg(target_arch = "wasm32")]
mod entry {
    //! Starting the app: the wasm entry point and the mount function the component tests use.

    use wasm_bindgen::prelude::wasm_bindgen;
    use yew::AppHandle;

    use crate::browser;
    use crate::components::app::App;

    /// The element `index.html` provides for the app. yew clears the element it mounts on, so the
    /// app never mounts on `<body>` (that would delete the page's own scripts from the live DOM).
    pub const MOUNT_ID: &str = "nianbao-app";

    /// The wasm entry point, run when the module is instantiated.
    #[wasm_bindgen(start)]
    pub fn start() {
        // The component-test harness instantiates this module too, on a page without the mount
        // element: there the tests mount the app themselves and keep their own panic reporting.
        let Some(root) = browser::element_by_id(MOUNT_ID) else {
            return;
        };
        // First, before anything can panic: a panic must never leave a blank or frozen page.
        browser::install_panic_hook();
        // The app lives as long as the page.
        std::mem::forget(mount_into(root));
    }

    /// A mounted app.
    pub struct Mounted(AppHandle<App>);

    impl Mounted {
        /// Removes the app from its element (tests mount a fresh app for each case).
        pub fn unmount(self) {
            self.0.destroy();
        }
    }

    /// Mounts the app into `element`, which yew clears first.
    pub fn mount_into(element: web_sys::Element) -> Mounted {
        Mounted(yew::Renderer::<App>::with_root(element).render())
    }
}
