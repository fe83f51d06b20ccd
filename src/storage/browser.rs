//! The only code that calls `window.localStorage` and `navigator.storage` (web-sys; never panics).

use super::{Backend, StorageFailure};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// localStorage of the current window.
pub struct BrowserBackend;

fn storage() -> Result<web_sys::Storage, StorageFailure> {
    let w = web_sys::window().ok_or_else(|| StorageFailure::Unavailable("没有浏览器窗口".into()))?;
    match w.local_storage() {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(StorageFailure::Unavailable("浏览器未提供本地存储".into())),
        Err(e) => Err(StorageFailure::Unavailable(js_error_text(&e))),
    }
}

/// Name/message of a thrown JS error (e.g. "SecurityError: …").
fn js_error_text(e: &JsValue) -> String {
    let get = |k: &str| js_sys::Reflect::get(e, &JsValue::from_str(k)).ok().and_then(|v| v.as_string());
    match (get("name"), get("message")) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        (Some(n), None) => n,
        (None, Some(m)) => m,
        _ => e.as_string().unwrap_or_else(|| "未知错误".into()),
    }
}

fn failure(e: &JsValue) -> StorageFailure {
    let name = js_sys::Reflect::get(e, &JsValue::from_str("name")).ok().and_then(|v| v.as_string());
    match name.as_deref() {
        Some("QuotaExceededError") | Some("NS_ERROR_DOM_QUOTA_REACHED") => StorageFailure::QuotaFull,
        Some("SecurityError") => StorageFailure::Unavailable(js_error_text(e)),
        _ => StorageFailure::Other(js_error_text(e)),
    }
}

impl Backend for BrowserBackend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageFailure> {
        storage()?.get_item(key).map_err(|e| failure(&e))
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageFailure> {
        storage()?.set_item(key, value).map_err(|e| failure(&e))
    }
    fn remove(&self, key: &str) -> Result<(), StorageFailure> {
        storage()?.remove_item(key).map_err(|e| failure(&e))
    }
    fn keys(&self) -> Result<Vec<String>, StorageFailure> {
        let s = storage()?;
        let n = s.length().map_err(|e| failure(&e))?;
        Ok((0..n).filter_map(|i| s.key(i).ok().flatten()).collect())
    }
}

/// Asks the browser to keep our storage (navigator.storage.persist()); `done(Some(granted))` or None
/// when the browser has no such API.
pub fn request_persist(done: impl FnOnce(Option<bool>) + 'static) {
    let Some(w) = web_sys::window() else { return done(None) };
    let nav = w.navigator();
    // navigator.storage is missing on old browsers and on some file:// pages.
    let has = js_sys::Reflect::get(&nav, &JsValue::from_str("storage")).map(|v| !v.is_undefined()).unwrap_or(false);
    if !has {
        return done(None);
    }
    let Ok(promise) = nav.storage().persist() else { return done(None) };
    let promise: JsValue = promise.into();
    // One callback for both outcomes: resolved with true/false, or rejected (reported as None).
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let d2 = done.clone();
    let ok = Closure::once_into_js(move |v: JsValue| {
        if let Some(f) = done.borrow_mut().take() {
            f(v.as_bool())
        }
    });
    let err = Closure::once_into_js(move |_: JsValue| {
        if let Some(f) = d2.borrow_mut().take() {
            f(None)
        }
    });
    // promise.then(ok, err), called untyped so it works with every js-sys Promise signature.
    if let Ok(then) = js_sys::Reflect::get(&promise, &JsValue::from_str("then")) {
        if let Ok(f) = then.dyn_into::<js_sys::Function>() {
            let _ = f.call2(&promise, &ok, &err);
        }
    }
}

/// True when the page is being hidden (tab switched, window minimised, closing).
pub fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
        .unwrap_or(false)
}

/// `n` random bytes from `crypto.getRandomValues` (every supported browser has it); should it be missing,
/// from `Math.random` and the clock.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let arr = js_sys::Uint8Array::new_with_length(n as u32);
    let filled = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(w.as_ref(), &JsValue::from_str("crypto")).ok())
        .and_then(|c| {
            let f = js_sys::Reflect::get(&c, &JsValue::from_str("getRandomValues")).ok()?.dyn_into::<js_sys::Function>().ok()?;
            f.call1(&c, &arr).ok()
        })
        .is_some();
    let mut v = arr.to_vec();
    if !filled {
        let t = js_sys::Date::now() as u64;
        for (i, b) in v.iter_mut().enumerate() {
            *b = ((js_sys::Math::random() * 256.0) as u8) ^ (t >> (8 * (i % 8))) as u8;
        }
    }
    v
}
